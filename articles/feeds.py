from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import Article

FEED_SIZE = 20


class LatestArticlesFeed(Feed):
    """RSS of the newest published articles in the page's language."""

    title = _("Liv Hospital Health Library: latest articles")
    description = _("New and updated health articles, reviewed by doctors.")

    def link(self):
        return reverse("articles:list")

    def items(self):
        articles = Article.objects.published().in_language(get_language())
        return articles.for_feed()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.author.name

    def item_categories(self, item):
        return [item.category.localized_name]
