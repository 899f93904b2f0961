"""Queue today's daily digest for each staff member who chose one.

Run once a day (a systemd timer, docs/deployment.md); running it again the
same day queues nothing twice (inbox.digest). The notifications worker
sends the mails and retries them while the mail server is down."""

from django.core.management.base import BaseCommand

from inbox.digest import queue_digests


class Command(BaseCommand):
    help = (
        "Queue today's digest mail for each staff member who chose a daily "
        "digest, once a day, and queue again any staff mail whose task was "
        "lost."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show who would get a digest; queue nothing.",
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        run = queue_digests(dry_run=dry_run)
        if verbosity >= 2:
            for username in run.queued:
                self.stdout.write(f"  {username}")
        verb = "Would queue" if dry_run else "Queued"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {len(run.queued)} digests; {run.already_done} already "
                f"done today; {run.nothing_to_say} with nothing to say; "
                f"{run.requeued} stalled mails queued again."
            )
        )
