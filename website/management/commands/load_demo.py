"""Load the demo health article so a fresh install has something to show.

Safe to run on every `make run`: content that exists is left untouched, so
editors' changes to the demo article survive.
"""

from django.core.management.base import BaseCommand

from website.demo import load_demo_content


class Command(BaseCommand):
    help = (
        "Load the demo article, its category, author, reviewer, FAQ and "
        "references (idempotent)."
    )

    def handle(self, *args, **options):
        created = load_demo_content()
        if created:
            self.stdout.write(self.style.SUCCESS("Demo content loaded."))
        else:
            self.stdout.write("Demo content already present; nothing changed.")
