"""``/sitemap.xml``: one sitemap of every page while they fit in one
(``SITEMAP_URL_LIMIT``, the protocol's 50,000), else a sitemap index of
the sections' sitemaps, ``/sitemap-<section>.xml``, each in pages
(``?p=2``…) of that many. Either way each URL carries its ``hreflang``
alternates, and every one of them is a cached page (delivery.page_cache).
"""

from django.conf import settings
from django.contrib.sitemaps import views

from articles.sitemaps import ArticleSitemap, CategorySitemap, SectionSitemap
from faq.sitemaps import FaqPageSitemap

SECTIONS = {
    "sections": SectionSitemap,
    "articles": ArticleSitemap,
    "categories": CategorySitemap,
    "faq": FaqPageSitemap,
}


def sitemap(request):
    if url_count() <= settings.SITEMAP_URL_LIMIT:
        return views.sitemap(request, SECTIONS)
    return views.index(request, SECTIONS, sitemap_url_name="sitemap_section")


def section(request, section):
    """One section's sitemap, or a page of it (``?p=N``); a 404 for a
    section or page that doesn't exist."""
    return views.sitemap(request, SECTIONS, section=section)


def url_count():
    """How many URLs the sitemap lists: a count each (the articles' one
    query), not the URLs themselves."""
    return sum(sitemap().paginator.count for sitemap in SECTIONS.values())
