"""The medical-review workflow in the article admin, as a mixin.

``ArticleAdmin`` gets from here: the workflow buttons and actions (each
calls ``articles.workflow``, which checks permissions itself), read-only
review fields, the content-check list and column, working copies for
published articles, django-reversion revisions for every save with the
inlines, the version history with diff, preview and restore, and the
review-due list. Kept apart from ``admin.py`` so that other inlines and
fields can be added there without touching this.
"""

import difflib
import re

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion.models import Version

from . import content, workflow
from .body import plain_text
from .checks import check_article
from .models import Article, ReviewReminder
from .views import article_page_context

REVIEW_FIELDS = [
    "workflow_state",
    "content_check_list",
    "medical_reviewer",
    "reviewed_on",
    "review_interval_months",
    "next_review_due",
    "review_log",
    "revision_comment",
    "loaded_at",
]

# Fields the workflow sets; no form may set them.
WORKFLOW_READONLY = [
    "status",
    "medical_reviewer",
    "reviewed_on",
    "workflow_state",
    "content_check_list",
    "review_log",
]

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

FIELDS_COMPARED = ["title", "slug", "language", "summary", "hero_image_alt"]
BLOCK_END_RE = re.compile(r"</(p|h[1-6]|li|tr|caption|figcaption|blockquote)>|<br>")


class ArticleReviewForm(forms.ModelForm):
    revision_comment = forms.CharField(
        label=_("What changed"),
        required=False,
        max_length=500,
        help_text=_(
            "A short note for the version history, e.g. “Updated dosage "
            "after the 2026 guideline”."
        ),
    )
    # When the article was last saved as this form loaded it: a form
    # loaded before someone else's save must not overwrite it.
    loaded_at = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_at"].initial = _stamp(self.instance)
            self.fields["loaded_at"].required = True

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            saved = Article.objects.get(pk=self.instance.pk)
            if cleaned.get("loaded_at") != _stamp(saved):
                raise forms.ValidationError(_saved_meanwhile(saved))
        return cleaned


def _stamp(article):
    return article.updated_at.isoformat()


def _saved_meanwhile(saved):
    """The conflict: your text stays in the form, theirs is shown here."""
    return format_html(
        "{}<br>{}: <q>{}</q><br>{}: <q>{}</q><br>{}: <blockquote>{}</blockquote>",
        _(
            "Someone else saved this article after you opened it, so your "
            "changes are not saved. They are still in the form below; the "
            "saved text is shown here. Reload the page and apply your "
            "changes to it."
        ),
        Article._meta.get_field("title").verbose_name,
        saved.title,
        Article._meta.get_field("summary").verbose_name,
        saved.summary,
        Article._meta.get_field("body").verbose_name,
        plain_text(saved.body),
    )


def body_lines(html):
    """The body as plain-text lines, one a paragraph, heading or list item."""
    return [
        line
        for line in (plain_text(part) for part in BLOCK_END_RE.split(html or ""))
        if line
        and not re.fullmatch(r"p|h[1-6]|li|tr|caption|figcaption|blockquote", line)
    ]


