from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RedirectsConfig(AppConfig):
    name = "redirects"
    verbose_name = _("Redirects")

    def ready(self):
        # Old addresses of pages that move keep working.
        from . import receivers  # noqa: F401
