"""`make smoke`: the site as production serves it, crawled.

On a fresh database and an empty Redis database, only the documented
release steps run (`make release`), then the demo content is loaded and
`make serve` starts gunicorn on `liv_site.wsgi` with DEBUG off, exactly as
an operator would. Every sitemap URL (through the sitemap index and each
section's sitemap, on a site large enough to have one: every `<loc>` of an
XML page is followed) and each language's home, list, FAQ,
search, newsletter, legal pages and feed, a 404 probe, and the images and
static files they link are then asked for as the public site (its host,
`X-Forwarded-Proto: https`): each page twice per encoding (gzip, br,
identity: the first request renders it, the rest come from the page
cache) and once with HEAD. A newsletter signup in German is made and its
confirmation email read from an SMTP server started here.

Fails on an unexpected status, a page in one encoding that differs from
another, interface text left in English on another language's page, a
feed, sitemap or JSON-LD that doesn't parse, an hreflang link that isn't
returned, or an email that isn't in its reader's language. Prints one
summary line.

Environment: SMOKE_DATABASE_URL (default liv_smoke on 127.0.0.1),
SMOKE_CACHE_URL (default Redis database 7), SMOKE_PORT (default 8202),
SMOKE_SITEMAP_URL_LIMIT (default 50000; 10 crawls the demo content
through a sitemap index).
"""

import gzip
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from email import message_from_bytes, policy
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlsplit
from xml.etree import ElementTree

import brotli
import polib
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
DATABASE_URL = os.environ.get(
    "SMOKE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/liv_smoke"
)
CACHE_URL = os.environ.get("SMOKE_CACHE_URL", "redis://127.0.0.1:6379/7")
PORT = int(os.environ.get("SMOKE_PORT", "8202"))
SITE = "health.example.org"
ADDRESS = f"127.0.0.1:{PORT}"
HEALTHY = {"database": "ok", "cache": "ok"}
ORIGIN = f"https://{SITE}"

LANGUAGES = ("en", "tr", "ar", "ru", "de")
# A word of each language that the demo article contains.
SEARCH_WORDS = {
    "en": "diabetes",
    "tr": "diyabet",
    "ar": "السكري",
    "ru": "диабет",
    "de": "Diabetes",
}
PAGES = ("", "articles/", "faq/", "newsletter/", "privacy/", "imprint/")
PAGES += ("medical-disclaimer/",)
NOT_FOUND_PROBE = "articles/böyle-bir-sayfa-yok-такой-страницы-нет/"
# Interface text that every page's header and footer carry.
LAYOUT_STRINGS = (
    "Skip to main content",
    "Health Library",
    "Privacy notice",
    "Imprint",
    "Medical disclaimer",
)
ENCODINGS = ("gzip", "br", "identity")
SMOKE_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "smoke-only-key-not-secret-0123456789abcdefghijklmnopqrs",
    "ALLOWED_HOSTS": SITE,
    "SITE_URL": ORIGIN,
    "CSRF_TRUSTED_ORIGINS": ORIGIN,
    "DATABASE_URL": DATABASE_URL,
    "CACHE_URL": CACHE_URL,
    "ADMIN_URL": "staff-desk/",
    "BIND": f"127.0.0.1:{PORT}",
    "LOG_LEVEL": "WARNING",
    "ACCESS_LOG": "0",
    "SITEMAP_URL_LIMIT": os.environ.get("SMOKE_SITEMAP_URL_LIMIT", "50000"),
    # Behind a proxy, as in production: each page is asked for by a
    # visitor of its own (X-Forwarded-For), so that the per-client rate
    # limits of search and signup count visitors, not the crawler.
    "TRUSTED_PROXY_COUNT": "1",
}


class Failures(list):
    def add(self, path, what):
        self.append(f"{path}: {what}")


failures = Failures()


