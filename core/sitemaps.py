from django.conf import settings
from django.contrib.sitemaps import Sitemap

from core import alternates
from core.origin import absolute_url


class AlternatesSitemap(Sitemap):
    """Adds each URL's ``hreflang`` alternates (with x-default), from
    ``core.alternates``, the module the pages' ``<head>`` uses too."""

    @property
    def limit(self):
        """URLs a sitemap (or a page of a section's) may list: 50,000 by
        the protocol; smaller in tests."""
        return settings.SITEMAP_URL_LIMIT

    def item_alternates(self, item, location):
        return alternates.for_path(location)

    def prepare_alternates(self, items):
        """Called with the items of the page being written, first."""

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        self.prepare_alternates([url["item"] for url in urls])
        base = f"{protocol}://{domain}"
        for url in urls:
            path = url["location"].removeprefix(base)
            # The page's own links (canonical, hreflang) are written alike.
            url["location"] = absolute_url(base, path)
            url["alternates"] = [
                {"lang_code": code, "location": location}
                for code, location in alternates.absolute(
                    base, self.item_alternates(url["item"], path)
                )
            ]
        return urls
