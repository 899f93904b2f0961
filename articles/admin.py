from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from liv_site.uploads import SafeImageUploadsMixin

from .models import Article, Author, Category, KeyTakeaway


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
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
    extra = 1
    fields = ["position", "text"]


@admin.register(Article)
class ArticleAdmin(SafeImageUploadsMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "language",
        "status",
        "is_published",
        "published_at",
        "category",
        "author",
        "featured",
    ]
    list_filter = ["status", "category", "author", "language", "featured"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    list_select_related = ["category", "author"]
    autocomplete_fields = ["category", "author", "medical_reviewer"]
    inlines = [KeyTakeawayInline]
    actions = ["publish_selected", "unpublish_selected"]
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
    ]

    @admin.action(description=_("Publish selected articles"))
    @transaction.atomic
    def publish_selected(self, request, queryset):
        for article in queryset:
            article.publish()
        count = len(queryset)
        message = ngettext(
            "%(count)d article published.", "%(count)d articles published.", count
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Unpublish selected articles"))
    @transaction.atomic
    def unpublish_selected(self, request, queryset):
        for article in queryset:
            article.unpublish()
        count = len(queryset)
        message = ngettext(
            "%(count)d article unpublished.",
            "%(count)d articles unpublished.",
            count,
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)
