"""The framework's ceiling for `make bench`: a Django view returning a fixed
string, with no middleware, served by the same gunicorn configuration as the
site. Pages are compared to it as a ratio, which carries across machines.

    gunicorn -c gunicorn.conf.py bench.ceiling:application
"""

from django.conf import settings
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-ceiling-has-no-secrets",
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)


def fixed(request):
    return HttpResponse("Hello from Django.", content_type="text/plain")


urlpatterns = [path("", fixed)]

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