class ReviewWorkflowAdminMixin:
    form = ArticleReviewForm

    # Columns, fields ----------------------------------------------------

    def get_list_display(self, request):
        return [*super().get_list_display(request), "review_state", "check_column"]

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), *WORKFLOW_READONLY]
        if obj is not None and obj.is_working_copy:
            # A copy replaces the live text when published; the article
            # keeps its own publication date.
            fields.append("published_at")
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = []
        for name, options in super().get_fieldsets(request, obj):
            fields = [f for f in options["fields"] if f not in REVIEW_FIELDS]
            if fields:
                fieldsets.append((name, {**options, "fields": fields}))
        review_fields = list(REVIEW_FIELDS)
        if not self.has_change_permission(request, obj):
            review_fields.remove("revision_comment")
            review_fields.remove("loaded_at")
        return [*fieldsets, (_("Medical review"), {"fields": review_fields})]

    @admin.display(description=_("review"))
    def review_state(self, obj):
        label = obj.get_status_display()
        if obj.is_live_row and obj.published_at and obj.published_at > timezone.now():
            label = _("Scheduled")
        if obj.is_working_copy:
            return format_html("{} ({})", label, _("working copy"))
        if obj.is_review_overdue():
            return format_html("{} · {}", label, _("review overdue"))
        return label

    @admin.display(description=_("checks"))
    def check_column(self, obj):
        checks = obj.content_checks or {}
        if not checks:
            return "—"
        errors, warnings = len(checks["errors"]), len(checks["warnings"])
        if not errors and not warnings:
            return _("OK")
        return format_html(
            "{} · {}",
            ngettext("%(n)d error", "%(n)d errors", errors) % {"n": errors},
            ngettext("%(n)d warning", "%(n)d warnings", warnings) % {"n": warnings},
        )

    @admin.display(description=_("content checks"))
    def content_check_list(self, obj):
        if obj is None or obj.pk is None:
            return _("Checked when you save.")
        result = check_article(obj)
        # The same finding for nine tables is listed once, with a count.
        counted = {}
        for level, finding in [(_("Error"), f) for f in result.errors] + [
            (_("Warning"), f) for f in result.warnings
        ]:
            key = (str(level), str(finding.message))
            counted[key] = counted.get(key, 0) + 1
        if not counted:
            return _("No problems found.")
        return format_html(
            '<ul class="content-checks">{}</ul>',
            format_html_join(
                "",
                "<li><strong>{}:</strong> {}{}</li>",
                (
                    (level, message, f" (×{count})" if count > 1 else "")
                    for (level, message), count in counted.items()
                ),
            ),
        )

    @admin.display(description=_("state"))
    def workflow_state(self, obj):
        if obj is None or obj.pk is None:
            return _("Draft")
        parts = [str(self.review_state(obj))]
        if obj.approved_by_id:
            parts.append(
                _("approved by %(user)s on %(date)s (revision %(revision)s)")
                % {
                    "user": obj.approved_by.get_full_name() or obj.approved_by,
                    "date": timezone.localtime(obj.approved_at).strftime(
                        "%Y-%m-%d %H:%M"
                    ),
                    "revision": obj.approved_revision_id or "—",
                }
            )
        if obj.created_by_id:
            parts.append(_("written by %(user)s") % {"user": obj.created_by})
        if obj.last_edited_by_id:
            parts.append(_("last edited by %(user)s") % {"user": obj.last_edited_by})
        return " · ".join(str(p) for p in parts)

    @admin.display(description=_("review log"))
    def review_log(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        events = obj.review_events.select_related("user")[:20]
        if not events:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} — {} ({}){}</li>",
                (
                    (
                        timezone.localtime(e.created_at).strftime("%Y-%m-%d %H:%M"),
                        e.get_action_display(),
                        e.user or "—",
                        f": {e.comment}" if e.comment else "",
                    )
                    for e in events
                ),
            ),
        )

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

    # Saving with revisions ----------------------------------------------

    def add_view(self, request, form_url="", extra_context=None):
        with reversion.create_revision():
            reversion.set_user(request.user)
            return super().add_view(request, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, unquote(object_id))
        extra_context = {
            **(extra_context or {}),
            **self._workflow_context(request, article),
        }
        with reversion.create_revision():
            reversion.set_user(request.user)
            return super().change_view(request, object_id, form_url, extra_context)

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

    def _log_comment(self, request, entry):
        if reversion.is_active():
            note = request.POST.get("revision_comment", "").strip()
            message = entry.get_change_message()
            reversion.set_comment(f"{note} ({message})" if note else message)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self._log_comment(request, entry)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        self._log_comment(request, entry)
        return entry

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        # Only a change to what the reviewer approved (the workflow says
        # which fields) voids the approval.
        content_changed = not change or (
            set(form.changed_data) & set(workflow.reviewed_fields())
            or any(formset.has_changed() for formset in formsets)
        )
        if not content_changed:
            return
        if workflow.record_edit(article, request.user):
            self.message_user(
                request,
                _("The text changed after approval, so it is a draft again."),
                messages.WARNING,
            )

    # URLs and views -----------------------------------------------------

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path(
                "review-due/",
                wrap(self.review_due_view),
                name=f"{prefix}_review_due",
            ),
            path(
                "<path:object_id>/workflow/<str:action>/",
                wrap(self.transition_view),
                name=f"{prefix}_transition",
            ),
            path(
                "<path:object_id>/working-copy/",
                wrap(self.working_copy_view),
                name=f"{prefix}_working_copy",
            ),
            path(
                "<path:object_id>/schedule-update/",
                wrap(self.schedule_update_view),
                name=f"{prefix}_schedule_update",
            ),
            path(
                "<path:object_id>/versions/",
                wrap(self.versions_view),
                name=f"{prefix}_versions",
            ),
            path(
                "<path:object_id>/versions/compare/",
                wrap(self.compare_view),
                name=f"{prefix}_compare",
            ),
            path(
                "<path:object_id>/versions/<int:version_id>/preview/",
                wrap(self.preview_view),
                name=f"{prefix}_preview_version",
            ),
            path(
                "<path:object_id>/versions/<int:version_id>/restore/",
                wrap(self.restore_view),
                name=f"{prefix}_restore",
            ),
            path(
                "<path:object_id>/preview/",
                wrap(self.preview_view),
                name=f"{prefix}_preview",
            ),
            *super().get_urls(),
        ]

    def _url(self, name, *args):
        info = self.opts.app_label, self.opts.model_name
        return reverse(
            f"{self.admin_site.name}:{info[0]}_{info[1]}_{name}",
            args=[quote(a) if isinstance(a, str) else a for a in args],
        )

    def _article_or_404(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        return article

    def _context(self, request, **kwargs):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "app_label": self.opts.app_label,
            **kwargs,
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
        # Each step's own field where a page has several (articles.step_admin).
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

    def _require_view(self, request, article=None):
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied

    def _versions(self, article):
        return (
            Version.objects.get_for_object(article)
            .select_related("revision__user")
            .order_by("-pk")
        )

    def versions_view(self, request, object_id):
        article = self._article_or_404(request, object_id)
        self._require_view(request, article)
        return TemplateResponse(
            request,
            "admin/articles/article/versions.html",
            self._context(
                request,
                title=_("Versions of “%(title)s”") % {"title": article.title},
                original=article,
                versions=self._versions(article),
                can_restore=request.user.has_perm(workflow.CHANGE),
            ),
        )

    def _version(self, article, version_id):
        try:
            return self._versions(article).get(pk=version_id)
        except (Version.DoesNotExist, ValueError, TypeError):
            raise Http404 from None

    def compare_view(self, request, object_id):
        article = self._article_or_404(request, object_id)
        self._require_view(request, article)
        older = self._version(article, request.GET.get("from"))
        newer = self._version(article, request.GET.get("to"))
        if older.pk > newer.pk:
            older, newer = newer, older
        old, new = older.field_dict, newer.field_dict
        field_changes = [
            (Article._meta.get_field(name).verbose_name, old.get(name), new.get(name))
            for name in FIELDS_COMPARED
            if old.get(name) != new.get(name)
        ]
        body_diff = list(
            difflib.unified_diff(
                body_lines(old.get("body")),
                body_lines(new.get("body")),
                fromfile=str(older.revision.date_created),
                tofile=str(newer.revision.date_created),
                lineterm="",
                n=1,
            )
        )[2:]
        takeaway_diff = list(
            difflib.unified_diff(
                [t.text for t in workflow.version_takeaways(older)],
                [t.text for t in workflow.version_takeaways(newer)],
                lineterm="",
                n=0,
            )
        )[2:]
        return TemplateResponse(
            request,
            "admin/articles/article/compare.html",
            self._context(
                request,
                title=_("Changes to “%(title)s”") % {"title": article.title},
                original=article,
                older=older,
                newer=newer,
                field_changes=field_changes,
                body_diff=body_diff,
                takeaway_diff=takeaway_diff,
            ),
        )

    def preview_view(self, request, object_id, version_id=None):
        """The patient page as it would look, for the current text of any
        article (working copies included) or for an earlier version."""
        article = self._article_or_404(request, object_id)
        self._require_view(request, article)
        takeaways = None
        if version_id is not None:
            version = self._version(article, version_id)
            shown = version._object_version.object
            takeaways = workflow.version_takeaways(version)
            shown._refresh_derived_body()
        else:
            shown = article
        # In the article's language and direction, interface included, as
        # its patients will see it (whatever the staff member's language).
        with translation.override(shown.language):
            response = TemplateResponse(
                request,
                "articles/article_detail.html",
                {
                    "article": shown,
                    "related_cards": [],
                    "is_preview": True,
                    **article_page_context(
                        shown, request, content.render(shown, takeaways)
                    ),
                },
            ).render()
        add_never_cache_headers(response)
        return response

    def restore_view(self, request, object_id, version_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article_or_404(request, object_id)
        version = self._version(article, version_id)
        target = workflow.restore_version(version, request.user)
        self.message_user(
            request,
            _(
                "The earlier version is restored as a draft; it goes live only "
                "after review and publishing."
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self._url("change", str(target.pk)))

    def review_due_view(self, request):
        user = request.user
        if not (user.has_perm(workflow.APPROVE) or user.has_perm(workflow.PUBLISH)):
            raise PermissionDenied
        from django.conf import settings

        today = timezone.localdate()
        articles = list(
            Article.objects.review_due(today, settings.REVIEW_DUE_SOON_DAYS)
        )
        for article in articles:
            article.days_overdue = (
                (today - article.next_review_due).days
                if article.next_review_due
                else None
            )
        return TemplateResponse(
            request,
            "admin/articles/article/review_due.html",
            self._context(
                request,
                title=_("Medical reviews due"),
                articles=articles,
                today=today,
                within_days=settings.REVIEW_DUE_SOON_DAYS,
            ),
        )

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


@admin.register(ReviewReminder)
class ReviewReminderAdmin(admin.ModelAdmin):
    """What `review_reminders` sent, for audit; written only by the command."""

    list_display = ["sent_on", "kind", "recipient"]
    list_filter = ["kind", "sent_on"]
    list_select_related = ["recipient"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def _local(moment):
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")
