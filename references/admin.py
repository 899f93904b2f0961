from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import ArticleCitation, Citation, broken_first_ordering


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "publisher",
        "link_status",
        "status_code",
        "checked_at",
        "accessed_on",
    ]
    list_filter = ["link_status", "publisher"]
    search_fields = ["title", "publisher", "url", "authors", "doi", "pubmed_id"]
    readonly_fields = [
        "link_status",
        "status_code",
        "final_url",
        "check_error",
        "checked_at",
    ]
    fieldsets = [
        (None, {"fields": ["title", "publisher", "url", "authors", "published_on"]}),
        (_("Identifiers"), {"fields": ["doi", "pubmed_id", "accessed_on"]}),
        (
            _("Link health (from manage.py check_references)"),
            {"fields": readonly_fields},
        ),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "url":
            # An address pasted without its scheme is almost always https.
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_ordering(self, request):
        # Broken links first: they are what an editor has to act on.
        return [broken_first_ordering(), "title", "pk"]


class ArticleCitationInline(admin.TabularInline):
    """The article's numbered reference list, reusing existing citations."""

    model = ArticleCitation
    extra = 0
    fields = ["position", "citation"]
    autocomplete_fields = ["citation"]
    verbose_name = _("reference")
    verbose_name_plural = _(
        "References (numbered in this order; type [1], [2]… in the body to cite)"
    )
