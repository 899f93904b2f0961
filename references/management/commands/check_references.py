"""Check that every citation's URL still answers, and record the outcome.

Sources move and journals reorganise their sites; a reference that leads
nowhere makes an article look untrustworthy. Run it from cron (weekly is
plenty); editors then see broken citations first in the admin.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from references.linkcheck import DEFAULT_TIMEOUT, DEFAULT_WORKERS, check_urls, record
from references.models import Citation

BAR_WIDTH = 30


class Command(BaseCommand):
    help = (
        "Request every citation URL (HEAD, GET when HEAD is refused) and record "
        "its status code, final URL and when it was checked."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--timeout",
            type=float,
            default=DEFAULT_TIMEOUT,
            help=f"Seconds to wait for each answer (default {DEFAULT_TIMEOUT:g}).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=DEFAULT_WORKERS,
            help=f"Requests at a time, one per host (default {DEFAULT_WORKERS}).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check and report, but record nothing.",
        )

    def handle(self, *args, timeout, workers, dry_run, verbosity, **options):
        if timeout <= 0 or workers < 1:
            raise CommandError("--timeout and --workers must be positive.")
        urls = list(
            Citation.objects.order_by("url").values_list("url", flat=True).distinct()
        )
        progress = Progress(self.stdout, len(urls), verbosity)
        started = timezone.now()
        broken = not_public = 0
        for result in check_urls(urls, timeout=timeout, workers=workers):
            if not dry_run:
                record(result, checked_at=started)
            not_public += result.not_public
            broken += not result.ok and not result.not_public
            progress.step(result)
        progress.finish()
        summary = f"{len(urls)} URLs checked, {broken} broken."
        if not_public:
            summary += f" {not_public} not checked: address not public."
        if dry_run:
            summary += " Dry run: nothing recorded."
        style = self.style.WARNING if broken or not_public else self.style.SUCCESS
        self.stdout.write(style(summary))


class Progress:
    """A bar redrawn in place on a terminal; one line per URL otherwise
    (cron mail and CI logs can't redraw, and a line per URL says which
    one failed)."""

    def __init__(self, stdout, total, verbosity):
        self.stdout, self.total, self.verbosity = stdout, total, verbosity
        self.done = 0
        self.tty = stdout.isatty()

    def step(self, result):
        self.done += 1
        if self.verbosity == 0:
            return
        if self.tty:
            filled = BAR_WIDTH * self.done // max(1, self.total)
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            self.stdout.write(f"\r[{bar}] {self.done}/{self.total}", ending="")
            self.stdout.flush()
        else:
            outcome = result.error or result.status_code
            self.stdout.write(f"[{self.done}/{self.total}] {outcome} {result.url}")

    def finish(self):
        if self.tty and self.verbosity and self.total:
            self.stdout.write("")
