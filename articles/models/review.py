import calendar
import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEFAULT_REVIEW_INTERVAL_MONTHS = 12


def add_months(day, months):
    """``day`` moved ``months`` ahead, clamped to the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last_day))


class ReviewEvent(models.Model):
    """One step of the editorial process, kept for audit: who did what to
    which article, when, with what comment and at which revision."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted for review")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned to author")
        PUBLISHED = "published", _("Published")
        SCHEDULED = "scheduled", _("Scheduled")
        UNPUBLISHED = "unpublished", _("Unpublished")
        REVIEW_CONFIRMED = "review_confirmed", _("Review confirmed, no changes")
        WORKING_COPY = "working_copy", _("Working copy started")
        TRANSLATION_STARTED = "translation_started", _("Translation started")
        WORKING_COPY_DISCARDED = "copy_discarded", _("Working copy discarded")
        UPDATE_SCHEDULED = "update_scheduled", _("Update scheduled")
        UPDATE_UNSCHEDULED = "update_unscheduled", _("Scheduled update cancelled")
        IMAGE_ERASED = "image_erased", _("Image erased")
        RESTORED = "restored", _("Earlier version restored")
        TAKEN_BACK = "taken_back", _("Taken back to draft")

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="review_events"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True)
    revision = models.ForeignKey(
        "reversion.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("review event")
        verbose_name_plural = _("review events")

    def __str__(self):
        return f"{self.get_action_display()} ({self.created_at:%Y-%m-%d})"


class ReviewReminder(models.Model):
    """A reminder mail sent, one per recipient, kind and day, so that
    ``review_reminders`` can run from cron as often as it likes."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Reviews due")
        ESCALATION = "escalation", _("Reviews overdue (escalation)")

    sent_on = models.DateField(_("sent on"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    article_ids = models.JSONField(_("articles"), default=list)

    class Meta:
        ordering = ["-sent_on", "pk"]
        verbose_name = _("review reminder")
        verbose_name_plural = _("review reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["sent_on", "recipient", "kind"],
                name="review_reminder_once_a_day",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.sent_on}"
