"""`manage.py prune_media`: list, or with --delete remove, the uploads that
no article, author, FAQ answer or saved version names any more
(articles/media_cleanup.py)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from articles import media_cleanup


class Command(BaseCommand):
    help = "List (or delete, with --delete) media objects nothing names any more."

    def add_arguments(self, parser):
        parser.add_argument(
            "--delete", action="store_true", help="Delete them; without it, list."
        )
        parser.add_argument(
            "--older-than-days",
            type=float,
            default=2,
            help="Leave objects stored more recently alone (default: %(default)s).",
        )

    def handle(self, delete, older_than_days, **options):
        if older_than_days < 0:
            raise CommandError("--older-than-days must be 0 or more.")
        unused = media_cleanup.unused_objects(
            older_than=datetime.timedelta(days=older_than_days)
        )
        for name in unused:
            self.stdout.write(name)
        if delete:
            media_cleanup.delete(unused)
            self.stdout.write(f"Deleted {len(unused)} unused media objects.")
        else:
            self.stdout.write(
                f"{len(unused)} unused media objects; run with --delete to delete them."
            )
