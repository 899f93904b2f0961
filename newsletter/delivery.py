"""Sending an issue: each subscriber mailed once, whatever crashes.

``start_sending`` creates one ``Delivery`` row per recipient (unique per
issue and subscriber) and starts ``send_issue`` tasks on the job queue
(django-tasks' database backend: docs/newsletter.md says why). Each task
claims batches of queued rows with ``FOR UPDATE SKIP LOCKED``, so workers
on any number of machines share the rows and never take the same one, and
sends a batch through one mail connection.

A batch's claim is tied to a PostgreSQL advisory lock that its worker
holds while it sends: when the worker dies its connection closes and the
lock goes with it, which is how the others know to take its rows back.
Rows are sent in id order and each is marked in its own transaction right
after the mail server accepted it; so of a dead worker's claimed rows only
the first can have gone out unmarked. That one is marked failed as "in
doubt" rather than sent again, the rest are queued again.
"""

import dataclasses
import logging
import secrets
import smtplib
import time

from django.conf import settings
from django.core.cache import cache
from django.core.mail import get_connection
from django.db import connection, transaction
from django.utils import timezone
from django_tasks import task

from core.mail import is_permanent, retry_wait

from . import issues
from .models import Delivery, NewsletterIssue, Subscriber, Suppression

logger = logging.getLogger(__name__)

MAX_DELIVERY_ATTEMPTS = 5
ERROR_MAX_LENGTH = 1000
IN_DOUBT = (
    "The worker stopped while sending this message: it may have gone out, "
    "so it is not sent again."
)
SENDABLE_STATES = (NewsletterIssue.State.APPROVED, NewsletterIssue.State.SCHEDULED)


@dataclasses.dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    retrying: int = 0
    skipped: int = 0


# Starting -------------------------------------------------------------------


def start_sending(issue_id):
    """Queue the issue for its recipients and start the workers on it.

    Returns how many deliveries were queued. Raises
    ``issues.IssueNotSendable`` with the reasons when it can't go out; an
    issue already sending or sent is left alone (a double click sends once).
    """
    with transaction.atomic():
        issue = NewsletterIssue.objects.select_for_update().get(pk=issue_id)
        if issue.state not in SENDABLE_STATES:
            return 0
        problems = issues.problems(issue)
        if problems:
            raise issues.IssueNotSendable(" ".join(problems))
        queued = _create_deliveries(issue)
        issue.state = NewsletterIssue.State.SENDING
        issue.sending_started_at = timezone.now()
        issue.save(update_fields=["state", "sending_started_at", "updated_at"])
        transaction.on_commit(lambda: start_workers(issue_id))
    logger.info("Issue %s: %s deliveries queued", issue_id, queued)
    return queued


def _create_deliveries(issue):
    # One INSERT ... SELECT: the list never passes through Python, so a
    # 100,000-address list costs the worker no memory.
    select, params = (
        issues.recipients(issue).order_by().values("pk").query.sql_with_params()
    )
    table = Delivery._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (issue_id, subscriber_id, status, attempts, "
            "error, message_id) "
            f"SELECT %s, recipient.pk, %s, 0, '', '' FROM ({select}) recipient "
            "ON CONFLICT DO NOTHING",
            [issue.pk, Delivery.Status.QUEUED, *params],
        )
        return cursor.rowcount


@task(queue_name="newsletter")
def send_issue_task(issue_id):
    report = send_issue(issue_id)
    return dataclasses.asdict(report)


def start_workers(issue_id, *, run_after=None, count=None):
    job = send_issue_task.using(run_after=run_after) if run_after else send_issue_task
    for _ in range(count or settings.NEWSLETTER_SEND_TASKS):
        job.enqueue(issue_id)


def start_due_issues(now=None):
    """Start the scheduled issues whose time has come (cron or the
    ``send_newsletters`` command)."""
    started = []
    for issue_id in NewsletterIssue.objects.due(now or timezone.now()).values_list(
        "pk", flat=True
    ):
        try:
            start_sending(issue_id)
            started.append(issue_id)
        except issues.IssueNotSendable as error:
            logger.error("Scheduled issue %s not sent: %s", issue_id, error)
    return started


