"""Everything that changes a subscriber or sends them email.

Views, the admin and the ``send_confirmations`` command call these
functions; none of them writes to ``Subscriber`` itself.
"""

import datetime
import enum
import logging

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from core.mail import SiteEmail
from core.origin import site_url

from .consent import CONSENT_VERSION
from .models import Subscriber, Suppression, normalize_email

logger = logging.getLogger(__name__)

CONFIRM_SALT = "newsletter.confirm"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"
# Long enough for someone who signs up on Friday and reads mail on Monday.
CONFIRM_MAX_AGE = datetime.timedelta(days=7)
# A pending address gets another confirmation email only after this long,
# so a stranger who keeps submitting someone's address can't flood them.
RESEND_AFTER = datetime.timedelta(minutes=10)
LAST_ERROR_MAX_LENGTH = 1000
# Unconfirmed signups are deleted after this (purge_unconfirmed command).
UNCONFIRMED_KEPT_FOR = datetime.timedelta(days=30)


class InvalidToken(Exception):
    """A confirm or unsubscribe link that is expired, altered or obsolete."""


class Outcome(enum.Enum):
    SUBSCRIBED = "subscribed"  # new, or back from unsubscribed
    STILL_PENDING = "still_pending"
    ALREADY_CONFIRMED = "already_confirmed"


def subscribe(*, email, language, source_path="", consent_version=CONSENT_VERSION):
    """Record a signup and send the confirmation email when one is due.

    Returns an ``Outcome`` for logging and tests; visitors get the same
    answer whatever it is, so that the form can't tell who is subscribed.
    A mail server failure leaves the subscriber pending with
    ``confirmation_sent_at`` empty, for ``send_confirmations`` to retry.
    """
    email = normalize_email(email)
    now = timezone.now()
    consent = {
        "language": language,
        "source_path": source_path[:500],
        "consent_version": consent_version,
        "consented_at": now,
    }
    subscriber, created = _get_or_create(email, consent)
    with transaction.atomic():
        # The lock makes concurrent signups of one address take turns, so
        # only one of them sends the email.
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status == Subscriber.Status.CONFIRMED:
            if not Suppression.objects.of(email).exists():
                return Outcome.ALREADY_CONFIRMED
            # The address bounced or complained: only its owner clicking
            # a new confirmation link takes it back (``confirm``).
            _restart(subscriber, consent)
            outcome = Outcome.STILL_PENDING
        elif subscriber.status == Subscriber.Status.UNSUBSCRIBED:
            _restart(subscriber, consent)
            outcome = Outcome.SUBSCRIBED
        elif not _confirmation_due(subscriber, now):
            # Also the case when a concurrent request for the same address
            # took the lock first and has just sent the email.
            return Outcome.STILL_PENDING
        elif created:
            outcome = Outcome.SUBSCRIBED
        else:
            _restart(subscriber, consent)
            outcome = Outcome.STILL_PENDING
        send_confirmation(subscriber)
    return outcome


def _get_or_create(email, defaults):
    try:
        return Subscriber.objects.with_email(email).get(), False
    except Subscriber.DoesNotExist:
        pass
    try:
        with transaction.atomic():
            return Subscriber.objects.create(email=email, **defaults), True
    except IntegrityError:
        # Another request created it between our read and our insert.
        return Subscriber.objects.with_email(email).get(), False


def _confirmation_due(subscriber, now):
    sent = subscriber.confirmation_sent_at
    return sent is None or now - sent >= RESEND_AFTER


def _restart(subscriber, consent):
    """Fresh consent, and a new confirmation cycle (older links stop
    working, as they carry the previous consent time)."""
    for field, value in consent.items():
        setattr(subscriber, field, value)
    subscriber.status = Subscriber.Status.PENDING
    subscriber.confirmed_at = None
    subscriber.unsubscribed_at = None
    subscriber.confirmation_sent_at = None
    subscriber.send_attempts = 0
    subscriber.last_error = ""
    subscriber.save()


# Tokens --------------------------------------------------------------------


def _consent_stamp(subscriber):
    return int(subscriber.consented_at.timestamp())


def make_confirm_token(subscriber):
    return signing.dumps([subscriber.pk, _consent_stamp(subscriber)], salt=CONFIRM_SALT)


def make_unsubscribe_token(subscriber):
    # Never expires: an unsubscribe link in a years-old email must work.
    return signing.dumps(subscriber.pk, salt=UNSUBSCRIBE_SALT)


def subscriber_for_confirm_token(token):
    """The subscriber a confirm link belongs to, or ``InvalidToken``."""
    try:
        pk, stamp = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except (signing.BadSignature, TypeError, ValueError) as error:
        raise InvalidToken from error
    subscriber = Subscriber.objects.filter(pk=pk).first()
    if (
        subscriber is None
        or _consent_stamp(subscriber) != stamp
        or subscriber.status == Subscriber.Status.UNSUBSCRIBED
    ):
        raise InvalidToken
    return subscriber


def subscriber_for_unsubscribe_token(token):
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as error:
        raise InvalidToken from error
    subscriber = Subscriber.objects.filter(pk=pk).first()
    if subscriber is None:
        raise InvalidToken
    return subscriber


