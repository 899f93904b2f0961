from django.apps import AppConfig


class WebsiteConfig(AppConfig):
    """The site-wide pages (home, search, legal pages, robots.txt, the
    health check, uploads on a single server), the layout's header topics
    and language links, and the demo content."""

    name = "website"
    verbose_name = "Website"

    def ready(self):
        # Subscribes the header's topics to articles_changed.
        from . import navigation  # noqa: F401
