"""Bounces and spam complaints, as the email provider reports them.

The provider posts to anymail's tracking webhook (newsletter.webhook_urls),
which checks the shared secret and sends anymail's ``tracking`` signal for
each event; ``record_tracking_event`` keeps the bounces and complaints:

- a hard bounce or a complaint suppresses the address at once;
- soft bounces (mailbox full, server busy) are counted, one per message,
  and suppress it once NEWSLETTER_SOFT_BOUNCE_LIMIT messages bounced since
  the subscriber's last confirmation.

A suppressed address gets no issue (``issues.recipients``) until its
owner confirms it again (``services.confirm``).
"""

import logging

from anymail.signals import EventType, RejectReason, tracking
from django.conf import settings
from django.db import models, transaction
from django.dispatch import receiver
from django.utils import timezone

from .models import Bounce, Delivery, Subscriber, Suppression, normalize_email

logger = logging.getLogger(__name__)

DESCRIPTION_MAX_LENGTH = 1000
Kind = Bounce.Kind

# Providers that report temporary failures as bounces, and the field of
# their event that says so. Anymail reports these as BOUNCED like the
# permanent ones; other providers report them as DEFERRED.
SOFT_BOUNCE_FIELDS = {
    "Postmark": ("Type", {"SoftBounce", "Transient", "DnsError"}),
    "Brevo": ("event", {"soft_bounce"}),
    "SendGrid": ("type", {"blocked"}),
}


def kind_of(event, esp_name):
    """The Bounce kind of an anymail tracking event, or None for events
    that say nothing against the address (delivered, opened...)."""
    if event.event_type == EventType.COMPLAINED:
        return Kind.COMPLAINT
    if event.event_type == EventType.DEFERRED:
        return Kind.SOFT
    if event.event_type == EventType.REJECTED:
        # The provider refused to send: its own suppression list, or an
        # address that can't exist.
        if event.reject_reason in (RejectReason.BOUNCED, RejectReason.INVALID):
            return Kind.HARD
        return Kind.COMPLAINT if event.reject_reason == RejectReason.SPAM else None
    if event.event_type == EventType.BOUNCED:
        return Kind.SOFT if _reported_as_soft(event, esp_name) else Kind.HARD
    return None


def _reported_as_soft(event, esp_name):
    if esp_name == "Amazon SES":
        # anymail's description is "<bounceType>: <bounceSubType>".
        return (event.description or "").startswith("Transient")
    field, soft_values = SOFT_BOUNCE_FIELDS.get(esp_name, (None, ()))
    raw = event.esp_event if isinstance(event.esp_event, dict) else {}
    return field is not None and raw.get(field) in soft_values


def find_delivery(message_id):
    """The issue delivery a provider's message id names, with or without
    the angle brackets of the Message-ID header."""
    bare = (message_id or "").strip().strip("<>")
    if not bare:
        return None
    return (
        Delivery.objects.filter(message_id__in=[f"<{bare}>", bare])
        .select_related("subscriber")
        .first()
    )


def _subscriber_for(delivery, recipient):
    if delivery is not None:
        return delivery.subscriber
    if not recipient:
        return None
    return Subscriber.objects.with_email(recipient).first()


@receiver(tracking, dispatch_uid="newsletter.bounces")
def record_tracking_event(sender, event, esp_name, **kwargs):
    kind = kind_of(event, esp_name)
    if kind is None:
        return
    record(
        kind=kind,
        provider=esp_name,
        event_id=event.event_id or "",
        message_id=event.message_id or "",
        recipient=event.recipient or "",
        description=event.mta_response or event.description or "",
        occurred_at=event.timestamp or timezone.now(),
    )


@transaction.atomic
def record(
    *, kind, provider, event_id, message_id, recipient, description, occurred_at
):
    """Keep one bounce or complaint and suppress the address when it
    calls for it. Returns the Bounce, or None when nobody on the list had
    the message (a test send, an erased subscriber) or it was a repeat."""
    delivery = find_delivery(message_id)
    subscriber = _subscriber_for(delivery, recipient)
    if subscriber is None:
        logger.info("%s %s for no subscriber: ignored", provider, kind)
        return None
    # One event of a subscriber at a time, so two soft bounces arriving
    # together are counted against each other.
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if (
        event_id
        and Bounce.objects.filter(provider=provider, event_id=event_id).exists()
    ):
        return None  # the provider posted it again
    bounce = Bounce.objects.create(
        subscriber=subscriber,
        delivery=delivery,
        kind=kind,
        provider=provider[:32],
        event_id=event_id[:255],
        message_id=message_id[:255],
        description=description[:DESCRIPTION_MAX_LENGTH],
        occurred_at=occurred_at,
    )
    reason = suppression_reason(subscriber, kind)
    if reason:
        Suppression.objects.get_or_create(
            email=normalize_email(subscriber.email), defaults={"reason": reason}
        )
        logger.info("Subscriber %s suppressed: %s", subscriber.pk, reason)
    return bounce


def suppression_reason(subscriber, kind):
    if kind == Kind.HARD:
        return Suppression.Reason.HARD_BOUNCE
    if kind == Kind.COMPLAINT:
        return Suppression.Reason.COMPLAINT
    if soft_bounced_messages(subscriber) >= settings.NEWSLETTER_SOFT_BOUNCE_LIMIT:
        return Suppression.Reason.SOFT_BOUNCES
    return None


def soft_bounced_messages(subscriber):
    """How many messages soft-bounced since the subscriber last confirmed;
    a provider that retries reports one message several times."""
    soft = subscriber.bounces.filter(kind=Kind.SOFT)
    if subscriber.confirmed_at:
        soft = soft.filter(occurred_at__gte=subscriber.confirmed_at)
    counts = soft.aggregate(
        messages=models.Count(
            "message_id", distinct=True, filter=~models.Q(message_id="")
        ),
        unnamed=models.Count("pk", filter=models.Q(message_id="")),
    )
    return counts["messages"] + counts["unnamed"]