def resume_sending():
    """For each issue being sent: take back dead workers' rows and start
    workers on it. Yields ``(issue, rows taken back)``. Starting more
    workers than needed is harmless: one with nothing to claim stops."""
    for issue in NewsletterIssue.objects.filter(state=NewsletterIssue.State.SENDING):
        requeued = recover_abandoned(issue.pk)
        start_workers(issue.pk)
        yield issue, requeued


# Sending --------------------------------------------------------------------


def send_issue(issue_id, *, batch_size=None):
    """Send batches of the issue until none is ready, then finish it or
    come back when the next retry is due."""
    batch_size = batch_size or settings.NEWSLETTER_BATCH_SIZE
    report = SendReport()
    recover_abandoned(issue_id)
    issue = NewsletterIssue.objects.get(pk=issue_id)
    if issue.state != NewsletterIssue.State.SENDING:
        return report
    prepared = issues.prepared(issue)
    while True:
        key, ids = claim_batch(issue_id, batch_size)
        if not ids:
            break
        try:
            if not send_batch(prepared, ids, report):
                break  # the mail server is unreachable: retry later
        finally:
            _unlock(key)
    finish_or_come_back(issue_id)
    return report


def claim_batch(issue_id, size):
    """Up to ``size`` queued rows due now, marked as this batch's, under an
    advisory lock held until the batch is done."""
    key = secrets.randbits(63)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [key])
    table = Delivery._meta.db_table
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET status = %s, claimed_by = %s WHERE id IN ("
                f" SELECT id FROM {table} WHERE issue_id = %s AND status = %s"
                " AND (next_attempt_at IS NULL OR next_attempt_at <= now())"
                " ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED"
                ") RETURNING id",
                [Delivery.Status.SENDING, key, issue_id, Delivery.Status.QUEUED, size],
            )
            ids = sorted(row[0] for row in cursor.fetchall())
    except BaseException:
        _unlock(key)
        raise
    if not ids:
        _unlock(key)
    return key, ids


def _unlock(key):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


def send_batch(prepared, ids, report):
    """Send the claimed rows ``ids`` in order through one connection.
    Returns False when the mail server could not be reached."""
    limiter = RateLimiter()
    mail = get_connection(fail_silently=False)
    try:
        for position, delivery_id in enumerate(ids):
            limiter.wait()
            if not _send_one(mail, prepared, delivery_id, report):
                _release(ids[position + 1 :])
                return False
    finally:
        try:
            mail.close()
        except Exception:  # a broken connection is closed all the same
            logger.debug("Closing the mail connection failed", exc_info=True)
    return True


def _recipient(delivery_id):
    """The delivery's subscriber if they still get the issue, read under a
    share lock: an unsubscribe waits for this message to be sent or
    skipped, so nobody is mailed after their unsubscribe was recorded."""
    rows = Subscriber.objects.raw(
        f"SELECT s.* FROM {Subscriber._meta.db_table} s"
        f" JOIN {Delivery._meta.db_table} d ON d.subscriber_id = s.id"
        " WHERE d.id = %s FOR SHARE OF s",
        [delivery_id],
    )
    subscriber = next(iter(rows), None)
    if subscriber is None or subscriber.status != Subscriber.Status.CONFIRMED:
        return None
    # Asked only now that the row is locked: a bounce being recorded holds
    # the same row while it suppresses the address.
    if Suppression.objects.filter(email=subscriber.email).exists():
        return None
    return subscriber


def _send_one(mail, prepared, delivery_id, report):
    """Send one claimed row and mark it, in one transaction. Returns False
    when the connection is gone."""
    with transaction.atomic():
        subscriber = _recipient(delivery_id)
        if subscriber is None:
            _mark(delivery_id, Delivery.Status.SKIPPED)
            report.skipped += 1
            return True
        message = issues.build_issue_email(prepared, subscriber)
        try:
            # Opened by the batch's first message and kept: Django's
            # send_messages() would otherwise connect (and EHLO) for
            # every message. A no-op while the connection is up.
            mail.open()
            mail.send_messages([message])
        except Exception as error:
            return _failed(Delivery.objects.get(pk=delivery_id), error, report)
        _mark(
            delivery_id,
            Delivery.Status.SENT,
            message_id=issues.message_id(message)[:255],
            sent_at=timezone.now(),
        )
        report.sent += 1
    return True


def _mark(delivery_id, status, **fields):
    Delivery.objects.filter(pk=delivery_id).update(
        status=status, claimed_by=None, **fields
    )


