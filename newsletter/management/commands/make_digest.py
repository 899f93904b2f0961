"""Make the digest issue of one language, or of every language, from the
articles published since that language's previous digest.

Run it from cron (weekly, say). Nothing is created for a language with no
new article; a digest then waits for a second person's approval in the
admin, unless NEWSLETTER_DIGEST_AUTO_APPROVE is on (docs/newsletter.md).
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from newsletter.digest import make_digests


class Command(BaseCommand):
    help = "Create digest issues of the articles published since the last digest."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            help="The language of the digest.",
        )
        which.add_argument(
            "--all-languages",
            action="store_true",
            help="One digest per language that has new articles.",
        )
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Send it as soon as it is approved (at once when digests "
            "are approved automatically).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be made."
        )

    def handle(self, *args, language, all_languages, schedule, dry_run, **options):
        languages = (
            [code for code, _name in settings.LANGUAGES]
            if all_languages
            else [language]
        )
        for result in make_digests(languages, schedule=schedule, dry_run=dry_run):
            self._report(result, options["verbosity"])

    def _report(self, result, verbosity):
        if result.issue is None:
            if verbosity > 1 or result.note.startswith(("would", "digest")):
                self.stdout.write(f"{result.language}: {result.note}.")
            return
        issue = result.issue
        line = (
            f"{result.language}: digest {issue.pk} with "
            f"{issue.articles.count()} articles, {issue.get_state_display().lower()}"
        )
        if result.note:
            line += f" ({result.note})"
        self.stdout.write(self.style.SUCCESS(line + "."))
