"""No lost work: a workflow step pressed with unsaved edits saves them first.

Where the article's form can be saved, the workflow buttons of its admin
page belong to that form (``form="article_form"``, with the step's name in
``STEP``): with or without JavaScript, pressing "Submit for medical review"
posts the edits with the step. The edits are saved as by "Save" (with all
its checks: a conflicting save or an invalid field stops there, the step is
not taken, and the form shows the edits with the error), then the step is
taken. A post without edits takes the step alone, so it adds no version
(with JavaScript, the button then posts to the step's own address: see
static/js/unsaved_changes.js).

Discarding a working copy is the one step that throws edits away on
purpose: it keeps a form of its own, behind its confirmation box.
"""

from django.contrib import messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from django_ckeditor_5.widgets import CKEditor5Widget

from core.rich_text import sanitize_html

from .workflow_steps import TRANSITIONS

# The submit button's name in the article's form.
STEP = "_workflow_step"
SAVED_FIRST = (set(TRANSITIONS) - {"discard"}) | {"schedule"}


class SaveBeforeStepAdminMixin:
    """First among the article admin's mixins: the step is taken after the
    save's transaction and revision are closed, as a step of its own."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "save_before_steps": SAVED_FIRST}
        step = request.POST.get(STEP) if request.method == "POST" else None
        if step is None:
            return super().change_view(request, object_id, form_url, extra_context)
        article = self.get_object(request, unquote(object_id))
        if article is None or not self._has_unsaved_edits(request, article):
            return self._take_step(request, object_id, step)
        response = super().change_view(request, object_id, form_url, extra_context)
        if getattr(request, "_saved_before_step", False):
            return self._take_step(request, object_id, step)
        return response  # not saved: the form, with the edits and errors

    def response_change(self, request, obj):
        if request.POST.get(STEP) is None:
            return super().response_change(request, obj)
        request._saved_before_step = True
        self.message_user(request, _("Your changes are saved."), messages.SUCCESS)
        # Stands in until change_view, out of the save's transaction and
        # revision, takes the step and answers with its page.
        return HttpResponseRedirect(request.path)

    def _take_step(self, request, object_id, step):
        if step == "schedule":
            return self.schedule_update_view(request, object_id)
        # An unknown step is a 404 there, as at its own address.
        return self.transition_view(request, object_id, step)

    def _has_unsaved_edits(self, request, article):
        """Does the post change the article or its inline rows? Asked only
        of a form the user may save; one they may not has nothing to save
        (it was shown read-only), and the step answers for itself."""
        if not self.has_change_permission(request, article):
            return False
        fields = flatten_fieldsets(self.get_fieldsets(request, article))
        form_class = self.get_form(request, article, change=True, fields=fields)
        form = form_class(request.POST, request.FILES, instance=article)
        formsets, _inlines = self._create_formsets(request, article, change=True)
        return bool(edited_fields(form)) or any(
            edited_fields(row) for formset in formsets for row in formset
        )


def edited_fields(form):
    """The fields ``form``'s post changes, less rich text that is the same
    once sanitized: a browser posts a textarea's line breaks as CRLF."""
    return [name for name in form.changed_data if not _same_rich_text(form, name)]


def _same_rich_text(form, name):
    field = form.fields[name]
    if not isinstance(field.widget, CKEditor5Widget):
        return False
    posted = field.widget.value_from_datadict(
        form.data, form.files, form.add_prefix(name)
    )
    initial = form.get_initial_for_field(field, name)
    return _normal(posted) == _normal(initial)


def _normal(html):
    return sanitize_html((html or "").replace("\r\n", "\n"))
