import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import publication
from core.rich_text import SanitizedRichTextField, sanitize_html

from ..body import images
from ..body.checks import check_article
from ..body.prepare import prepare_body
from .columns import stale_token
from .pages import SITE_NAME, page_path
from .people import Author, staff_member
from .querysets import ArticleQuerySet
from .review import DEFAULT_REVIEW_INTERVAL_MONTHS, add_months
from .taxonomy import Category

SUMMARY_MAX_LENGTH = 160


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In medical review")
        APPROVED = "approved", _("Approved")
        # With a future publication date, a published article is scheduled.
        PUBLISHED = publication.PUBLISHED, _("Published")

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
    # Results of articles.body.checks for the body as last saved, so the article
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
        self.content_checks = check_article(self).as_dict()
        self._refresh_derived_body()
        super().save(*args, **kwargs)
        # It needs the saved row (and the uploaded file in storage). The
        # search index follows the save too (articles.search.indexing).
        self._refresh_hero_renditions()

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
        """Whether visitors may see it now (``core.publication``)."""
        return publication.is_visible(self)

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