def main():
    started = time.monotonic()
    mailbox = Mailbox()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    env = {**SMOKE_ENV, "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}"}
    try:
        prepare(env)
        print(f"smoke: released in {time.monotonic() - started:.0f} s")
        with Server(env):
            crawl_started = time.monotonic()
            crawler = Crawler(catalogs())
            crawler.crawl()
            crawler.check_probe()
            check_signup(crawler, mailbox)
            crawled_in = time.monotonic() - crawl_started
    finally:
        smtp.stop()
    for failure in failures:
        print(f"smoke: FAIL {failure}", file=sys.stderr)
    statuses = ", ".join(f"{s}: {n}" for s, n in sorted(crawler.statuses.items()))
    print(
        f"smoke: {len(crawler.seen)} URLs, {crawler.statuses.total()} requests "
        f"({statuses}), {len(failures)} failures; crawled in {crawled_in:.0f} s, "
        f"{time.monotonic() - started:.0f} s with the release"
    )
    return 1 if failures else 0


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(*args, env):
    subprocess.run(args, check=True, cwd=ROOT, env={**os.environ, **env})


def prepare(env):
    """A fresh database and cache, no compiled catalogs, then what
    docs/deployment.md says a release runs, then the demo content."""
    url = urlsplit(DATABASE_URL)
    pg = ["-h", url.hostname or "127.0.0.1", "-p", str(url.port or 5432)]
    pg += ["-U", url.username or "postgres"]
    name = url.path.lstrip("/")
    run("dropdb", "--if-exists", *pg, name, env=env)
    run("createdb", *pg, name, env=env)
    run(PY, "-c", FLUSH_CACHE, env=env)
    for catalog in ROOT.glob("locale/*/LC_MESSAGES/*.mo"):
        catalog.unlink()
    run("make", "--no-print-directory", "-s", "release", env=env)
    run(PY, "manage.py", "load_demo", env=env)


FLUSH_CACHE = (
    "import os, redis; redis.Redis.from_url(os.environ['CACHE_URL']).flushdb()"
)


class Server:
    """`make serve`, in a process group of its own."""

    def __init__(self, env):
        self.env = env
        self.log = ROOT / ".smoke-server.log"

    def __enter__(self):
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                ["make", "--no-print-directory", "-s", "serve"],
                cwd=ROOT,
                env={**os.environ, **self.env},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with socket.create_connection(("127.0.0.1", PORT), timeout=1):
                    return self
            except OSError:
                time.sleep(0.3)
        self.stop()
        sys.stderr.write(self.log.read_text(errors="replace"))
        raise SystemExit("smoke: `make serve` did not start")

    def __exit__(self, *exc):
        self.stop()
        if failures or exc[0]:
            sys.stderr.write(self.log.read_text(errors="replace")[-5000:])

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)


class Mailbox:
    """An aiosmtpd handler that keeps the messages it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            message_from_bytes(envelope.content, policy=policy.default)
        )
        return "250 Message accepted"


def catalogs():
    """{language: {English interface text: its translation}} from the
    .po files (what the compiled catalogs should say)."""
    found = {}
    for language in LANGUAGES[1:]:
        po = polib.pofile(str(ROOT / f"locale/{language}/LC_MESSAGES/django.po"))
        found[language] = {
            entry.msgid: entry.msgstr
            for entry in po.translated_entries()
            if not entry.msgctxt
        }
    return found


class Page(HTMLParser):
    """What the crawl checks in an HTML page."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.lang = self.dir = None
        self.noindex = False
        self.alternates, self.links, self.json_ld = {}, [], []
        self._in_json_ld = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang, self.dir = attrs.get("lang"), attrs.get("dir")
        elif tag == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs:
            self.alternates[attrs["hreflang"]] = attrs["href"]
        elif tag == "link" and attrs.get("rel") in ("stylesheet", "icon"):
            self.links.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.links.append(attrs["src"])
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json_ld = True
            self.json_ld.append("")
        elif tag == "img":
            self.links.append(attrs["src"])
            srcset = attrs.get("srcset") or ""
            self.links += [part.split()[0] for part in srcset.split(",") if part]
        elif tag == "meta" and attrs.get("name") == "robots":
            self.noindex = "noindex" in attrs.get("content", "")
        elif tag == "meta" and attrs.get("property") == "og:image":
            self.links.append(attrs["content"])

    def handle_endtag(self, tag):
        self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data


