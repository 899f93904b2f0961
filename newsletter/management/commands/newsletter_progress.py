"""Print how far each newsletter issue has gone out, one line an issue:
for cron logs and for a look from the shell. ``send_newsletters`` prints
the same lines for the issues it is sending."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from newsletter.models import NewsletterIssue
from newsletter.progress import progress_line


class Command(BaseCommand):
    help = "Print the progress of issues being sent or sent in the last --days days."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=7,
            help="Also show issues sent within this many days (bounces "
            "keep arriving for a few days).",
        )

    def handle(self, *args, days, **options):
        since = timezone.now() - datetime.timedelta(days=days)
        shown = NewsletterIssue.objects.filter(
            state=NewsletterIssue.State.SENDING
        ) | NewsletterIssue.objects.filter(sent_at__gte=since)
        for issue in shown.order_by("sending_started_at", "pk"):
            self.stdout.write(progress_line(issue))
