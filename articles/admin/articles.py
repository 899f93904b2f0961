from django.contrib import admin, messages
from django.db.models import Count, F
from django.db.models.functions import Coalesce
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.rich_text import sanitize_html
from core.uploads import SafeImageUploadsMixin
from faq.admin import FaqEntryInline
from references.admin import ArticleCitationInline
from references.markers import unmatched_markers

from ..models import Article, Author, Category, KeyTakeaway
from ..translations.admin import CategoryTranslationsForm, TranslationAdminMixin
from .erasure import ImageErasureAdminMixin
from .language import ArticleLanguageFormMixin, ArticleLanguageFormSet
from .review import ReviewWorkflowAdminMixin
from .review_form import ArticleReviewForm
from .save_before_step import SaveBeforeStepAdminMixin


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    form = CategoryTranslationsForm
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(SafeImageUploadsMixin, admin.ModelAdmin):
    list_display = ["name", "credentials", "is_organisation"]
    list_filter = ["is_organisation"]
    search_fields = ["name", "credentials"]


class KeyTakeawayInline(admin.TabularInline):
    model = KeyTakeaway
    formset = ArticleLanguageFormSet
    extra = 1
    fields = ["position", "text"]


class ArticleFaqInline(FaqEntryInline):
    formset = ArticleLanguageFormSet

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            # Read, not edited: the answer as patients will read it.
            return ["answer_as_shown" if f == "answer" else f for f in fields]
        return fields

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "answer_as_shown"]

    @admin.display(description=_("answer"))
    def answer_as_shown(self, entry):
        return mark_safe(sanitize_html(entry.answer))  # noqa: S308


class ArticleForm(ArticleLanguageFormMixin, ArticleReviewForm):
    """The review workflow's form, written in the article's language."""


@admin.register(Article)
class ArticleAdmin(
    SaveBeforeStepAdminMixin,
    SafeImageUploadsMixin,
    ImageErasureAdminMixin,
    TranslationAdminMixin,
    ReviewWorkflowAdminMixin,
    admin.ModelAdmin,
):
    # Six columns with the translations' (TranslationAdminMixin), so titles
    # fit on one or two lines at 1366 px; topic, author and "featured" are
    # filters.
    list_display = [
        "title_and_copy",
        "language",
        "state_badge",
        "published_on",
        "checks",
    ]
    list_filter = ["status", "category", "author", "language", "featured"]
    # The body as plain text (what search engines and patients read).
    search_fields = ["title", "summary", "body_text"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    list_select_related = ["category", "author"]
    autocomplete_fields = ["category", "author", "medical_reviewer"]
    form = ArticleForm
    inlines = [KeyTakeawayInline, ArticleFaqInline, ArticleCitationInline]
    # The workflow actions live in ReviewWorkflowAdminMixin. None approves:
    # an approval is of a text the reviewer was shown (workflow.approve).
    actions = [
        "submit_selected",
        "publish_selected",
        "unpublish_selected",
    ]
    readonly_fields = ["updated_at"]
    fieldsets = [
        (None, {"fields": ["language", "title", "slug", "summary"]}),
        (
            _("Hero image"),
            {"fields": ["hero_image", "hero_image_alt", "hero_image_caption"]},
        ),
        (None, {"fields": ["body"]}),
        (
            _("Credits and review"),
            {"fields": ["category", "author", "medical_reviewer", "reviewed_on"]},
        ),
        (
            _("Publishing"),
            {"fields": ["status", "published_at", "featured", "updated_at"]},
        ),
        (
            _("Search engines"),
            {
                "classes": ["collapse"],
                "fields": ["seo_title", "canonical_url", "noindex"],
            },
        ),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "canonical_url":
            # An address pasted without its scheme is almost always https.
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    class Media:
        css = {"all": ["css/admin-articles.css"]}

    def get_queryset(self, request):
        # The checks column needs each article's reference count; counting
        # here keeps the list at one query however many rows it shows.
        return (
            super()
            .get_queryset(request)
            .annotate(citation_count=Count("article_citations"))
        )

    def get_ordering(self, request):
        # Newest first, drafts on top; a working copy sorts with its live
        # article, just under it.
        return [
            Coalesce("draft_of__published_at", "published_at").desc(nulls_first=True),
            Coalesce("draft_of_id", "id").desc(),
            F("draft_of").asc(nulls_first=True),
        ]

    @admin.display(description=_("title"), ordering="title")
    def title_and_copy(self, article):
        if article.is_working_copy:
            return format_html(
                '<span class="working-copy">↳ {} <small>({})</small></span>',
                article.title,
                _("working copy"),
            )
        return article.title

    @admin.display(description=_("publication date"), ordering="published_at")
    def published_on(self, article):
        """The day alone: the time is on the article's page."""
        if article.published_at is None:
            return "—"
        # ISO: 2026-12-05 reads the same to staff of every country.
        return date_format(localtime(article.published_at), "Y-m-d")

    @admin.display(description=_("checks"))
    def checks(self, article):
        """The content checks as last saved, and the reference markers as
        they are now (references can be added without saving the text)."""
        missing = unmatched_markers(article.body, article.citation_count)
        if not missing:
            return self.check_column(article)
        return format_html(
            "{} · {}",
            self.check_column(article),
            _("⚠ no reference for %(markers)s")
            % {"markers": ", ".join(f"[{n}]" for n in missing)},
        )

    def get_view_on_site_url(self, obj=None):
        """A working copy or an article not yet live opens its preview:
        its own text, which the live address doesn't show."""
        if obj is not None and obj.pk and not obj.is_published():
            return self._url("preview", str(obj.pk))
        return super().get_view_on_site_url(obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            self._warn_about_unmatched_markers(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def _warn_about_unmatched_markers(self, request, object_id):
        article = self.get_object(request, object_id)
        if article is None:
            return
        missing = unmatched_markers(article.body, article.citation_count)
        if missing:
            message = ngettext(
                "The body cites %(markers)s, but the reference list has no such "
                "entry; the marker shows as plain text until you add it.",
                "The body cites %(markers)s, but the reference list has no such "
                "entries; the markers show as plain text until you add them.",
                len(missing),
            ) % {"markers": ", ".join(f"[{n}]" for n in missing)}
            self.message_user(request, message, messages.WARNING)
