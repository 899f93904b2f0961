"""The daily digest: once a day (``send_inbox_digest``), each staff member
who chose it gets one mail with the steps they were told of since their
last digest and the work that waits for them.

A ``Digest`` row per recipient and day, created with the steps it claims
and its task in one transaction, makes the command safe to run again: a
second run the same day queues nothing for those already done, and picks
up those a crashed run did not reach. Sending (and retrying while the
mail server is down) is the notifications queue's job."""

import dataclasses

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import delivery, work
from .models import Digest, Notification, Preference

Status = Notification.Status


@dataclasses.dataclass
class DigestRun:
    queued: list = dataclasses.field(default_factory=list)  # usernames
    already_done: int = 0
    nothing_to_say: int = 0
    requeued: int = 0


def digest_readers():
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            inbox_preference__delivery=Preference.Delivery.DIGEST,
        )
        .exclude(email="")
        .order_by("pk")
    )


def _unsent_steps(user):
    return Notification.objects.filter(
        recipient=user, status=Status.DIGEST, digest__isnull=True
    )


def _has_work(user):
    return any(count.count for count in work.summary(user))


def queue_digests(day=None, dry_run=False):
    day = day or timezone.localdate()
    run = DigestRun()
    for user in digest_readers():
        if Digest.objects.filter(recipient=user, day=day).exists():
            run.already_done += 1
        elif not (_unsent_steps(user).exists() or _has_work(user)):
            run.nothing_to_say += 1
        elif dry_run or _queue(user, day):
            run.queued.append(user.get_username())
        else:
            run.already_done += 1
    if not dry_run:
        run.requeued = delivery.requeue_stalled()
    return run


def _queue(user, day):
    """Queue ``user``'s digest of ``day``; False if another run just did."""
    try:
        with transaction.atomic():
            digest = Digest.objects.create(recipient=user, day=day)
            _unsent_steps(user).update(digest=digest)
            delivery.enqueue(digest)
    except IntegrityError:
        return False
    return True
