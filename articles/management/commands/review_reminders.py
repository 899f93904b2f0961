from django.core.management.base import BaseCommand, CommandError

from articles.workflow.reminders import send_review_reminders


class Command(BaseCommand):
    help = (
        "Mail each medical reviewer the articles due for review, and "
        "publishers the ones long overdue. Sends each mail at most once a "
        "day, so it is safe to run from cron as often as you like."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List who would get a mail, send nothing and record nothing.",
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        run = send_review_reminders(dry_run=dry_run)
        verb = "Would send" if dry_run else "Sent"
        if verbosity >= 2:
            for kind, email, count in run.sent:
                self.stdout.write(f"{verb} {kind} to {email}: {count} articles")
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {len(run.sent)} mails; {run.already_sent} already sent today."
            )
        )
        if run.failed:
            # A non-zero exit makes cron report it.
            raise CommandError(
                f"Could not mail {', '.join(run.failed)}; the next run retries."
            )
