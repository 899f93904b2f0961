"""Send the confirmation emails that could not go out at signup.

When the mail server is down, a signup is still saved (pending, with no
confirmation sent) and the visitor sees the usual thank-you page. Run this
from cron, e.g. every five minutes; two runs at once share the work and
never email anyone twice. Addresses that failed five times are left for
staff to look at (the admin shows the last error).
"""

from django.core.management.base import BaseCommand

from newsletter.services import send_pending_confirmations


class Command(BaseCommand):
    help = "Send pending newsletter confirmation emails that failed earlier."

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit", type=int, default=None, help="Send at most this many."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count the emails that would be sent, send nothing.",
        )

    def handle(self, *args, limit, dry_run, **options):
        sent, failed = send_pending_confirmations(limit=limit, dry_run=dry_run)
        if dry_run:
            self.stdout.write(f"{sent} confirmation email(s) would be sent.")
            return
        if sent or options["verbosity"] > 1:
            self.stdout.write(self.style.SUCCESS(f"{sent} confirmation email(s) sent."))
        if failed:
            self.stderr.write(
                self.style.WARNING(
                    f"{failed} could not be sent; they will be retried next run."
                )
            )
