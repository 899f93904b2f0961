"""The workflow's buttons and bulk actions in the article admin. Each asks
``articles.workflow``, which checks the user's permission and the
article's state itself; the admin only shows what
``workflow.available_steps`` allows."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion.models import Version

from .. import workflow
from ..body.checks import check_article
from ..models import Article

TRANSITIONS = {
    "submit": (workflow.submit, _("Submitted for medical review.")),
    "take_back": (
        workflow.take_back,
        _("Taken back to draft: you can edit it, then submit it again."),
    ),
    "approve": (workflow.approve, _("Approved.")),
    "return": (workflow.return_to_author, _("Returned to the author.")),
    "confirm_review": (workflow.confirm_review, _("Review confirmed.")),
    "publish": (workflow.publish, _("Published.")),
    "unpublish": (workflow.unpublish, _("Unpublished.")),
    "unschedule": (
        workflow.cancel_scheduled_update,
        _("Scheduled update cancelled: the page keeps its published text."),
    ),
    "discard": (
        workflow.discard_working_copy,
        _("Working copy discarded; patients still see the published article."),
    ),
}

# Steps decided on the text the page showed: the form carries its digest
# (``workflow.content_digest``) and the step is refused if it changed.
ON_SHOWN_TEXT = {"approve", "return"}

# The button of each step in workflow.available_steps ("schedule" has a
# form of its own).
STEP_BUTTONS = {
    "submit": _("Submit for medical review"),
    "take_back": _("Take back to draft"),
    "approve": _("Approve"),
    "return": _("Return to author"),
    "publish": _("Publish"),
    "confirm_review": _("Confirm review (no changes)"),
    "unpublish": _("Unpublish"),
    "unschedule": _("Cancel the scheduled update"),
    "discard": _("Discard this working copy"),
}

# Steps that lose work: the form's "confirm" box must be ticked, else this.
CONFIRMED_TRANSITIONS = {
    "discard": _("Tick the box to confirm that this copy's changes will be lost."),
}


class WorkflowStepsMixin:
    # Permissions --------------------------------------------------------

    def has_change_permission(self, request, obj=None):
        if obj is not None and not workflow.may_edit(obj, request.user):
            return False
        return super().has_change_permission(request, obj)

    def has_submit_permission(self, request):
        return request.user.has_perm(workflow.SUBMIT)

    def has_approve_permission(self, request):
        return request.user.has_perm(workflow.APPROVE)

    def has_publish_permission(self, request):
        return request.user.has_perm(workflow.PUBLISH)

    def _workflow_context(self, request, article):
        if article is None:
            return {}
        user = request.user
        steps = workflow.available_steps(article, user)
        copy = article.working_copies.first() if article.is_live_row else None
        latest = Version.objects.get_for_object(article).order_by("-pk").first()
        return {
            "shown_digest": workflow.content_digest(article),
            "shown_version": latest.pk if latest else "",
            "check_errors": len(check_article(article).errors),
            "workflow_buttons": [
                (step, STEP_BUTTONS[step]) for step in steps if step in STEP_BUTTONS
            ],
            "in_review_locked": article.status == Article.Status.IN_REVIEW
            and not workflow.may_edit(article, user),
            "working_copy": copy,
            "can_start_working_copy": article.is_live_row
            and user.has_perm(workflow.CHANGE),
            "can_schedule_update": "schedule" in steps,
            "time_zone": timezone.get_current_timezone_name(),
        }

    def transition_view(self, request, object_id, action):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if action not in TRANSITIONS:
            raise Http404
        article = self._article_or_404(request, object_id)
        function, done = TRANSITIONS[action]
        if action in CONFIRMED_TRANSITIONS and not request.POST.get("confirm"):
            self.message_user(request, CONFIRMED_TRANSITIONS[action], messages.ERROR)
            return HttpResponseRedirect(self._url("change", str(article.pk)))
        # Each step's own field where a page has several (save_before_step).
        comment = request.POST.get(f"comment-{action}", request.POST.get("comment", ""))
        try:
            if action in ON_SHOWN_TEXT:
                # No digest, no step: an approval is of a text someone saw.
                shown = request.POST.get("shown", "")
                result = function(article, request.user, comment, shown=shown)
            else:
                result = function(article, request.user, comment)
        except workflow.TextChanged as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(
                self._changes_since(article, request.POST.get("shown_version"))
            )
        except workflow.TransitionError as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(self._url("change", str(article.pk)))
        self.message_user(request, done, messages.SUCCESS)
        return HttpResponseRedirect(self._url("change", str(result.pk)))

    def _changes_since(self, article, version_id):
        """The diff from the version a page showed to the latest one, or the
        article itself when there is no such diff to show."""
        versions = self._versions(article)
        latest = versions.first()
        shown = (
            str(version_id or "").isdigit() and versions.filter(pk=version_id).exists()
        )
        if shown and latest and str(latest.pk) != version_id:
            query = f"?from={version_id}&to={latest.pk}"
            return self._url("compare", str(article.pk)) + query
        return self._url("change", str(article.pk))

    def working_copy_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article_or_404(request, object_id)
        try:
            copy = workflow.start_working_copy(article, request.user)
        except workflow.TransitionError as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(self._url("change", str(article.pk)))
        return HttpResponseRedirect(self._url("change", str(copy.pk)))

    def schedule_update_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        copy = self._article_or_404(request, object_id)
        try:
            when = parse_datetime(request.POST.get("when", ""))
        except ValueError:  # shaped like a date, but not one (month 13)
            when = None
        try:
            if when is None:
                raise workflow.TransitionError(
                    _("Enter the date and time the update should go live.")
                )
            if timezone.is_naive(when):
                when = timezone.make_aware(when)
            workflow.schedule_update(
                copy, request.user, when, request.POST.get("comment", "")
            )
        except workflow.TransitionError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(
                request,
                _("Scheduled: this update goes live on %(when)s.")
                % {"when": _local(when)},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(self._url("change", str(copy.pk)))

    # Actions --------------------------------------------------------------

    def _run_action(self, request, queryset, function, done_message):
        done = 0
        for article in queryset:
            try:
                function(article, request.user)
            except (workflow.TransitionError, PermissionDenied) as error:
                self.message_user(
                    request, f"{article}: {error}".rstrip(": "), messages.ERROR
                )
            else:
                done += 1
        if done:
            self.message_user(
                request, done_message(done) % {"count": done}, messages.SUCCESS
            )

    @admin.action(
        description=_("Submit selected for medical review"),
        permissions=["submit"],
    )
    def submit_selected(self, request, queryset):
        self._run_action(
            request,
            queryset,
            workflow.submit,
            lambda n: ngettext(
                "%(count)d article submitted.", "%(count)d articles submitted.", n
            ),
        )

    @admin.action(
        description=_("Publish (or schedule) selected approved articles"),
        permissions=["publish"],
    )
    def publish_selected(self, request, queryset):
        self._run_action(
            request,
            queryset,
            workflow.publish,
            lambda n: ngettext(
                "%(count)d article published.", "%(count)d articles published.", n
            ),
        )

    @admin.action(description=_("Unpublish selected articles"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self._run_action(
            request,
            queryset,
            workflow.unpublish,
            lambda n: ngettext(
                "%(count)d article unpublished.",
                "%(count)d articles unpublished.",
                n,
            ),
        )


def _local(moment):
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")
