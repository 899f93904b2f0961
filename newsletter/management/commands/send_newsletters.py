from django.core.management.base import BaseCommand

from newsletter import delivery
from newsletter.progress import progress_line


class Command(BaseCommand):
    """Run from cron every few minutes: it starts the issues whose sending
    time has come, takes back the rows of workers that died, and starts
    workers again on issues that still have rows to send (a worker killed
    mid-task does not restart its task by itself)."""

    help = "Start due newsletter issues, resume interrupted ones, print progress."

    def handle(self, *args, verbosity=1, **options):
        for issue_id in delivery.start_due_issues():
            self.stdout.write(f"Issue {issue_id}: sending started.")
        for issue, resumed in delivery.resume_sending():
            if verbosity:
                self.stdout.write(progress_line(issue))
            if resumed:
                self.stdout.write(f"Issue {issue.pk}: {resumed} rows taken back.")
