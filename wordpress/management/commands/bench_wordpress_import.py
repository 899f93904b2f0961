"""Benchmark of import_wordpress: generates an export of POSTS posts in
five languages (and IMAGES images a post, in a local uploads folder),
imports it into the configured database and prints posts per second and
peak memory. Run it against a throwaway database: it writes."""

import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand

from wordpress import bench


class Command(BaseCommand):
    help = "Generate a WordPress export, import it, report speed and memory."

    def add_arguments(self, parser):
        parser.add_argument("--posts", type=int, default=10_000)
        parser.add_argument(
            "--images-per-post",
            type=int,
            default=0,
            help="Images in each post, written to a local uploads folder.",
        )

    def handle(self, *args, **options):
        with tempfile.TemporaryDirectory() as folder:
            folder = Path(folder)
            media_dir = folder / "uploads" if options["images_per_post"] else None
            export = folder / "export.xml"
            bench.write_export(
                export, options["posts"], options["images_per_post"], media_dir
            )
            size_mb = export.stat().st_size / 1_000_000
            report, seconds, peak_mb = bench.run(export, media_dir)
        imported = len(report.created) + len(report.updated) + len(report.unchanged)
        self.stdout.write(
            f"{imported} posts ({size_mb:.1f} MB export, "
            f"{options['images_per_post']} image(s) each) in {seconds:.1f} s: "
            f"{imported / seconds:.1f} posts/s, peak memory {peak_mb:.0f} MB, "
            f"{len(report.failed)} failed"
        )
