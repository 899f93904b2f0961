import unicodedata

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

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
