from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from liv_site.rich_text import SanitizedRichTextField, sanitize_html

from . import images, search
from .body import prepare_body

SUMMARY_MAX_LENGTH = 160


class CategoryQuerySet(models.QuerySet):
    def with_published_articles(self, language):
        """Categories that have something to read in ``language``, with how
        many articles and when the newest change to one of them was."""
        published = models.Q(
            articles__in=Article.objects.published().in_language(language)
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

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:category", kwargs={"slug": self.slug})


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
        """What visitors may see: published, and not scheduled for later."""
        return self.filter(
            status=Article.Status.PUBLISHED, published_at__lte=timezone.now()
        )

    def in_language(self, language):
        return self.filter(language=language)

    def for_listing(self):
        return self.select_related("category", "author").order_by(
            "-published_at", "-pk"
        )

    def for_page(self):
        """Everything the article page shows, in a fixed number of queries:
        the FAQ as ``published_faq`` and the numbered references as
        ``ordered_citations``."""
        # Imported here: those apps' models point at Article.
        from faq.models import FaqEntry
        from references.models import ArticleCitation

        return self.select_related(
            "category", "author", "medical_reviewer"
        ).prefetch_related(
            "takeaways",
            models.Prefetch(
                "faq_entries",
                queryset=FaqEntry.objects.filter(status=FaqEntry.Status.PUBLISHED),
                to_attr="published_faq",
            ),
            models.Prefetch(
                "article_citations",
                queryset=ArticleCitation.objects.select_related("citation"),
                to_attr="ordered_citations",
            ),
        )


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
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
    featured = models.BooleanField(
        _("featured"), default=False, help_text=_("Shown first on the home page.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.UniqueConstraint(
                fields=["language", "slug"], name="article_unique_slug_per_language"
            ),
        ]
        indexes = [
            models.Index(
                fields=["language", "status", "-published_at"],
                name="article_listing_idx",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        self._refresh_derived_body()
        super().save(*args, **kwargs)
        # Both need the saved row (and the uploaded file in storage).
        self._refresh_hero_renditions()
        search.index_article(self)

    def get_absolute_url(self):
        with translation.override(self.language):
            return reverse("articles:detail", kwargs={"slug": self.slug})

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
        others = Article.objects.filter(language=self.language, slug=self.slug)
        return others.exclude(pk=self.pk).exists()

    def _refresh_derived_body(self):
        # Sanitize before deriving, so the page HTML is built from exactly
        # what the field stores.
        self.body = sanitize_html(self.body)
        prepared = prepare_body(self.body)
        self.body_html = images.responsive_images(prepared.html)
        self.body_text = prepared.text
        self.table_of_contents = prepared.table_of_contents
        self.reading_time_minutes = prepared.reading_time_minutes

    def _refresh_hero_renditions(self):
        current = self.hero_image.name or None
        if self.hero_renditions.get("source") == current:
            return
        self.hero_renditions = images.make_renditions(current) if current else {}
        Article.objects.filter(pk=self.pk).update(hero_renditions=self.hero_renditions)

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
