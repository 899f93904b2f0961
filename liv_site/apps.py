from django.apps import AppConfig


class LivSiteConfig(AppConfig):
    name = "liv_site"
    verbose_name = "Liv site"

    def ready(self):
        # Connects the receivers that keep the page cache exact.
        from . import page_cache_signals  # noqa: F401
