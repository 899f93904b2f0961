"""Move a WordPress site's posts in from its export (Tools → Export).

Reads the WXR file as a stream, imports each post in its own transaction
and ends with a report of what was created, updated, skipped or failed,
with warnings per post. ``--dry-run`` reports without writing anything.
See docs/wordpress-import.md.
"""

import sys
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from wordpress.importer import ImportOptions, import_export, may_import_as_reviewed
from wordpress.wxr import WxrError


class Command(BaseCommand):
    help = "Import posts from a WordPress export (WXR) file as articles."

    def add_arguments(self, parser):
        parser.add_argument("export", type=Path, help="The WXR file (.xml).")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Read everything and report, but write nothing.",
        )
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            choices=[code for code, _ in settings.LANGUAGES],
            help="The language of the posts (default: %(default)s).",
        )
        parser.add_argument(
            "--post-types",
            default="post",
            help="Comma-separated WordPress post types to import, e.g. post,page.",
        )
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Also update articles edited here since the last import.",
        )
        parser.add_argument(
            "--recreate-deleted",
            action="store_true",
            help="Import again posts whose articles were deleted here.",
        )
        parser.add_argument(
            "--media-dir",
            type=Path,
            help="A copy of the old site's wp-content/uploads folder.",
        )
        parser.add_argument(
            "--fetch-media-from",
            metavar="URL",
            help="The one site (e.g. https://old.example.org) images missing "
            "from --media-dir may be downloaded from. Nothing else is fetched.",
        )
        parser.add_argument(
            "--imported-as-reviewed",
            action="store_true",
            help="Published posts count as medically reviewed today "
            "(only for a Site admin, named with --user).",
        )
        parser.add_argument("--user", help="Your username, for --imported-as-reviewed.")
        parser.add_argument(
            "--report-json", type=Path, help="Also write the report as JSON here."
        )

    def handle(self, *args, **options):
        export = options["export"]
        if not export.is_file():
            raise CommandError(f"No such file: {export}")
        import_options = ImportOptions(
            language=options["language"],
            post_types=tuple(filter(None, options["post_types"].split(","))),
            dry_run=options["dry_run"],
            overwrite=options["overwrite"],
            recreate_deleted=options["recreate_deleted"],
            media_dir=options["media_dir"],
            fetch_media_from=self._fetch_origin(options["fetch_media_from"]),
            imported_as_reviewed=options["imported_as_reviewed"],
        )
        if import_options.imported_as_reviewed:
            self._check_site_admin(options["user"])
        if import_options.media_dir and not Path(import_options.media_dir).is_dir():
            raise CommandError(f"No such folder: {import_options.media_dir}")
        progress = self._progress if options["verbosity"] > 0 else None
        try:
            report = import_export(export, import_options, progress=progress)
        except WxrError as error:
            raise CommandError(f"{export}: {error} Nothing was imported.") from error
        if progress is not None:
            sys.stderr.write("\n")
        self.stdout.write(report.as_text())
        if options["report_json"]:
            Path(options["report_json"]).write_text(report.as_json(), encoding="utf-8")
        if report.failed:
            failed = len(report.failed)
            self.stdout.write(self.style.WARNING(f"{failed} post(s) failed."))

    def _fetch_origin(self, url):
        if not url:
            return None
        parts = urlsplit(url)
        if (
            parts.scheme not in ("http", "https")
            or not parts.netloc
            or (parts.path.strip("/") or parts.query)
        ):
            raise CommandError(
                "--fetch-media-from takes a site's address, such as "
                "https://old.example.org"
            )
        return f"{parts.scheme}://{parts.netloc}"

    def _check_site_admin(self, username):
        user = get_user_model().objects.filter(username=username or "").first()
        if not may_import_as_reviewed(user):
            raise CommandError(
                "--imported-as-reviewed needs --user naming a Site admin: "
                "only they may publish imported posts as reviewed."
            )

    def _progress(self, done, total):
        width = 30
        filled = width * done // max(total, 1)
        bar = "#" * filled + "-" * (width - filled)
        sys.stderr.write(f"\r[{bar}] {done}/{total} posts")
        sys.stderr.flush()
