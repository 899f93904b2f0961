from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.uploads import SafeImageUploadsMixin
from faq.admin import FaqEntryInline
from references.admin import ArticleCitationInline
from references.markers import unmatched_markers

from .erasure_admin import ImageErasureAdminMixin
from .language_admin import ArticleLanguageFormMixin, ArticleLanguageFormSet
from .models import Article, Author, Category, KeyTakeaway
from .review_admin import ArticleReviewForm, ReviewWorkflowAdminMixin
from .step_admin import SaveBeforeStepAdminMixin
from .translation_admin import CategoryTranslationsForm, TranslationAdminMixin


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
    list_display = [
        "title",
        "language",
        "status",
        "is_published",
        "published_at",
        "category",
        "author",
        "featured",
        "reference_markers",
    ]
    list_filter = ["status", "category", "author", "language", "featured"]
    search_fields = ["title", "summary"]
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

    def get_queryset(self, request):
        # The marker column needs each article's reference count; counting
        # here keeps the list at one query however many rows it shows.
        return (
            super()
            .get_queryset(request)
            .annotate(citation_count=Count("article_citations"))
        )

    @admin.display(description=_("reference markers"))
    def reference_markers(self, article):
        missing = unmatched_markers(article.body, article.citation_count)
        if not missing:
            return "✓"
        return _("⚠ no reference for %(markers)s") % {
            "markers": ", ".join(f"[{n}]" for n in missing)
        }

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
