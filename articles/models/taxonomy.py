from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core import publication

from . import page_reads
from .pages import page_path
from .review import DEFAULT_REVIEW_INTERVAL_MONTHS


class CategoryQuerySet(models.QuerySet):
    def in_menu(self, language):
        """Categories that have something to read in ``language``: the
        header's topics, on every rendered page. One index probe per
        category (EXISTS on ``article_category_listing_idx``) rather than
        counting every article.

        A list, in SQL (articles.models.page_reads): the ORM spends
        several times longer building this query than PostgreSQL needs to
        run it (docs/performance.md)."""
        return page_reads.menu(self.model, self.db, language)

    def with_published_articles(self, language):
        """Categories that have something to read in ``language``, with how
        many articles and when the newest change to one of them was."""
        # The conditions on the joined rows, not an IN (subquery): half the
        # time of the subquery.
        published = publication.conditions("articles__") & models.Q(
            articles__language=language
        )
        return self.annotate(
            article_count=models.Count("articles", filter=published),
            last_updated=models.Max("articles__updated_at", filter=published),
        ).filter(article_count__gt=0)


class Category(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("One or two sentences shown on the category page."),
    )
    review_interval_months = models.PositiveSmallIntegerField(
        _("review interval (months)"),
        default=DEFAULT_REVIEW_INTERVAL_MONTHS,
        help_text=_(
            "How long after a medical review the articles of this category "
            "are due for the next one, unless an article sets its own."
        ),
    )

    # One category (one slug, one URL per language) with its name and
    # description per language: {"ar": {"name": ..., "description": ...}}.
    # Kept on the row so that pages showing categories need no extra query.
    translations = models.JSONField(
        _("translations"),
        default=dict,
        blank=True,
        help_text=_("The name and description in the other languages."),
    )

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return page_path("articles:category", translation.get_language(), self.slug)

    def name_in(self, language):
        """The name in ``language``, else the (English) name."""
        return self.translations.get(language, {}).get("name") or self.name

    def description_in(self, language):
        translated = self.translations.get(language, {})
        if translated.get("name"):
            return translated.get("description", "")
        return self.description

    @property
    def localized_name(self):
        return self.name_in(translation.get_language())

    @property
    def localized_description(self):
        return self.description_in(translation.get_language())
