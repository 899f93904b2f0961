"""A workflow step becomes notifications: one row per recipient, mailed by
the notifications queue or kept for their daily digest. Nothing here
talks to the mail server, so a step never waits for it or fails with it."""

import logging

from django.db import transaction
from django.dispatch import receiver

from articles.signals import workflow_step_taken

from . import delivery
from .models import Notification, Preference
from .recipients import recipients

logger = logging.getLogger(__name__)

Delivery = Preference.Delivery
Status = Notification.Status


@receiver(workflow_step_taken)
def step_taken(sender, event, **kwargs):
    queue_notifications(event)


@transaction.atomic
def queue_notifications(event):
    """Record who hears about ``event`` and queue the mails of those who
    want one at every step. Returns the notifications."""
    people = recipients(event)
    chosen = {
        preference.user_id: preference.delivery
        for preference in Preference.objects.filter(user__in=people)
    }
    notifications = Notification.objects.bulk_create(
        Notification(
            recipient=person,
            event=event,
            status=Status.DIGEST
            if chosen.get(person.pk) == Delivery.DIGEST
            else Status.QUEUED,
        )
        for person in people
        if chosen.get(person.pk, Delivery.EACH) != Delivery.NONE
    )
    for notification in notifications:
        if notification.status == Status.QUEUED:
            # In this transaction: the task exists exactly when its row does.
            delivery.enqueue(notification)
    logger.info(
        "Step %s of article %s: %s notifications",
        event.action,
        event.article_id,
        len(notifications),
    )
    return notifications
