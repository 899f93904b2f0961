"""What Site admins see of the staff mails: who chose what, and each mail
sent, waiting for a retry or failed (with the mail server's answer)."""

from django.contrib import admin

from .models import Digest, Notification, Preference


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "delivery", "language"]
    list_filter = ["delivery", "language"]
    search_fields = ["user__username", "user__email"]
    filter_horizontal = ["categories"]
    raw_id_fields = ["user"]


class OutgoingMailAdmin(admin.ModelAdmin):
    """Read only: rows are written by the workflow and the queue."""

    list_filter = ["status"]
    search_fields = ["recipient__username", "recipient__email"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(OutgoingMailAdmin):
    list_display = [
        "event",
        "recipient",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "error",
    ]
    list_select_related = ["event", "recipient"]


@admin.register(Digest)
class DigestAdmin(OutgoingMailAdmin):
    list_display = [
        "day",
        "recipient",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "error",
    ]
    list_select_related = ["recipient"]
