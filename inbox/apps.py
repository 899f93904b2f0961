from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboxConfig(AppConfig):
    """Each staff member's editorial work: the admin home's lists and the
    emails about it."""

    name = "inbox"
    verbose_name = _("Staff notifications")

    def ready(self):
        # Connects the receiver of the workflow's steps.
        from . import notifications  # noqa: F401
