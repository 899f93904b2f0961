"""The admin for newsletter issues: write, preview, test, approve, send,
and watch it go out."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from core.rich_text import sanitize_html

from . import delivery, issues, progress
from .models import NewsletterIssue, Subscriber

State = NewsletterIssue.State


def progress_texts(issue, counts):
    """The state and the sentences under the progress bar, in the staff
    member's language: the page shows them, and its script puts the
    refreshed ones in their place (static/js/newsletter_progress.js)."""
    return {
        "state_label": issue.get_state_display(),
        "counts_text": _(
            "%(sent)s sent, %(queued)s queued, %(failed)s failed, "
            "%(skipped)s skipped, %(gone)s unsubscribed since, of %(total)s"
        )
        % {
            "sent": counts["sent"],
            "queued": counts["queued"] + counts["sending"],
            "failed": counts["failed"],
            "skipped": counts["skipped"],
            "gone": counts["unsubscribed_since"],
            "total": counts["total"],
        },
        "reported_text": _(
            "The email provider reported %(bounced)s bounced and "
            "%(complained)s complaints; those addresses get no further issue."
        )
        % {"bounced": counts["bounced"], "complained": counts["complained"]},
    }


def _preview_message(issue, request):
    stand_in = Subscriber(email=request.user.email or "preview@example.org")
    stand_in.language = issue.language
    return issues.build_issue_email(issues.prepare(issue), stand_in)


@admin.register(NewsletterIssue)
class NewsletterIssueAdmin(admin.ModelAdmin):
    list_display = ["subject", "language", "kind", "state", "scheduled_for", "sent_at"]
    list_filter = ["state", "language", "kind"]
    search_fields = ["subject"]
    filter_horizontal = ["articles"]
    change_form_template = "admin/newsletter/newsletterissue/change_form.html"
    fields = [
        "language",
        "subject",
        "preheader",
        "body",
        "articles",
        "scheduled_for",
        "kind",
        "covers_from",
        "covers_until",
    ]

    def get_fields(self, request, obj=None):
        if obj is not None and not obj.is_editable:
            return ["body_as_sent" if f == "body" else f for f in self.fields]
        return self.fields

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.is_editable:
            return self.get_fields(request, obj)
        return ["kind", "covers_from", "covers_until"]

    @admin.display(description=_lazy("body"))
    def body_as_sent(self, issue):
        # Read-only once approved: shown as readers will see it, not as
        # markup. Sanitized on save already; again here, as it is cheap.
        return mark_safe(sanitize_html(issue.body))  # noqa: S308

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "articles":
            kwargs["queryset"] = db_field.related_model.objects.published().order_by(
                "language", "-published_at"
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/preview.html", view(self.preview_html), name="issue_html"),
            path("<int:pk>/preview.txt", view(self.preview_text), name="issue_text"),
            path("<int:pk>/progress.json", view(self.progress), name="issue_progress"),
            path("<int:pk>/act/", view(self.act), name="issue_act"),
            *super().get_urls(),
        ]

    def _issue(self, request, pk, permission="view"):
        issue = get_object_or_404(NewsletterIssue, pk=pk)
        allowed = {
            "view": self.has_view_permission,
            "change": self.has_change_permission,
        }[permission](request, issue)
        if not allowed:
            raise PermissionDenied
        return issue

    def preview_html(self, request, pk):
        message = _preview_message(self._issue(request, pk), request)
        return HttpResponse(message.alternatives[0][0])

    def preview_text(self, request, pk):
        message = _preview_message(self._issue(request, pk), request)
        return HttpResponse(message.body, content_type="text/plain; charset=utf-8")

    def progress(self, request, pk):
        issue = self._issue(request, pk)
        counts = progress.counts(issue)
        return JsonResponse(
            {"state": issue.state, **counts, **progress_texts(issue, counts)}
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        issue = NewsletterIssue.objects.filter(pk=object_id).first()
        if issue is not None:
            counts = progress.counts(issue)
            extra_context = {
                **(extra_context or {}),
                "issue": issue,
                "counts": counts,
                "texts": progress_texts(issue, counts),
                "problems": issues.problems(issue) if issue.is_editable else [],
            }
        return super().change_view(request, object_id, form_url, extra_context)

    @staticmethod
    def _back(issue):
        return HttpResponseRedirect(
            reverse("admin:newsletter_newsletterissue_change", args=[issue.pk])
        )

    def act(self, request, pk):
        return require_POST(self._act)(request, pk)

    def _act(self, request, pk):
        issue = self._issue(request, pk, "change")
        action = request.POST.get("action")
        handler = {
            "test": self._send_test,
            "approve": self._approve,
            "schedule": self._schedule,
            "send": self._send_now,
            "unapprove": self._unapprove,
        }.get(action)
        if handler is None:
            return HttpResponse(status=400)
        handler(request, issue)
        return self._back(issue)

    def _send_test(self, request, issue):
        addresses = [
            a.strip() for a in request.POST.get("addresses", "").split(",") if a.strip()
        ] or [request.user.email]
        addresses = [a for a in addresses if a]
        if not addresses:
            self.message_user(
                request, _("Your account has no email address."), messages.ERROR
            )
            return
        sent = issues.send_test(issue, addresses)
        self.message_user(
            request,
            _("Test sent to %(n)d address(es).") % {"n": sent},
            messages.SUCCESS,
        )

    def _approve(self, request, issue):
        if not request.user.has_perm("newsletter.approve_newsletterissue"):
            raise PermissionDenied
        if issue.created_by_id == request.user.pk:
            self.message_user(
                request, _("A second person must approve the issue."), messages.ERROR
            )
            return
        problems = issues.problems(issue)
        if problems:
            self.message_user(request, " ".join(problems), messages.ERROR)
            return
        updated = NewsletterIssue.objects.filter(pk=issue.pk, state=State.DRAFT).update(
            state=State.APPROVED, approved_by=request.user, approved_at=timezone.now()
        )
        if updated:
            self.message_user(request, _("Issue approved."), messages.SUCCESS)

    def _unapprove(self, request, issue):
        NewsletterIssue.objects.filter(
            pk=issue.pk, state__in=[State.APPROVED, State.SCHEDULED]
        ).update(state=State.DRAFT, approved_by=None, approved_at=None)

    def _schedule(self, request, issue):
        if issue.scheduled_for is None:
            self.message_user(request, _("Set “send at” first."), messages.ERROR)
            return
        NewsletterIssue.objects.filter(pk=issue.pk, state=State.APPROVED).update(
            state=State.SCHEDULED
        )
        self.message_user(request, _("Issue scheduled."), messages.SUCCESS)

    def _send_now(self, request, issue):
        try:
            queued = delivery.start_sending(issue.pk)
        except issues.IssueNotSendable as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        if queued:
            self.message_user(
                request,
                _("Sending to %(n)d subscribers.") % {"n": queued},
                messages.SUCCESS,
            )
