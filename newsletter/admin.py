import csv

from django.contrib import admin, messages
from django.db import transaction
from django.http import HttpResponse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .consent import CONSENT_TEXTS
from .models import Bounce, Subscriber, Suppression

# Spreadsheet programs run a cell that starts with one of these as a
# formula, and "=cmd|...@example.com" is a valid email address.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


CSV_COLUMNS = [
    "email",
    "language",
    "status",
    "consent_version",
    "consented_at",
    "confirmed_at",
    "source_path",
]


def _csv_cell(value):
    if value is None:
        return ""
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


class BounceInline(admin.TabularInline):
    """What the email provider reported about this subscriber's mail."""

    model = Bounce
    fields = ["occurred_at", "kind", "issue", "provider", "description"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("Bounces and complaints")

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("delivery__issue")

    @admin.display(description=_("issue"))
    def issue(self, bounce):
        return bounce.delivery.issue if bounce.delivery else "–"


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    """Subscribers come only from the signup form, with their consent;
    staff can look, export, unsubscribe and erase, but not add or edit."""

    list_display = [
        "email",
        "status",
        "language",
        "consent_version",
        "created_at",
        "confirmed_at",
        "confirmation_sent",
    ]
    list_filter = ["status", "language", "consent_version"]
    search_fields = ["email"]
    date_hierarchy = "created_at"
    actions = ["export_consent_csv", "unsubscribe_selected"]
    fieldsets = [
        (
            None,
            {"fields": ["email", "status", "suppressed", "language", "source_path"]},
        ),
        (
            _("Consent"),
            {"fields": ["consent_version", "consent_wording", "consented_at"]},
        ),
        (
            _("History"),
            {"fields": ["created_at", "confirmed_at", "unsubscribed_at"]},
        ),
        (
            _("Confirmation email"),
            {"fields": ["confirmation_sent_at", "send_attempts", "last_error"]},
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        return [field for fieldset in self.fieldsets for field in fieldset[1]["fields"]]

    inlines = [BounceInline]

    def has_add_permission(self, request):
        # An address typed in by staff would have no consent behind it.
        return False

    @admin.display(description=_("suppressed"))
    def suppressed(self, obj):
        suppression = Suppression.objects.of(obj.email).first()
        if suppression is None:
            return _("No")
        return _("%(reason)s, since %(date)s; lifted when they confirm again") % {
            "reason": suppression.get_reason_display(),
            "date": formats.date_format(
                timezone.localtime(suppression.created_at), "DATETIME_FORMAT"
            ),
        }

    @admin.display(description=_("consent wording"))
    def consent_wording(self, obj):
        # The subscriber ticked the box in the language of the signup page;
        # that wording, not its English source, is what they agreed to.
        with translation.override(obj.language):
            return str(CONSENT_TEXTS.get(obj.consent_version, ""))

    @admin.display(boolean=True, description=_("confirmation sent"))
    def confirmation_sent(self, obj):
        return obj.confirmation_sent

    def changelist_view(self, request, extra_context=None):
        counts = Subscriber.objects.counts_by_status()
        extra_context = {
            **(extra_context or {}),
            "status_counts": [
                (label, counts[value]) for value, label in Subscriber.Status.choices
            ],
        }
        return super().changelist_view(request, extra_context)

    @admin.action(
        description=_("Export the selected subscribers and their consent as CSV"),
        permissions=["view"],
    )
    def export_consent_csv(self, request, queryset):
        """The consent record of each selected subscriber, whatever their
        status: what an auditor or the subscriber may ask to see."""
        stamp = timezone.localtime().strftime("%Y-%m-%d")
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="newsletter-subscribers-{stamp}.csv"'
        )
        response["Cache-Control"] = "no-store"
        writer = csv.writer(response)
        writer.writerow(CSV_COLUMNS)
        for row in queryset.order_by("created_at", "pk").values_list(*CSV_COLUMNS):
            writer.writerow([_csv_cell(value) for value in row])
        return response

    @admin.action(
        description=_("Unsubscribe selected subscribers"), permissions=["change"]
    )
    @transaction.atomic
    def unsubscribe_selected(self, request, queryset):
        count = queryset.exclude(status=Subscriber.Status.UNSUBSCRIBED).update(
            status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now()
        )
        message = ngettext(
            "%(count)d subscriber unsubscribed.",
            "%(count)d subscribers unsubscribed.",
            count,
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)


# Newsletter issues have their own module; registering them needs its import.
from . import issue_admin  # noqa: E402, F401
