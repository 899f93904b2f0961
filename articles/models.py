import calendar
import datetime
import uuid
from functools import lru_cache

import reversion
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.rich_text import SanitizedRichTextField, sanitize_html

from . import images, search, sql
from .body import prepare_body

SUMMARY_MAX_LENGTH = 160
# After the title in a page's <title>, as every template writes it.
SITE_NAME = "Liv Hospital"
DEFAULT_REVIEW_INTERVAL_MONTHS = 12
# What an article card shows (templates/includes/article_card.html).
CARD_FIELDS = (
    "language",
    "title",
    "slug",
    "summary",
    "hero_image",
    "hero_image_width",
    "hero_image_height",
    "hero_renditions",
    "published_at",
    "reading_time_minutes",
    "category__name",
    "category__slug",
    "category__translations",
)
# The card as stored (articles.cards), read where cards are shown stored.
STORED_CARD_FIELDS = ("card_html", "card_release")
# The page shows the stored content section; what it is rendered from is
# loaded only when it has to be rendered again.
PAGE_DEFERRED_FIELDS = (
    "body",
    "body_html",
    "body_text",
    "table_of_contents",
    "search_vector",
    "title_summary_vector",
    "content_checks",
    "card_html",
)


def add_months(day, months):
    """``day`` moved ``months`` ahead, clamped to the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last_day))


# A function of the URL configuration alone, asked for a dozen times a page
# (cards, topics); bounded, though slugs come from the database.
@lru_cache(maxsize=4096)
def page_path(view_name, language, slug):
    """The path of the page ``view_name`` shows for ``slug``, in
    ``language``."""
    with translation.override(language):
        return reverse(view_name, kwargs={"slug": slug})


def published_conditions(prefix=""):
    """What makes an article visible to patients, as a Q object; ``prefix``
    reaches the article through a relation ("articles__")."""
    return models.Q(
        **{
            f"{prefix}status": Article.Status.PUBLISHED,
            f"{prefix}published_at__lte": timezone.now(),
            f"{prefix}draft_of__isnull": True,
        }
    )


def staff_member(verbose_name):
    """A record of which staff account did something to an article; kept
    when the account is deleted, never edited in a form."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )


