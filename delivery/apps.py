from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    """How visitors' pages are sent: the page cache (and its WSGI
    shortcut), its exact invalidation, compression, ETags and security
    headers, reads from a replica."""

    name = "delivery"
    verbose_name = "Page delivery"

    def ready(self):
        # Connects the receivers that keep the page cache exact.
        from . import invalidation  # noqa: F401
