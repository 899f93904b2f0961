"""The FAQ's own list in the admin. An article's questions are part of its
text, so they follow the article's editing rule (``workflow.may_edit``);
the FAQ app itself knows nothing of the workflow."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from faq.models import FaqEntry

from .. import workflow


def may_edit_entry(entry, user):
    """Who may change an FAQ entry where it appears. An article's entry is
    part of its text: whoever may change the article now (not while it is
    live or in review, ``workflow.may_edit``). A question on the FAQ page
    alone is live once saved, with no review: whoever may publish."""
    if entry.article is None:
        return user.has_perm(workflow.PUBLISH)
    return workflow.may_edit(entry.article, user)


class FaqEntryForm(forms.ModelForm):
    """The FAQ list's own form: no entry moves to where its editor may not
    change it."""

    user = None  # set by FaqEntryAdmin.get_form

    def clean(self):
        cleaned = super().clean()
        article = cleaned.get("article")
        if article is not None and not workflow.may_edit(article, self.user):
            self.add_error(
                "article",
                _(
                    "This article can't be changed now (it is published or in "
                    "review): add the question in its working copy or draft."
                ),
            )
        elif article is None and not self.user.has_perm(workflow.PUBLISH):
            self.add_error(
                "article",
                _(
                    "A question shown on the FAQ page alone goes live when it "
                    "is saved, so only publishers add them: choose the article "
                    "it belongs to."
                ),
            )
        return cleaned


@admin.register(FaqEntry)
class FaqEntryAdmin(admin.ModelAdmin):
    form = FaqEntryForm
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

    def has_change_permission(self, request, obj=None):
        if obj is not None and not may_edit_entry(obj, request.user):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not may_edit_entry(obj, request.user):
            return False
        return super().has_delete_permission(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def get_changelist_form(self, request, **kwargs):
        """The list's position column: rows of an article that can't be
        changed now are shown, not edited."""
        form = super().get_changelist_form(request, **kwargs)

        def __init__(self, *args, **kwargs):
            form.__init__(self, *args, **kwargs)
            if self.instance.pk and not may_edit_entry(self.instance, request.user):
                for field in self.fields.values():
                    field.disabled = True

        return type(form.__name__, (form,), {"__init__": __init__})