class Crawler:
    def __init__(self, translations):
        self.translations = translations
        self.statuses = Counter()
        self.seen = set()
        self.connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        self.alternates = {}  # page URL: {hreflang: URL}
        self.visitor = "203.0.113.1"

    def request(self, method, path, encoding="identity", headers=None, body=None):
        headers = {
            "Host": SITE,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.visitor,
            "Accept-Encoding": encoding,
            **(headers or {}),
        }
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, OSError):
                # gunicorn closed a kept-alive connection: open another.
                self.connection.close()
                if attempt == 2:
                    raise
        self.statuses[response.status] += 1
        return response, decoded(response, data, encoding, path)

    def check_probe(self):
        """A load balancer probes the instance at its own address."""
        response, body = self.request("GET", "/healthz", headers={"Host": ADDRESS})
        if response.status != 200 or json.loads(body) != HEALTHY:
            failures.add("/healthz", f"probed at {ADDRESS}: {response.status}")

    def crawl(self):
        queue = [("/sitemap.xml", 200), ("/robots.txt", 200), ("/healthz", 200)]
        for language in LANGUAGES:
            queue += [(f"/{language}/{page}", 200) for page in PAGES]
            word = quote(SEARCH_WORDS[language])
            queue.append((f"/{language}/search/?q={word}", 200))
            queue.append((f"/{language}/articles/feed/", 200))
            queue.append((quote(f"/{language}/{NOT_FOUND_PROBE}"), 404))
        while queue:
            path, expected = queue.pop(0)
            if path in self.seen:
                continue
            self.seen.add(path)
            queue += self.visit(path, expected)
        self.check_hreflang()

    def visit(self, path, expected):
        """Ask for ``path`` in every way; return what it links to."""
        bodies = set()
        response = body = None
        self.visitor = f"203.0.113.{len(self.seen) % 250 + 1}"
        for encoding in ENCODINGS:
            for attempt in ("first", "again"):
                response, body = self.request("GET", path, encoding)
                if response.status != expected:
                    failures.add(path, f"{response.status} ({encoding}, {attempt})")
                    return []
                if response.getheader("X-Page-Cache") == "hit":
                    bodies.add(body)
        if len(bodies) > 1:
            failures.add(path, "the stored page differs between encodings")
        head, _ = self.request("HEAD", path, "gzip")
        if head.status != expected:
            failures.add(path, f"HEAD answered {head.status}")
        return self.check(path, response, body)

    def check(self, path, response, body):
        kind = response.getheader("Content-Type", "").split(";")[0]
        if kind == "text/html":
            return self.check_html(path, body.decode())
        if kind in ("application/xml", "application/rss+xml", "text/xml"):
            return self.check_xml(path, body)
        if kind == "application/json":
            json.loads(body)
        return []

    def check_html(self, path, text):
        page = Page(text)
        language = path.split("/")[1] if path.count("/") > 1 else None
        if language in LANGUAGES:
            self.check_interface(path, page, unescape(text), language)
        for block in page.json_ld:
            try:
                json.loads(block)
            except ValueError as error:
                failures.add(path, f"JSON-LD does not parse ({error})")
        if page.alternates and not page.noindex:
            self.alternates[ORIGIN + path] = page.alternates
        links = [*page.links, *page.alternates.values()]
        return [(local(link), 200) for link in links if local(link)]

    def check_interface(self, path, page, text, language):
        if page.lang != language:
            failures.add(path, f'<html lang="{page.lang}">')
        if (page.dir == "rtl") != (language == "ar"):
            failures.add(path, f'<html dir="{page.dir}">')
        if language == "en":
            return
        for english in LAYOUT_STRINGS:
            translated = self.translations[language].get(english)
            if not translated or translated == english:
                failures.add(path, f"{english!r} has no {language} translation")
            elif translated not in text or english in text:
                failures.add(path, f"{english!r} is not in {language} on the page")

    def check_xml(self, path, body):
        try:
            document = ElementTree.fromstring(body)
        except ElementTree.ParseError as error:
            failures.add(path, f"does not parse ({error})")
            return []
        if path.endswith("/feed/"):
            return self.check_feed(path, document)
        locs = (e.text.strip() for e in document.iter() if e.tag.endswith("loc"))
        return [(local(loc), 200) for loc in locs]

    def check_feed(self, path, feed):
        language = path.split("/")[1]
        title = feed.findtext("channel/title")
        if not feed.findall("channel/item"):
            failures.add(path, "the feed has no items")
        if language != "en" and title == self.english_feed_title():
            failures.add(path, f"the feed's title is English: {title!r}")
        return [(local(link.text), 200) for link in feed.iter("link") if link.text]

    def english_feed_title(self):
        _response, body = self.request("GET", "/en/articles/feed/")
        return ElementTree.fromstring(body).findtext("channel/title")

    def check_hreflang(self):
        """Every page an hreflang link names links back to the page."""
        for url, alternates in self.alternates.items():
            for hreflang, other in alternates.items():
                back = self.alternates.get(other)
                if hreflang == "x-default" or other == url:
                    continue
                if back is None:
                    failures.add(local(url), f"{other} ({hreflang}) was not crawled")
                elif url not in back.values():
                    failures.add(local(url), f"{other} ({hreflang}) doesn't link back")


