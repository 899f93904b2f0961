import unicodedata

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from core.rich_text import SanitizedRichTextField

EMAIL_MAX_LENGTH = 254  # RFC 5321: the longest address a mail server accepts
MAX_SEND_ATTEMPTS = 5


def normalize_email(email):
    # Addresses are compared case-insensitively everywhere (the unique
    # constraint is on lower(email)), so store them in that form too.
    return unicodedata.normalize("NFC", email.strip()).lower()


class SubscriberQuerySet(models.QuerySet):
    def with_email(self, email):
        # Filtering on lower(email) lets PostgreSQL use the unique index.
        return self.alias(email_lower=Lower("email")).filter(
            email_lower=normalize_email(email)
        )

    def confirmed(self):
        return self.filter(status=Subscriber.Status.CONFIRMED)

    def awaiting_confirmation_email(self):
        """Pending subscribers whose confirmation email has not gone out
        (the mail server was down), and that are still worth retrying."""
        return self.filter(
            status=Subscriber.Status.PENDING,
            confirmation_sent_at__isnull=True,
            send_attempts__lt=MAX_SEND_ATTEMPTS,
        )

    def counts_by_status(self):
        """{status: count} for every status, zeros included, in one query."""
        counts = dict.fromkeys(Subscriber.Status.values, 0)
        rows = self.order_by().values_list("status").annotate(n=models.Count("pk"))
        counts.update(dict(rows))
        return counts


class Subscriber(models.Model):
    """One address on the e-newsletter list, with the consent behind it.

    No IP address is stored: the rate limit keeps a keyed hash of it in the
    cache for a minute, and nothing else.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    email = models.EmailField(_("email address"), max_length=EMAIL_MAX_LENGTH)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Emails go out in this language: the one of the signup page."),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status,
        default=Status.PENDING,
        db_index=True,
    )
    consent_version = models.CharField(
        _("consent wording version"),
        max_length=32,
        help_text=_("Which wording of the consent checkbox the subscriber ticked."),
    )
    consented_at = models.DateTimeField(_("consent given at"))
    source_path = models.CharField(_("signed up on page"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("signed up at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(
        _("confirmation email sent at"),
        null=True,
        blank=True,
        help_text=_(
            "Empty while the confirmation email has not gone out; "
            "`manage.py send_confirmations` retries those."
        ),
    )
    send_attempts = models.PositiveSmallIntegerField(
        _("failed send attempts"), default=0
    )
    last_error = models.TextField(_("last sending error"), blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        constraints = [
            models.UniqueConstraint(
                Lower("email"), name="newsletter_subscriber_unique_email_ci"
            ),
        ]

    def __str__(self):
        # Deliberately not the address: the admin copies str() into its
        # log, which would keep the address after an erasure request.
        return _("subscriber #%(id)s") % {"id": self.pk}

    @property
    def confirmation_sent(self):
        return self.confirmation_sent_at is not None


# Issues and their delivery ------------------------------------------------
# (sending: newsletter.delivery; digests: newsletter.digest)


class NewsletterIssueQuerySet(models.QuerySet):
    def due(self, now):
        """Scheduled issues whose sending time has come."""
        return self.filter(
            state=NewsletterIssue.State.SCHEDULED, scheduled_for__lte=now
        )


class NewsletterIssue(models.Model):
    """One email to every confirmed subscriber of one language.

    Written by the communication team, or filled with the articles published
    since the last digest (``newsletter.digest``). A second person approves
    it before it can be scheduled or sent.
    """

    class Kind(models.TextChoices):
        WRITTEN = "written", _("Written")
        DIGEST = "digest", _("Digest")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind, default=Kind.WRITTEN)
    subject = models.CharField(_("subject"), max_length=150)
    preheader = models.CharField(
        _("preheader"),
        max_length=150,
        blank=True,
        help_text=_("The line mail programs show after the subject in the inbox."),
    )
    body = SanitizedRichTextField(_("body"), blank=True)
    articles = models.ManyToManyField(
        "articles.Article",
        verbose_name=_("article cards"),
        blank=True,
        related_name="+",
        help_text=_("Published articles of the issue's language, shown as cards."),
    )
    # A digest covers the articles published in (covers_from, covers_until].
    covers_from = models.DateTimeField(_("covers articles from"), null=True, blank=True)
    covers_until = models.DateTimeField(
        _("covers articles until"), null=True, blank=True
    )
    state = models.CharField(
        _("state"), max_length=16, choices=State, default=State.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, editable=False)
    scheduled_for = models.DateTimeField(_("send at"), null=True, blank=True)
    sending_started_at = models.DateTimeField(
        _("sending started at"), null=True, editable=False
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = NewsletterIssueQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")
        permissions = [("approve_newsletterissue", _("Can approve newsletter issues"))]

    def __str__(self):
        return f"{self.subject} ({self.language})"

    @property
    def is_editable(self):
        return self.state == self.State.DRAFT


class Delivery(models.Model):
    """One issue to one subscriber: the row that makes sure it goes once.

    The address is never copied here: it is read from the subscriber when
    the message is built, so erasing a subscriber leaves only counts.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        # Claimed by a worker's batch (``claimed_by``), not yet marked.
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped")

    issue = models.ForeignKey(
        NewsletterIssue, on_delete=models.CASCADE, related_name="deliveries"
    )
    subscriber = models.ForeignKey(
        Subscriber,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliveries",
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    # The advisory lock key of the batch that claimed the row
    # (newsletter.delivery): while the lock is held its worker is alive.
    claimed_by = models.BigIntegerField(null=True, blank=True, editable=False)
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "subscriber"], name="newsletter_delivery_once"
            ),
        ]
        indexes = [
            models.Index(
                fields=["issue", "id"],
                condition=models.Q(status="queued"),
                name="newsletter_delivery_queued",
            ),
            models.Index(fields=["message_id"], name="newsletter_delivery_msgid"),
        ]

    def __str__(self):
        return f"{self.issue_id}/{self.subscriber_id}: {self.status}"