class CategoryQuerySet(models.QuerySet):
    def in_menu(self, language):
        """Categories that have something to read in ``language``: the
        header's topics, on every rendered page. One index probe per
        category (EXISTS on ``article_category_listing_idx``) rather than
        counting every article.

        A list, in SQL (articles/sql.py): the ORM spends several times
        longer building this query than PostgreSQL needs to run it
        (docs/performance.md)."""
        return sql.menu(self.db, language)

    def with_published_articles(self, language):
        """Categories that have something to read in ``language``, with how
        many articles and when the newest change to one of them was."""
        # The conditions on the joined rows, not an IN (subquery): half the
        # time of the subquery.
        published = published_conditions("articles__") & models.Q(
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


class Author(models.Model):
    """A person or an organisation (such as an editorial team) credited on
    articles, as writer or as medical reviewer."""

    name = models.CharField(_("name"), max_length=150)
    credentials = models.CharField(
        _("credentials"),
        max_length=150,
        blank=True,
        help_text=_('Shown after the name, e.g. "MD, Endocrinology".'),
    )
    bio = models.TextField(_("short bio"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="authors/", blank=True)
    is_organisation = models.BooleanField(
        _("is an organisation"),
        default=False,
        help_text=_("Tick for a team or department rather than a person."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        help_text=_(
            "The account this person signs in with. A medical reviewer needs "
            "one: approving credits the article to this profile."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        if self.credentials:
            return f"{self.name}, {self.credentials}"
        return self.name


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What visitors may see: published, and not scheduled for later.

        Working copies can never be published (a check constraint), the
        extra filter only keeps that true for the query planner too."""
        return self.filter(published_conditions())

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
            .filter(status=Article.Status.PUBLISHED)
            .filter(
                models.Q(next_review_due__lte=soon)
                | models.Q(next_review_due__isnull=True)
            )
            .select_related("category", "medical_reviewer__user")
            .order_by(models.F("next_review_due").asc(nulls_first=True), "pk")
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

    # What an article page reads for visitors, in SQL (articles/sql.py).
    # They ignore this queryset's filters: each says what it selects.

    def visible_page(self, language, slug):
        """``for_page()``'s article at ``slug`` in ``language`` if
        visitors may see it, else None. Its topic and people are loaded
        if used: to render its content section again."""
        return sql.visible_page(self.db, language, slug)

    def related_cards(self, article, limit):
        """The newest visible articles of ``article``'s topic and language,
        as ``for_cards()`` cards (their topics loaded if used)."""
        return sql.related_cards(self.db, article, limit)

    def visible_translations(self, article):
        """The visible versions of ``article`` in any language, with their
        language and slug."""
        return sql.visible_translations(self.db, article)


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In medical review")
        APPROVED = "approved", _("Approved")
        # With a future publication date, a published article is scheduled.
        PUBLISHED = "published", _("Published")

    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        allow_unicode=True,
        help_text=_("The address of the page; unique within a language."),
    )
    summary = models.CharField(
        _("summary"),
        max_length=SUMMARY_MAX_LENGTH,
        help_text=_("At most 160 characters. Shown in lists and to search engines."),
    )
    # What search engines are told about the page (the importer fills
    # them from Yoast or Rank Math). A canonical elsewhere or a noindex
    # also keeps the article out of the sitemap (articles.sitemaps).
    seo_title = models.CharField(
        _("SEO title"),
        max_length=200,
        blank=True,
        help_text=_(
            "The page title in browser tabs, search results and shared "
            "links. Left empty, it is the title followed by the site's name."
        ),
    )
    canonical_url = models.URLField(
        _("canonical address"),
        max_length=500,
        blank=True,
        help_text=_(
            "Only when this text is published elsewhere first: the address "
            "search engines should show instead of this page. Left empty, "
            "it is this page."
        ),
    )
    noindex = models.BooleanField(
        _("hide from search engines"),
        default=False,
        help_text=_(
            "Asks search engines not to list this page; it is left out of "
            "the sitemap too. Patients can still open it from links."
        ),
    )
    hero_image = models.ImageField(
        _("hero image"),
        upload_to="articles/hero/",
        blank=True,
        width_field="hero_image_width",
        height_field="hero_image_height",
    )
    hero_image_width = models.PositiveIntegerField(editable=False, null=True)
    hero_image_height = models.PositiveIntegerField(editable=False, null=True)
    hero_renditions = models.JSONField(editable=False, default=dict)
    hero_image_alt = models.CharField(
        _("hero image alt text"),
        max_length=250,
        blank=True,
        help_text=_("Describe the image for patients who can't see it."),
    )
    hero_image_caption = models.CharField(
        _("hero image caption"), max_length=250, blank=True
    )
    body = SanitizedRichTextField(_("body"))
    body_html = models.TextField(editable=False, default="")
    body_text = models.TextField(editable=False, default="")
    table_of_contents = models.JSONField(editable=False, default=list)
    reading_time_minutes = models.PositiveSmallIntegerField(editable=False, default=1)
    # The content section (header, hero, takeaways, contents, linked body,
    # FAQ, references) and the JSON-LD of the FAQ and of the page, rendered
    # when the article or one of its parts changes; ``content_release``
    # names the code, templates and translations they were rendered with,
    # or is a stale token (see articles.content).
    content_html = models.TextField(editable=False, default="")
    faq_json_ld = models.TextField(editable=False, default="")
    head_html = models.TextField(editable=False, default="")
    content_release = models.CharField(editable=False, max_length=64, default="")
    # The article's card as related articles and the home page show it,
    # stamped the same way (articles.cards).
    card_html = models.TextField(editable=False, default="")
    card_release = models.CharField(editable=False, max_length=64, default="")
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="articles",
    )
    author = models.ForeignKey(
        Author,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="articles",
    )
    medical_reviewer = models.ForeignKey(
        Author,
        verbose_name=_("medical reviewer"),
        on_delete=models.PROTECT,
        related_name="reviewed_articles",
        null=True,
        blank=True,
    )
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_(
            "A future date schedules the article. Left empty, publishing "
            "sets it to now."
        ),
    )
    search_vector = SearchVectorField(editable=False, null=True)
    # Title and summary only: small enough to rank every match of a search
    # cheaply, to choose the candidates that the full vector ranks.
    title_summary_vector = SearchVectorField(editable=False, null=True)
    featured = models.BooleanField(
        _("featured"), default=False, help_text=_("Shown first on the home page.")
    )
    review_interval_months = models.PositiveSmallIntegerField(
        _("review interval (months)"),
        null=True,
        blank=True,
        help_text=_(
            "Months from a medical review to the next one. Left empty, the "
            "category's interval applies (12 months unless it says otherwise)."
        ),
    )
    next_review_due = models.DateField(
        _("next review due"),
        null=True,
        blank=True,
        help_text=_(
            "Set on every approval from the review interval; change it to "
            "bring a review forward."
        ),
    )
    # Each language version of an article is its own row; rows with the same
    # group are translations of each other. A working copy shares its
    # article's group but is never counted as a translation.
    translation_group = models.UUIDField(
        _("translation group"), default=uuid.uuid4, editable=False, db_index=True
    )
    translation_source = models.ForeignKey(
        "self",
        verbose_name=_("translated from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="translations_made",
    )
    translated_from_revision = models.ForeignKey(
        "reversion.Revision",
        verbose_name=_("source version translated"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("The approved version of the source this translation follows."),
    )
    translation_out_of_date = models.BooleanField(
        _("out of date with the source"),
        default=False,
        editable=False,
        help_text=_(
            "Set when the source gets a newly approved version; cleared when "
            "a reviewer approves the updated translation."
        ),
    )
    # A working copy holds the edits to a published article until they are
    # approved and published; visitors keep seeing the article it copies.
    draft_of = models.ForeignKey(
        "self",
        verbose_name=_("working copy of"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="working_copies",
    )
    # An approved working copy can be set to replace its article's content
    # at a given time (``workflow.schedule_update``), by whoever set it.
    update_due_at = models.DateTimeField(
        _("update goes live at"), null=True, blank=True, editable=False
    )
    update_scheduled_by = staff_member(_("update scheduled by"))
    created_by = staff_member(_("written by"))
    last_edited_by = staff_member(_("last edited by"))
    approved_by = staff_member(_("approved by"))
    approved_at = models.DateTimeField(
        _("approved at"), null=True, blank=True, editable=False
    )
    approved_revision = models.ForeignKey(
        "reversion.Revision",
        verbose_name=_("approved revision"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # Results of articles.checks for the body as last saved, so the article
    # list can show them without parsing every body.
    content_checks = models.JSONField(editable=False, default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.UniqueConstraint(
                fields=["language", "slug"],
                condition=models.Q(draft_of__isnull=True),
                name="article_unique_slug_per_language",
            ),
            models.UniqueConstraint(
                fields=["draft_of"],
                condition=models.Q(draft_of__isnull=False),
                name="article_one_working_copy",
            ),
            models.UniqueConstraint(
                fields=["translation_group", "language"],
                condition=models.Q(draft_of__isnull=True),
                name="article_one_translation_per_language",
            ),
            models.CheckConstraint(
                condition=models.Q(draft_of__isnull=True)
                | ~models.Q(status="published"),
                name="article_working_copy_never_published",
            ),
        ]
        permissions = [
            ("submit_article", _("Can submit articles for medical review")),
            ("approve_article", _("Can approve or return articles (medical review)")),
            ("publish_article", _("Can publish, schedule and unpublish articles")),
        ]
        indexes = [
            models.Index(
                fields=["language", "status", "-published_at"],
                name="article_listing_idx",
            ),
            # A category page: one topic's published articles, newest first.
            models.Index(
                fields=["category", "language", "status", "-published_at"],
                name="article_category_listing_idx",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if self.reviewed_on and self.next_review_due is None:
            self.next_review_due = add_months(self.reviewed_on, self.review_interval())
        # Checked before sanitizing, so that what nh3 is about to drop (a
        # javascript: link) is still reported to the editor.
        from .checks import check_article

        self.content_checks = check_article(self).as_dict()
        self._refresh_derived_body()
        super().save(*args, **kwargs)
        # Both need the saved row (and the uploaded file in storage).
        self._refresh_hero_renditions()
        search.index_article(self)

    def get_absolute_url(self):
        return page_path("articles:detail", self.language, self.slug)

    @property
    def page_title(self):
        """The page's ``<title>`` (and Open Graph title)."""
        return self.seo_title or f"{self.title} | {SITE_NAME}"

    @property
    def canonical_path(self):
        """Where the page's canonical link points: a path on this site, or
        the absolute address set in ``canonical_url``."""
        return self.canonical_url or self.get_absolute_url()

    def clean(self):
        errors = {}
        if self.hero_image and not self.hero_image_alt.strip():
            errors["hero_image_alt"] = _(
                "Describe the hero image for patients using screen readers."
            )
        if self.slug and self._slug_taken():
            errors["slug"] = _(
                "Another article in this language already uses this slug."
            )
        if errors:
            raise ValidationError(errors)

    def _slug_taken(self):
        others = Article.objects.originals().filter(
            language=self.language, slug=self.slug
        )
        # A working copy shares the slug of the article it copies.
        return others.exclude(pk=self.draft_of_id or self.pk).exists()

    def translations(self):
        """The other language versions (originals only), any state."""
        return (
            Article.objects.originals()
            .filter(translation_group=self.translation_group)
            .exclude(pk=self.draft_of_id or self.pk)
            .order_by("language")
        )

    @property
    def is_working_copy(self):
        return self.draft_of_id is not None

    @property
    def is_live_row(self):
        """Published or scheduled: edits go through a working copy."""
        return not self.is_working_copy and self.status == self.Status.PUBLISHED

    def review_interval(self):
        return (
            self.review_interval_months
            or self.category.review_interval_months
            or DEFAULT_REVIEW_INTERVAL_MONTHS
        )

    def is_review_overdue(self, today=None):
        today = today or timezone.localdate()
        return self.next_review_due is not None and self.next_review_due < today

    def _refresh_derived_body(self):
        from .content import stale_token

        # Sanitize before deriving, so the page HTML is built from exactly
        # what the field stores.
        self.body = images.relink(sanitize_html(self.body))
        prepared = prepare_body(self.body)
        self.body_html = images.responsive_images(prepared.html)
        self.body_text = prepared.text
        self.table_of_contents = prepared.table_of_contents
        self.reading_time_minutes = prepared.reading_time_minutes
        self.content_release = self.card_release = stale_token()

    def _refresh_hero_renditions(self):
        from .content import stale_token

        current = self.hero_image.name or None
        if self.hero_renditions.get("source") == current:
            return
        self.hero_renditions = images.make_renditions(current) if current else {}
        Article.objects.filter(pk=self.pk).update(
            hero_renditions=self.hero_renditions,
            # Views since the save showed the image without its sizes.
            content_release=stale_token(),
            card_release=stale_token(),
        )

    @property
    def hero_srcset(self):
        return images.srcset(self.hero_renditions)

    def is_published(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    is_published.boolean = True

    def publish(self):
        """Put the article live (scheduled if ``published_at`` is ahead).

        Only articles.workflow calls this, after checking who asks."""
        if self.is_working_copy:
            raise ValueError("A working copy is published into its article.")
        self.status = self.Status.PUBLISHED
        if self.published_at is None:
            self.published_at = timezone.now()
        self.save()

    def unpublish(self):
        self.status = self.Status.DRAFT
        self.save()


class SearchWord(models.Model):
    """A word that published articles use, for "did you mean" suggestions."""

    language = models.CharField(max_length=8, choices=settings.LANGUAGES)
    word = models.CharField(max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["language", "word"], name="search_word_unique_per_language"
            )
        ]

    def __str__(self):
        return self.word


class KeyTakeaway(models.Model):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="takeaways"
    )
    text = models.CharField(_("text"), max_length=300)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("key takeaway")
        verbose_name_plural = _("key takeaways")

    def __str__(self):
        return self.text


class ReviewEvent(models.Model):
    """One step of the editorial process, kept for audit: who did what to
    which article, when, with what comment and at which revision."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted for review")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned to author")
        PUBLISHED = "published", _("Published")
        SCHEDULED = "scheduled", _("Scheduled")
        UNPUBLISHED = "unpublished", _("Unpublished")
        REVIEW_CONFIRMED = "review_confirmed", _("Review confirmed, no changes")
        WORKING_COPY = "working_copy", _("Working copy started")
        WORKING_COPY_DISCARDED = "copy_discarded", _("Working copy discarded")
        UPDATE_SCHEDULED = "update_scheduled", _("Update scheduled")
        UPDATE_UNSCHEDULED = "update_unscheduled", _("Scheduled update cancelled")
        IMAGE_ERASED = "image_erased", _("Image erased")
        RESTORED = "restored", _("Earlier version restored")
        TAKEN_BACK = "taken_back", _("Taken back to draft")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="review_events"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True)
    revision = models.ForeignKey(
        "reversion.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("review event")
        verbose_name_plural = _("review events")

    def __str__(self):
        return f"{self.get_action_display()} ({self.created_at:%Y-%m-%d})"


class ReviewReminder(models.Model):
    """A reminder mail sent, one per recipient, kind and day, so that
    ``review_reminders`` can run from cron as often as it likes."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Reviews due")
        ESCALATION = "escalation", _("Reviews overdue (escalation)")

    sent_on = models.DateField(_("sent on"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    article_ids = models.JSONField(_("articles"), default=list)

    class Meta:
        ordering = ["-sent_on", "pk"]
        verbose_name = _("review reminder")
        verbose_name_plural = _("review reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["sent_on", "recipient", "kind"],
                name="review_reminder_once_a_day",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.sent_on}"


# Every admin save keeps a version of the article with its inlines.
# Another inline (FAQ links, citations) is versioned by registering its
# model and adding its related name to ``follow``.
reversion.register(KeyTakeaway)
# FAQ entries and citation links register themselves in their own apps.
reversion.register(
    Article,
    follow=["takeaways", "faq_entries", "article_citations"],
    exclude=[
        "body_html",
        "body_text",
        "table_of_contents",
        "reading_time_minutes",
        "content_checks",
        "search_vector",
        "title_summary_vector",
        "hero_renditions",
    ],
)
