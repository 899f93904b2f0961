from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = _("Newsletter")

    def ready(self):
        # Connects the receivers of anymail's tracking signal and of
        # subscriber erasure.
        from . import bounces, erasure  # noqa: F401