class SuppressionQuerySet(models.QuerySet):
    def of(self, email):
        return self.filter(email=normalize_email(email))


class Suppression(models.Model):
    """An address no issue goes to: it bounced hard, complained, or kept
    bouncing. It outlives unsubscribing and signing up again; only a new
    confirmation (the person clicking the link) lifts it."""

    class Reason(models.TextChoices):
        HARD_BOUNCE = "bounced", _("Hard bounce")
        SOFT_BOUNCES = "soft_bounces", _("Too many soft bounces")
        COMPLAINT = "complained", _("Spam complaint")
        MANUAL = "manual", _("Added by staff")

    email = models.EmailField(
        _("email address"), max_length=EMAIL_MAX_LENGTH, unique=True
    )
    reason = models.CharField(_("reason"), max_length=16, choices=Reason)
    created_at = models.DateTimeField(_("suppressed at"), auto_now_add=True)

    objects = SuppressionQuerySet.as_manager()

    class Meta:
        verbose_name = _("suppressed address")
        verbose_name_plural = _("suppressed addresses")

    def __str__(self):
        return self.get_reason_display()


class Bounce(models.Model):
    """A bounce or spam complaint the email provider reported for a
    message to a subscriber (newsletter.bounces): their history on the
    subscriber's admin page, and what suppresses the address."""

    class Kind(models.TextChoices):
        HARD = "hard", _("Hard bounce")
        SOFT = "soft", _("Soft bounce")
        COMPLAINT = "complaint", _("Spam complaint")

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="bounces"
    )
    # Empty when the provider's message id matched no issue delivery (a
    # confirmation email, or a provider that renames messages): the
    # recipient's address found the subscriber then.
    delivery = models.ForeignKey(
        Delivery,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bounces",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    provider = models.CharField(_("reported by"), max_length=32)
    # The provider's id of the event: it may post one event more than once.
    event_id = models.CharField(max_length=255, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True)
    description = models.TextField(_("what the provider said"), blank=True)
    occurred_at = models.DateTimeField(_("occurred at"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = _("bounce or complaint")
        verbose_name_plural = _("bounces and complaints")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "event_id"],
                condition=~models.Q(event_id=""),
                name="newsletter_bounce_event_once",
            ),
        ]

    def __str__(self):
        return self.get_kind_display()
