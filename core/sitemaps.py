from django.contrib.sitemaps import Sitemap

from core import alternates
from core.origin import absolute_url


class AlternatesSitemap(Sitemap):
    """Adds each URL's ``hreflang`` alternates (with x-default), from
    ``core.alternates``, the module the pages' ``<head>`` uses too."""

    def item_alternates(self, item, location):
        return alternates.for_path(location)

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
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