def local(url):
    """The path (and query) of a link to this site, else None."""
    parts = urlsplit(url)
    if parts.netloc not in ("", SITE) or not parts.path.startswith("/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def decoded(response, data, encoding, path):
    sent = response.getheader("Content-Encoding") or "identity"
    if sent not in (encoding, "identity"):
        failures.add(path, f"asked for {encoding}, got {sent}")
    if sent == "gzip":
        return gzip.decompress(data)
    if sent == "br":
        return brotli.decompress(data)
    return data


def check_signup(crawler, mailbox):
    """A signup on the German newsletter page: the confirmation email is in
    German, and its link confirms."""
    _response, body = crawler.request("GET", "/de/newsletter/")
    consent = re.search(r'name="consent" value="([^"]+)"', body.decode())[1]
    form = f"email=leser%40example.org&consent={consent}&source=%2Fde%2F"
    response, _body = crawler.request(
        "POST",
        "/de/newsletter/",
        headers={
            "Origin": ORIGIN,
            "Content-Type": "application/x-www-form-urlencoded",
        },
        body=form,
    )
    if response.status != 302:
        failures.add("/de/newsletter/", f"signup answered {response.status}")
        return
    if len(mailbox.messages) != 1:
        failures.add("/de/newsletter/", f"{len(mailbox.messages)} emails sent")
        return
    email = mailbox.messages[0]
    english = "Please confirm your Liv Hospital e-newsletter subscription"
    if email["Content-Language"] != "de" or english in email["Subject"]:
        failures.add("/de/newsletter/", f"email subject {email['Subject']!r}")
    text = email.get_body(("plain",)).get_content()
    if not email["Message-ID"].endswith(f"@{SITE}>"):
        failures.add("/de/newsletter/", f"Message-ID {email['Message-ID']}")
    link = re.search(rf"{re.escape(ORIGIN)}/de/newsletter/confirm/\S+/", text)
    if link is None:
        failures.add("/de/newsletter/", "no confirmation link in the email")
        return
    response, body = crawler.request("GET", local(link[0]), "gzip")
    if response.status != 200 or "<html" not in body.decode():
        failures.add("/de/newsletter/confirm/", f"answered {response.status}")


if __name__ == "__main__":
    sys.exit(main())
