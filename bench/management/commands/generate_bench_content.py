"""Fill a database with realistic content for `make bench`."""

from django.core.management.base import BaseCommand
from django.db import connection

from bench.content import generate


class Command(BaseCommand):
    help = (
        "Add articles (in every language, shaped like the seed article), FAQ "
        "entries and citations for benchmarks. Use an empty database: the "
        "rows are added, not replaced."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=2000)
        parser.add_argument("--faq", type=int, default=400)
        parser.add_argument("--citations", type=int, default=300)

    def handle(self, *args, **options):
        counts = generate(
            articles=options["articles"],
            faq_entries=options["faq"],
            citations=options["citations"],
        )
        if connection.vendor == "postgresql":
            # Planner statistics and the visibility map for the new rows
            # now, as autovacuum would make them a while later on a live site.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"Created {counts}."))
