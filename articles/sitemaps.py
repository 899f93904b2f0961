from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import translation

from .models import Article, Category


class ArticleSitemap(Sitemap):
    """Every published article, in whichever language it is written."""

    changefreq = "monthly"

    def items(self):
        return Article.objects.published().order_by("language", "pk")

    def lastmod(self, article):
        return article.updated_at


class CategorySitemap(Sitemap):
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


class SectionSitemap(Sitemap):
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
