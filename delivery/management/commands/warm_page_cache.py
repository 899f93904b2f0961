"""`manage.py warm_page_cache`: after a release, ask a running instance for
every page of the sitemap (through the sitemap index, on a site with more
pages than one sitemap lists), so the first visitors find them cached.

Cached pages are keyed by release (core/release.py), so a deploy
starts with none, and each article's stored content section is rendered
again on its first view. Run this against one new instance before it takes
traffic: the cache is shared, so one instance warms them for all. Pages are
asked for as the public site (``SITE_URL``'s host and scheme, as the load
balancer would forward them), since that is what they are stored under.
"""

import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit
from xml.etree import ElementTree

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

SITEMAP_NAMESPACE = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SITEMAP_LOC = SITEMAP_NAMESPACE + "loc"
SITEMAP_INDEX = SITEMAP_NAMESPACE + "sitemapindex"


class Command(BaseCommand):
    help = "Request every page of the sitemap from a running instance."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="The instance to ask (default: %(default)s).",
        )
        parser.add_argument(
            "--site-url",
            default=None,
            help="The public address the pages are for (default: SITE_URL).",
        )
        parser.add_argument("--concurrency", type=int, default=4)
        parser.add_argument("--timeout", type=float, default=30)

    def handle(self, base_url, site_url, concurrency, timeout, **options):
        if concurrency < 1 or timeout <= 0:
            raise CommandError("--concurrency must be 1 or more, --timeout above 0.")
        site = urlsplit(site_url or settings.SITE_URL)
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.headers = {"Host": site.netloc, "X-Forwarded-Proto": site.scheme}
        started = time.monotonic()
        paths = self.sitemap_paths()
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            results = list(pool.map(self.fetch, paths))
        outcomes = zip(paths, results, strict=True)
        failed = [(path, outcome) for path, outcome in outcomes if outcome]
        for path, outcome in failed:
            self.stderr.write(f"{path}: {outcome}")
        self.stdout.write(
            f"Asked for {len(paths)} pages in {time.monotonic() - started:.1f} s; "
            f"{len(failed)} failed."
        )
        if failed:
            raise CommandError(f"{len(failed)} pages could not be warmed.")

    def sitemap_paths(self):
        """The sitemap's pages; where it is an index, each sitemap it
        names and their pages."""
        paths = ["/sitemap.xml"]
        sitemap = self.read_sitemap("/sitemap.xml")
        if sitemap.tag != SITEMAP_INDEX:
            return paths + self.locations(sitemap)
        for section in self.locations(sitemap):
            paths += [section, *self.locations(self.read_sitemap(section))]
        return paths

    def read_sitemap(self, path):
        try:
            with self.open(path) as response:
                return ElementTree.fromstring(response.read())
        except (OSError, ElementTree.ParseError) as error:
            raise CommandError(
                f"Could not read {self.base_url}{path}: {error}"
            ) from error

    def locations(self, sitemap):
        """The paths (and queries) of the sitemap's ``<loc>``s."""
        paths = []
        for loc in sitemap.iter(SITEMAP_LOC):
            url = urlsplit(loc.text.strip())
            paths.append(url.path + (f"?{url.query}" if url.query else ""))
        return paths

    def fetch(self, path):
        """None when the page was served, else what went wrong."""
        try:
            with self.open(path) as response:
                response.read()
        except urllib.error.HTTPError as error:
            return f"HTTP {error.code}"
        except OSError as error:
            return str(error)
        return None

    def open(self, path):
        request = urllib.request.Request(self.base_url + path, headers=self.headers)
        return urllib.request.urlopen(request, timeout=self.timeout)
