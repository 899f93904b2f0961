"""What the article admin shows of the review: the list's state and checks
columns, the read-only review fields, the content checks and the log."""

from django.contrib import admin
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext_lazy as _

from ..body.checks import check_article
from . import versions

REVIEW_FIELDS = [
    "workflow_state",
    "content_check_list",
    "changes_since_approval",
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
    "changes_since_approval",
    "body_as_shown",
    "review_log",
]


class ReviewColumnsMixin:
    # Columns, fields ----------------------------------------------------

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
        if obj is not None and not self.has_change_permission(request, obj):
            # Read, not edited: the body as patients will see it, not its HTML.
            fieldsets = [
                (
                    name,
                    {
                        **options,
                        "fields": [
                            "body_as_shown" if f == "body" else f
                            for f in options["fields"]
                        ],
                    },
                )
                for name, options in fieldsets
            ]
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

    @admin.display(description=_("state"), ordering="status")
    def state_badge(self, obj):
        """The state at a glance: one coloured word (and why it is not
        the plain status: scheduled, a working copy, a review overdue)."""
        return format_html(
            '<span class="state-badge state-{}">{}</span>',
            _state_key(obj),
            self.review_state(obj),
        )

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

    @admin.display(description=_("body"))
    def body_as_shown(self, obj):
        # body_html is derived from the sanitized body (articles.body).
        return format_html(
            '<div class="body-as-shown" lang="{}" dir="{}">{}</div>',
            obj.language,
            get_language_info(obj.language)["bidi"] and "rtl" or "ltr",
            mark_safe(obj.body_html),  # noqa: S308
        )

    @admin.display(description=_("changes since the last approval"))
    def changes_since_approval(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        context = versions.changes_since_approval(obj)
        if context is None:
            return _("None: this is the text last approved, or none was yet.")
        return render_to_string(
            "admin/articles/article/includes/changes.html",
            {**context, "heading_level": 3},
        )

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


def _state_key(article):
    if article.is_working_copy:
        return "copy"
    if article.is_live_row and article.published_at > timezone.now():
        return "scheduled"
    if article.is_live_row and article.is_review_overdue():
        return "overdue"
    return article.status
