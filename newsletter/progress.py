"""How far an issue has gone out: counts for the admin and for cron logs."""

from django.db import models

from .models import Bounce, Delivery, Subscriber

COUNTED = ["queued", "sending", "sent", "failed", "skipped"]


def counts(issue):
    """{status: rows} for every delivery status, plus ``total``,
    ``unsubscribed_since`` (recipients who left after it was sent), and
    ``bounced`` and ``complained`` (messages the provider reported)."""
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
    result.update(_reported(issue))
    done = result["sent"] + result["failed"] + result["skipped"]
    result["percent"] = round(100 * done / result["total"]) if result["total"] else 0
    return result


def _reported(issue):
    reported = Bounce.objects.filter(delivery__issue=issue)
    return reported.aggregate(
        bounced=models.Count(
            "delivery",
            distinct=True,
            filter=models.Q(kind__in=[Bounce.Kind.HARD, Bounce.Kind.SOFT]),
        ),
        complained=models.Count(
            "delivery", distinct=True, filter=models.Q(kind=Bounce.Kind.COMPLAINT)
        ),
    )


def progress_line(issue):
    c = counts(issue)
    return (
        f"Issue {issue.pk} ({issue.language}, {issue.state}): "
        f"{c['sent']} sent, {c['queued'] + c['sending']} to go, "
        f"{c['failed']} failed, {c['skipped']} skipped of {c['total']} "
        f"({c['percent']}%); {c['bounced']} bounced, {c['complained']} complained"
    )
