"""Delete newsletter signups that were never confirmed.

A pending row holds an address that nobody confirmed, so there is no
consent to keep it: after 30 days (longer than any confirm link lives) it
goes. Run it daily from cron.
"""

import datetime

from django.core.management.base import BaseCommand

from newsletter.services import UNCONFIRMED_KEPT_FOR, purge_unconfirmed


class Command(BaseCommand):
    help = "Delete newsletter signups left unconfirmed for more than --days days."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=UNCONFIRMED_KEPT_FOR.days,
            help="Age in days after which an unconfirmed signup is deleted.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Count, delete nothing."
        )

    def handle(self, *args, days, dry_run, **options):
        count = purge_unconfirmed(
            older_than=datetime.timedelta(days=days), dry_run=dry_run
        )
        verb = "would be deleted" if dry_run else "deleted"
        if count or dry_run or options["verbosity"] > 1:
            self.stdout.write(f"{count} unconfirmed signup(s) {verb}.")
