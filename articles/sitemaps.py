from django.conf import settings
from django.urls import reverse
from django.utils import translation

from core import alternates
from core.sitemaps import AlternatesSitemap

from .models import Article, Category


class ArticleSitemap(AlternatesSitemap):
    """Every published article, in whichever language it is written, with
    its published translations as alternates; not those kept out of search
    engines, nor those whose canonical address is elsewhere (a sitemap
    lists canonical pages only)."""

    changefreq = "monthly"

    def items(self):
        articles = list(
            Article.objects.published()
            .filter(noindex=False, canonical_url="")
            .order_by("language", "pk")
        )
        # One pass instead of a query per article.
        self._group_paths = {}
        for article in articles:
            self._group_paths.setdefault(article.translation_group, {})[
                article.language
            ] = article.get_absolute_url()
        return articles

    def item_alternates(self, article, location):
        return alternates.for_article(self._group_paths[article.translation_group])

    def lastmod(self, article):
        return article.updated_at


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
