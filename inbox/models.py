from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Preference(models.Model):
    """How a staff member hears about their work, and in which language.
    A user without a row gets the defaults (``for_user``)."""

    class Delivery(models.TextChoices):
        EACH = "each", _("An email at every step")
        DIGEST = "digest", _("One email a day (daily digest)")
        NONE = "none", _("No email: the admin home is enough")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="inbox_preference",
    )
    language = models.CharField(
        _("language of my emails"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    delivery = models.CharField(
        _("emails about my work"),
        max_length=8,
        choices=Delivery,
        default=Delivery.EACH,
    )
    categories = models.ManyToManyField(
        "articles.Category",
        verbose_name=_("categories I review"),
        blank=True,
        related_name="+",
        help_text=_(
            "Articles of these categories wait for your review and you are "
            "told when one is submitted. None ticked: every category."
        ),
    )

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self):
        return str(self.user)

    @classmethod
    def for_user(cls, user):
        """The user's settings; unsaved defaults when they chose none."""
        return cls.objects.filter(user=user).first() or cls(user=user)


class OutgoingMail(models.Model):
    """A mail the notifications queue sends, retried while the mail server
    is down (``inbox.delivery``)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not sent")
        # A step waiting for the recipient's daily digest.
        DIGEST = "digest", _("For the daily digest")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        abstract = True


class Digest(OutgoingMail):
    """One staff member's daily digest: what happened (its notifications)
    and what waits. One per recipient and day, so a second run of
    ``send_inbox_digest`` the same day sends nothing."""

    day = models.DateField(_("day"))

    class Meta:
        ordering = ["-day", "pk"]
        verbose_name = _("daily digest")
        verbose_name_plural = _("daily digests")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "day"], name="inbox_digest_once_a_day"
            )
        ]

    def __str__(self):
        return f"{self.recipient} {self.day}"


class Notification(OutgoingMail):
    """A workflow step one staff member hears about: mailed on its own, or
    in their next daily digest."""

    event = models.ForeignKey(
        "articles.ReviewEvent",
        verbose_name=_("step"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    digest = models.ForeignKey(
        Digest,
        verbose_name=_("daily digest"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event"], name="inbox_notification_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["recipient", "status"], name="inbox_notification_status"
            )
        ]

    def __str__(self):
        return f"{self.event} → {self.recipient}"
