"""Sending the staff mails from the "notifications" job queue.

Each mail is a row (``Notification`` or ``Digest``) and a django-tasks
task naming it, created in one transaction. The task sends the mail with
the row locked, so two tasks for one row (a retry queued again by
``requeue_stalled``) send it once. When the mail server is down or
answers "try later", the row records the attempt and a new task is
queued for later, waiting longer each time: a workflow step never
depends on the mail server, and its mail goes out once the server is back.

A worker killed after the server accepted a mail but before the row was
marked sends it again: a colleague may get a notification twice, never
none.
"""

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from core.mail import is_permanent, retry_wait

from . import emails
from .models import Digest, Notification

logger = logging.getLogger(__name__)

QUEUE = "notifications"
# Waits of core.mail.retry_wait: about a day of tries in all.
MAX_ATTEMPTS = 30
ERROR_MAX_LENGTH = 1000
# A queued mail whose retry is this late has lost its task (its worker
# died while running it): ``requeue_stalled`` queues it again.
STALLED_AFTER = datetime.timedelta(hours=1)

Status = Notification.Status


@task(queue_name=QUEUE)
def send_notification(notification_id):
    return deliver(Notification, notification_id)


@task(queue_name=QUEUE)
def send_digest(digest_id):
    return deliver(Digest, digest_id)


_TASKS = {Notification: send_notification, Digest: send_digest}
_BUILD = {Notification: emails.step_email, Digest: emails.digest_email}


def enqueue(mail, run_after=None):
    job = _TASKS[type(mail)]
    if run_after is not None:
        job = job.using(run_after=run_after)
    job.enqueue(mail.pk)


def deliver(model, pk):
    """Send the queued mail ``model`` ``pk``; returns its status."""
    with transaction.atomic():
        mail = model.objects.select_for_update().filter(pk=pk).first()
        if mail is None or mail.status != Status.QUEUED:
            return mail.status if mail else "gone"  # done by another task
        message = _BUILD[model](mail)
        if message is None:
            # No address any more, or they turned notifications off.
            return _mark(mail, Status.SKIPPED)
        try:
            message.send()
        except Exception as error:
            return _failed(mail, error)
        mail.error = ""
        mail.sent_at = timezone.now()
        if model is Digest:
            mail.notifications.update(status=Status.SENT, sent_at=mail.sent_at)
        return _mark(mail, Status.SENT)


def _mark(mail, status):
    mail.status = status
    mail.next_attempt_at = None
    mail.save(update_fields=["status", "next_attempt_at", "error", "sent_at"])
    return status


def _failed(mail, error):
    mail.attempts += 1
    mail.error = f"{type(error).__name__}: {error}"[:ERROR_MAX_LENGTH]
    # The row, not the address: SMTP errors quote the recipient.
    logger.warning(
        "%s %s not sent (%s)", type(mail).__name__, mail.pk, type(error).__name__
    )
    mail.save(update_fields=["attempts", "error"])
    if is_permanent(error) or mail.attempts >= MAX_ATTEMPTS:
        return _mark(mail, Status.FAILED)
    mail.next_attempt_at = timezone.now() + retry_wait(mail.attempts)
    mail.save(update_fields=["next_attempt_at"])
    enqueue(mail, run_after=mail.next_attempt_at)
    return Status.QUEUED


def requeue_stalled(now=None):
    """Queue again the mails whose task was lost; returns how many."""
    now = now or timezone.now()
    late = now - STALLED_AFTER
    count = 0
    for model in (Notification, Digest):
        stalled = model.objects.filter(status=Status.QUEUED).filter(
            next_attempt_at__lt=late
        ) | model.objects.filter(
            status=Status.QUEUED, next_attempt_at__isnull=True, created_at__lt=late
        )
        for mail in stalled:
            with transaction.atomic():
                model.objects.filter(pk=mail.pk).update(next_attempt_at=now)
                enqueue(mail)
            count += 1
    return count
