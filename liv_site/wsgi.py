import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liv_site.settings")

django_application = get_wsgi_application()

from delivery.page_cache import StoredPagesFirst  # noqa: E402 (needs the app set up)

# Stored pages are sent before Django's handler runs (delivery.page_cache).
application = StoredPagesFirst(django_application)