def _failed(delivery, error, report):
    delivery.attempts += 1
    delivery.error = f"{type(error).__name__}: {error}"[:ERROR_MAX_LENGTH]
    # The log gets the row, not the address an SMTP error may quote.
    logger.warning("Delivery %s failed (%s)", delivery.pk, type(error).__name__)
    failure = {"attempts": delivery.attempts, "error": delivery.error}
    if is_permanent(error) or delivery.attempts >= MAX_DELIVERY_ATTEMPTS:
        _mark(delivery.pk, Delivery.Status.FAILED, **failure)
        report.failed += 1
    else:
        retry_at = timezone.now() + retry_wait(delivery.attempts)
        _mark(delivery.pk, Delivery.Status.QUEUED, next_attempt_at=retry_at, **failure)
        report.retrying += 1
    return not is_connection_lost(error)


def is_connection_lost(error):
    # SMTP's own errors are OSErrors too; those answer about one message
    # on a connection that still works.
    if isinstance(error, (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError)):
        return True
    return isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException)


def _release(ids):
    """Rows of a batch cut short were never tried: back in the queue."""
    Delivery.objects.filter(pk__in=ids, status=Delivery.Status.SENDING).update(
        status=Delivery.Status.QUEUED, claimed_by=None
    )


def recover_abandoned(issue_id=None):
    """Take back the rows of batches whose worker died. Returns how many
    rows were queued again."""
    claimed = Delivery.objects.filter(status=Delivery.Status.SENDING)
    if issue_id is not None:
        claimed = claimed.filter(issue_id=issue_id)
    requeued = 0
    for key in claimed.values_list("claimed_by", flat=True).distinct():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            if not cursor.fetchone()[0]:
                continue  # its worker is alive and sending
        try:
            requeued += _recover_batch(key)
        finally:
            _unlock(key)
    return requeued


@transaction.atomic
def _recover_batch(key):
    ids = list(
        Delivery.objects.select_for_update()
        .filter(claimed_by=key, status=Delivery.Status.SENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not ids:
        return 0
    in_doubt, *untried = ids
    Delivery.objects.filter(pk=in_doubt).update(
        status=Delivery.Status.FAILED, claimed_by=None, error=IN_DOUBT
    )
    logger.warning("Delivery %s in doubt after a worker stopped", in_doubt)
    _release(untried)
    return len(untried)


def finish_or_come_back(issue_id):
    """Mark the issue sent once no row is left, or start a worker for when
    the next retry is due."""
    left = Delivery.objects.filter(
        issue_id=issue_id,
        status__in=[Delivery.Status.QUEUED, Delivery.Status.SENDING],
    )
    if left.filter(status=Delivery.Status.SENDING).exists():
        return  # another worker is on it and will come back here
    # One query: another worker may send the last rows between two.
    next_row = left.order_by("next_attempt_at").only("next_attempt_at").first()
    if next_row is None:
        NewsletterIssue.objects.filter(
            pk=issue_id, state=NewsletterIssue.State.SENDING
        ).update(state=NewsletterIssue.State.SENT, sent_at=timezone.now())
        return
    start_workers(issue_id, run_after=next_row.next_attempt_at, count=1)


# Rate limit -------------------------------------------------------------------


class RateLimiter:
    """The provider's quota (NEWSLETTER_MAX_PER_SECOND and _PER_HOUR),
    counted in the shared cache so that it holds across all workers."""

    def __init__(self):
        self.windows = [
            (window, limit)
            for window, limit in (
                (1, settings.NEWSLETTER_MAX_PER_SECOND),
                (3600, settings.NEWSLETTER_MAX_PER_HOUR),
            )
            if limit
        ]

    def wait(self):
        for window, limit in self.windows:
            while not self._take(window, limit):
                time.sleep(window - time.time() % window if window == 1 else 5)

    def _take(self, window, limit):
        key = f"newsletter:rate:{window}:{int(time.time() // window)}"
        try:
            cache.add(key, 0, timeout=window * 2)
            return cache.incr(key) <= limit
        except Exception:
            # Without the cache, each worker keeps to the limit on its own.
            logger.warning("Send rate counted per worker: cache error")
            time.sleep(1 / limit if window == 1 else 0)
            return True
