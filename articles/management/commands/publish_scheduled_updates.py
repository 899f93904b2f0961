"""`manage.py publish_scheduled_updates`: publish the approved working copies
whose scheduled time has come (run it every minute from cron or a
scheduler; see docs/deployment.md)."""

from django.core.management.base import BaseCommand

from articles import workflow


class Command(BaseCommand):
    help = "Publish the working copies whose scheduled time has come."

    def handle(self, **options):
        updated = workflow.publish_due_updates()
        for article in updated:
            self.stdout.write(f"Published the scheduled update of “{article}”.")
