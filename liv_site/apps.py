from django.apps import AppConfig


class LivSiteConfig(AppConfig):
    name = "liv_site"
    verbose_name = "Liv site"

    def ready(self):
        # Registers the deploy checks (manage.py check --deploy) and connects
        # the receivers that keep the page cache exact.
        from . import checks, page_cache_signals  # noqa: F401