@transaction.atomic
def confirm(token):
    """Confirm the subscription a link belongs to; confirming twice is fine.

    A confirmation lifts the suppression of a bounced or complaining
    address: its owner has just shown that it works and that they want
    the newsletter."""
    subscriber = subscriber_for_confirm_token(token)
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.status == Subscriber.Status.PENDING:
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["status", "confirmed_at"])
        Suppression.objects.of(subscriber.email).delete()
    elif subscriber.status != Subscriber.Status.CONFIRMED:
        raise InvalidToken
    return subscriber


@transaction.atomic
def unsubscribe(token):
    """Take the address off the list; unsubscribing twice is fine."""
    subscriber = subscriber_for_unsubscribe_token(token)
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.status != Subscriber.Status.UNSUBSCRIBED:
        subscriber.status = Subscriber.Status.UNSUBSCRIBED
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["status", "unsubscribed_at"])
    return subscriber


# Email ---------------------------------------------------------------------


def unsubscribe_url(subscriber):
    with translation.override(subscriber.language):
        path = reverse(
            "newsletter:unsubscribe",
            kwargs={"token": make_unsubscribe_token(subscriber)},
        )
    return site_url(path)


def list_headers(subscriber):
    """RFC 2369 and RFC 8058 headers, so mail clients can offer a one-click
    unsubscribe button; every email to a subscriber carries them."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(subscriber)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Content-Language": subscriber.language,
    }


def build_email(subscriber, template, context=None):
    """An HTML + plain-text email to ``subscriber`` in their language, from
    ``newsletter/email/<template>_subject.txt``, ``.txt`` and ``.html``."""
    with translation.override(subscriber.language):
        context = {
            "subscriber": subscriber,
            "language": subscriber.language,
            "site_url": settings.SITE_URL.rstrip("/"),
            "unsubscribe_url": unsubscribe_url(subscriber),
            **(context or {}),
        }
        prefix = f"newsletter/email/{template}"
        subject = render_to_string(f"{prefix}_subject.txt", context)
        text = render_to_string(f"{prefix}.txt", context)
        html = render_to_string(f"{prefix}.html", context)
    message = SiteEmail(
        subject=" ".join(subject.split()),
        body=text,
        to=[subscriber.email],
        headers=list_headers(subscriber),
    )
    message.attach_alternative(html, "text/html")
    return message


def build_confirmation_email(subscriber):
    with translation.override(subscriber.language):
        confirm_path = reverse(
            "newsletter:confirm", kwargs={"token": make_confirm_token(subscriber)}
        )
    message = build_email(
        subscriber, "confirm", {"confirm_url": site_url(confirm_path)}
    )
    # RFC 3834: out-of-office robots should not answer it.
    message.extra_headers["Auto-Submitted"] = "auto-generated"
    return message


def send_confirmation(subscriber):
    """Send the confirmation email and record the result on the row.

    Call it with the row locked (``select_for_update``) so that no other
    process sends the same email. Never raises for a delivery problem.
    """
    try:
        build_confirmation_email(subscriber).send()
    except Exception as error:
        # The address stays out of the log: the id is enough to find the
        # row, and an erased subscriber must not live on in log files.
        # No traceback: SMTP errors quote the recipient's address.
        logger.warning(
            "Confirmation email to subscriber %s not sent (%s)",
            subscriber.pk,
            type(error).__name__,
        )
        subscriber.send_attempts += 1
        subscriber.last_error = f"{type(error).__name__}: {error}"[
            :LAST_ERROR_MAX_LENGTH
        ]
        subscriber.save(update_fields=["send_attempts", "last_error"])
        return False
    subscriber.confirmation_sent_at = timezone.now()
    subscriber.last_error = ""
    subscriber.save(update_fields=["confirmation_sent_at", "last_error"])
    return True


def send_pending_confirmations(*, limit=None, dry_run=False):
    """Send the confirmation emails that could not go out at signup.

    Each row is claimed in its own short transaction with ``SKIP LOCKED``:
    two runs at once (cron overlapping a manual run) share the work instead
    of mailing anyone twice, and a signup of the same address waits at most
    for one email. Returns ``(sent, failed)``.
    """
    sent = failed = 0
    tried = []
    while limit is None or sent + failed < limit:
        with transaction.atomic():
            subscriber = (
                Subscriber.objects.awaiting_confirmation_email()
                .exclude(pk__in=tried)
                .order_by("pk")
                .select_for_update(skip_locked=True)
                .first()
            )
            if subscriber is None:
                break
            tried.append(subscriber.pk)
            if dry_run or send_confirmation(subscriber):
                sent += 1
            else:
                failed += 1
    return sent, failed


@transaction.atomic
def purge_unconfirmed(*, older_than=UNCONFIRMED_KEPT_FOR, dry_run=False):
    """Delete signups never confirmed within ``older_than``: an address
    nobody confirmed is personal data we have no consent to keep. Returns
    how many rows (would) go."""
    stale = Subscriber.objects.filter(
        status=Subscriber.Status.PENDING,
        consented_at__lt=timezone.now() - older_than,
    )
    if dry_run:
        return stale.count()
    deleted, _ = stale.delete()
    return deleted
