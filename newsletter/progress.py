"""How far an issue has gone out: counts for the admin and for cron logs."""

from django.db import models

from .models import Delivery, Subscriber

COUNTED = ["queued", "sending", "sent", "failed", "skipped"]


def counts(issue):
    """{status: rows} for every delivery status, plus ``total`` and
    ``unsubscribed_since`` (recipients who left after it was sent)."""
    rows = dict(
        issue.deliveries.order_by().values_list("status").annotate(n=models.Count("pk"))
    )
    result = {status: rows.get(status, 0) for status in COUNTED}
    result["total"] = sum(rows.values())
    result["unsubscribed_since"] = (
        issue.deliveries.filter(
            status=Delivery.Status.SENT,
            subscriber__status=Subscriber.Status.UNSUBSCRIBED,
            subscriber__unsubscribed_at__gte=issue.sending_started_at,
        ).count()
        if issue.sending_started_at
        else 0
    )
    done = result["sent"] + result["failed"] + result["skipped"]
    result["percent"] = round(100 * done / result["total"]) if result["total"] else 0
    return result


def progress_line(issue):
    c = counts(issue)
    return (
        f"Issue {issue.pk} ({issue.language}, {issue.state}): "
        f"{c['sent']} sent, {c['queued'] + c['sending']} to go, "
        f"{c['failed']} failed, {c['skipped']} skipped of {c['total']} "
        f"({c['percent']}%)"
    )
