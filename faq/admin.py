from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import FaqEntry


@admin.register(FaqEntry)
class FaqEntryAdmin(admin.ModelAdmin):
    list_display = [
        "question",
        "language",
        "status",
        "topic",
        "article",
        "position",
    ]
    list_editable = ["position"]
    list_filter = ["status", "language", "topic", "article"]
    search_fields = ["question", "answer"]
    list_select_related = ["topic", "article"]
    autocomplete_fields = ["article", "topic"]
    fieldsets = [
        (None, {"fields": ["question", "answer"]}),
        (_("Where it appears"), {"fields": ["article", "topic", "language"]}),
        (_("Publishing"), {"fields": ["status", "position"]}),
    ]


class FaqEntryInline(admin.StackedInline):
    """The article's own FAQ; entries take the article's language."""

    model = FaqEntry
    fk_name = "article"
    extra = 0
    fields = ["position", "question", "answer", "status", "topic"]
    autocomplete_fields = ["topic"]
    verbose_name = _("frequently asked question")
    verbose_name_plural = _("Frequently asked questions (shown after the body)")
