from django.conf import settings
from django.db.models import Max
from django.urls import reverse
from django.utils import translation

from core import alternates
from core.sitemaps import AlternatesSitemap

from .models import Article, Category, page_path


class ArticleSitemap(AlternatesSitemap):
    """Every published article, in whichever language it is written, with
    its published translations as alternates; not those kept out of search
    engines, nor those whose canonical address is elsewhere (a sitemap
    lists canonical pages only)."""

    changefreq = "monthly"

    def items(self):
        # A page of them at a time (LIMIT and OFFSET), each with only what
        # its URL and lastmod need: a site may have hundreds of thousands.
        return (
            self._listed()
            .only("language", "slug", "translation_group", "updated_at")
            .order_by("language", "pk")
        )

    def _listed(self):
        return Article.objects.published().filter(noindex=False, canonical_url="")

    def prepare_alternates(self, articles):
        # One query for the translations of the page's articles.
        groups = {article.translation_group for article in articles}
        self._group_paths = {}
        for group, language, slug in (
            self._listed()
            .filter(translation_group__in=groups)
            .values_list("translation_group", "language", "slug")
        ):
            self._group_paths.setdefault(group, {})[language] = page_path(
                "articles:detail", language, slug
            )

    def item_alternates(self, article, location):
        return alternates.for_article(self._group_paths[article.translation_group])

    def lastmod(self, article):
        return article.updated_at

    def get_latest_lastmod(self):
        # For the sitemap index, without reading every article.
        return self._listed().aggregate(latest=Max("updated_at"))["latest"]


class CategorySitemap(AlternatesSitemap):
    """Each category page, in each language that has articles in it."""

    changefreq = "weekly"

    def items(self):
        return [
            (language, category)
            for language, _name in settings.LANGUAGES
            for category in Category.objects.with_published_articles(language)
        ]

    def location(self, item):
        language, category = item
        with translation.override(language):
            return category.get_absolute_url()

    def lastmod(self, item):
        return item[1].last_updated


class SectionSitemap(AlternatesSitemap):
    """The home page and the article list of each language."""

    changefreq = "daily"

    def items(self):
        return [
            (language, name)
            for language, _name in settings.LANGUAGES
            for name in ("home", "articles:list")
        ]

    def location(self, item):
        language, name = item
        with translation.override(language):
            return reverse(name)
