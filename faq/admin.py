from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import FaqEntry


class FaqEntryInline(admin.StackedInline):
    """The article's own FAQ; entries take the article's language."""

    model = FaqEntry
    fk_name = "article"
    extra = 0
    fields = ["position", "question", "answer", "status", "topic"]
    autocomplete_fields = ["topic"]
    verbose_name = _("frequently asked question")
    verbose_name_plural = _("Frequently asked questions (shown after the body)")
