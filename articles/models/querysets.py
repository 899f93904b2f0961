import datetime

from django.db import models
from django.utils import timezone

from core import publication

from . import page_reads
from .columns import CARD_FIELDS, PAGE_DEFERRED_FIELDS, STORED_CARD_FIELDS


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What visitors may see (``core.publication``): published, not
        scheduled for later, not a working copy."""
        return self.filter(publication.conditions())

    def originals(self):
        """Articles with their own page, without the working copies."""
        return self.filter(draft_of__isnull=True)

    def review_due(self, today, within_days):
        """Published (or scheduled) articles whose next medical review is
        overdue or due within ``within_days`` of ``today``, and those never
        reviewed at all (first)."""
        soon = today + datetime.timedelta(days=within_days)
        return (
            self.originals()
            .filter(status=publication.PUBLISHED)
            .filter(
                models.Q(next_review_due__lte=soon)
                | models.Q(next_review_due__isnull=True)
            )
            .select_related("category", "medical_reviewer__user")
            .order_by(models.F("next_review_due").asc(nulls_first=True), "pk")
        )

    def next_publication_time(self):
        """When the next scheduled article goes live, or None."""
        scheduled = self.originals().filter(
            status=publication.PUBLISHED, published_at__gt=timezone.now()
        )
        return (
            scheduled.order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )

    def in_language(self, language):
        return self.filter(language=language)

    def out_of_date_translations(self):
        return self.filter(translation_out_of_date=True)

    def for_listing(self):
        # Lists show cards: the bodies (tens of kilobytes an article) stay
        # in the database. Naming the few columns a card needs, rather
        # than deferring the many it doesn't, also makes the ORM build the
        # query in two thirds of the time.
        return (
            self.select_related("category")
            .only(*CARD_FIELDS)
            .order_by("-published_at", "-pk")
        )

    def for_cards(self):
        """``for_listing()`` with the stored cards (articles.cards)."""
        return self.for_listing().only(*CARD_FIELDS, *STORED_CARD_FIELDS)

    def for_feed(self):
        return (
            self.for_listing()
            .select_related("author")
            .only(*CARD_FIELDS, "updated_at", "author__name")
        )

    def for_search_results(self):
        # A result shows its title, topic and date, and the snippet that
        # the search computes.
        return self.select_related("category").only(
            "title",
            "slug",
            "language",
            "published_at",
            "category__name",
            "category__translations",
        )

    def for_page(self):
        """What the article page shows in one query: the stored content
        section, the category and the people credited."""
        return self.select_related("category", "author", "medical_reviewer").defer(
            *PAGE_DEFERRED_FIELDS
        )

    # What an article page reads for visitors, in SQL (articles.models.page_reads).
    # They ignore this queryset's filters: each says what it selects.

    def visible_page(self, language, slug):
        """``for_page()``'s article at ``slug`` in ``language`` if
        visitors may see it, else None. Its topic and people are loaded
        if used: to render its content section again."""
        return page_reads.visible_page(self.model, self.db, language, slug)

    def related_cards(self, article, limit):
        """The newest visible articles of ``article``'s topic and language,
        as ``for_cards()`` cards (their topics loaded if used)."""
        return page_reads.related_cards(self.model, self.db, article, limit)

    def visible_translations(self, article):
        """The visible versions of ``article`` in any language, with their
        language and slug."""
        return page_reads.visible_translations(self.model, self.db, article)
