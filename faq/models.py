import reversion
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core import publication
from core.rich_text import SanitizedRichTextField, plain_text, sanitize_html
from core.text_search import store_search_vector


class FaqEntryQuerySet(models.QuerySet):
    def published(self):
        """Entries visitors may see: published, and either on no article
        or on one visitors may see (``core.publication``)."""
        return self.filter(status=FaqEntry.Status.PUBLISHED).filter(
            models.Q(article__isnull=True) | publication.conditions("article__")
        )

    def in_language(self, language):
        return self.filter(language=language)

    def for_search_results(self):
        # A result shows the question and answer and links to the entry on
        # its article's page: the article's other columns stay behind.
        return self.select_related("article").only(
            "question", "answer", "language", "article__slug", "article__language"
        )

    def for_faq_page(self):
        return self.select_related("topic", "article__category").order_by(
            "position", "pk"
        )


class FaqEntry(models.Model):
    """A question patients ask, with its answer. It belongs to an article
    (shown at the end of it) and/or to a topic (on the site-wide FAQ page)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    question = models.CharField(
        _("question"),
        max_length=300,
        help_text=_("As a patient would ask it, ending with a question mark."),
    )
    answer = SanitizedRichTextField(
        _("answer"),
        help_text=_("A complete answer in a few sentences; links are allowed."),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("For a question on an article, the article's language is used."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.PUBLISHED
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Lower numbers come first.")
    )
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="faq_entries",
        null=True,
        blank=True,
        help_text=_("Shown in the FAQ at the end of this article."),
    )
    topic = models.ForeignKey(
        "articles.Category",
        verbose_name=_("topic"),
        on_delete=models.SET_NULL,
        related_name="faq_entries",
        null=True,
        blank=True,
        help_text=_(
            "Where it is listed on the FAQ page. Left empty, the article's "
            "category is used."
        ),
    )
    search_vector = SearchVectorField(editable=False, null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    objects = FaqEntryQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ entries")
        indexes = [
            models.Index(fields=["language", "status"], name="faq_page_idx"),
        ]

    def __str__(self):
        return self.question

    def save(self, *args, **kwargs):
        self._inherit_article_language()
        super().save(*args, **kwargs)
        self._article_id_loaded = self.article_id
        store_search_vector(self, "question", "answer")

    def get_absolute_url(self):
        if self.article is not None:
            return f"{self.article.get_absolute_url()}#{self.anchor}"
        with translation.override(self.language):
            return f"{reverse('faq:list')}#{self.anchor}"

    def clean(self):
        errors = {}
        # CKEditor sends "<p>&nbsp;</p>" for an answer left empty.
        if self.answer and not plain_text(sanitize_html(self.answer)).strip():
            errors["answer"] = _("Write the answer patients will read.")
        if self.article is None and self.topic is None:
            errors["topic"] = _(
                "Choose the article this question belongs to, or a topic."
            )
        if errors:
            raise ValidationError(errors)
        self._inherit_article_language()

    @classmethod
    def from_db(cls, db, field_names, values):
        entry = super().from_db(db, field_names, values)
        entry._article_id_loaded = entry.__dict__.get("article_id")
        return entry

    def shown_on_article_ids(self):
        """The articles whose pages a save or delete of this entry changes:
        the one it belongs to, and the one it belonged to when loaded (an
        entry moved to another article leaves the first)."""
        loaded = getattr(self, "_article_id_loaded", None)
        return {self.article_id, loaded} - {None}

    def _inherit_article_language(self):
        if self.article is not None:
            self.language = self.article.language

    @property
    def anchor(self):
        return f"faq-{self.pk}"

    @property
    def effective_topic(self):
        if self.topic is not None:
            return self.topic
        return self.article.category if self.article is not None else None

    def is_published(self):
        return self.status == self.Status.PUBLISHED

    is_published.boolean = True


reversion.register(FaqEntry, exclude=["search_vector"])
