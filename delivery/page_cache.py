"""The anonymous page cache: visitor pages served from the shared cache
before Django's handler runs (``StoredPagesFirst``, the WSGI application
gunicorn serves), or else before the rest of the middleware stack.

One cache entry per URL holds the gzip-compressed body, the headers, the
page's own ETag, when it expires and the *versions* of what the page
shows. It is sent gzip-compressed or as it is, with the ETag of that
coding, by the rules of ``delivery.compression``. A page is served from
the cache only while every one of those versions is unchanged, so an edit
invalidates exactly the pages that show the edited object by bumping the
versions it belongs to (see ``delivery.invalidation``):

- ``site``: the whole visitor site (categories appear in every page's menu);
- ``list:<lang>``: the pages listing articles or questions of a language
  (home, article list, category pages, feed, FAQ page, sitemap);
- ``nav:<lang>``: which topics have articles in a language (the menu) —
  it changes only when an article appears, disappears or changes topic;
- ``article:<lang>:<slug>``: one article page (its text, FAQ, references,
  related articles).

Which URLs are such pages, and which of those versions each one shows, is
declared by URL name in ``delivery.pages``.

A hit is one round trip to the cache (the versions and the entry are read
with one ``get_many``) and no database query. Entries are overwritten in
place rather than keyed by version, so stale versions never pile up, and
only 200 responses are stored, so unknown URLs can't fill the cache.
"""

import gzip
import logging
import secrets
import time
from datetime import datetime
from http import HTTPStatus

import brotli
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags

from articles.models import Article
from core import release
from core.origin import origin as request_origin

from . import pages
from .compression import IDENTITY, coded_etag, page_etag, preferred_coding

logger = logging.getLogger(__name__)

PREFIX = "pc:"
NEXT_PUBLICATION_KEY = PREFIX + "next-publication"
# Headers that belong to one transfer, not to the stored page (its ETag is
# stored apart, and sent as the ETag of the coding it is sent in).
_NOT_STORED = {"content-length", "content-encoding", "etag", "set-cookie"}
# What a 304 repeats of the 200 it stands for: RFC 9110 15.4.5, and
# Last-Modified, as Django's own 304s do (django.utils.cache).
_KEPT_ON_304 = {
    "cache-control",
    "content-location",
    "date",
    "etag",
    "expires",
    "last-modified",
    "vary",
}
# Don't log a cache outage on every request.
_LOG_INTERVAL = 60
_last_error_logged = 0.0


def version_key(name):
    return f"{PREFIX}v:{name}"


def entry_key(origin, path):
    """Where the page at ``path`` (with its query) is stored. Per origin
    (scheme and host), since pages carry absolute links (canonical,
    hreflang, JSON-LD) built from the request: a page asked for under
    another allowed host name must not be served to the public one. Per
    release, so that a deploy never serves pages the previous release
    rendered."""
    return f"{PREFIX}p:{release.current()}:{origin}{path}"


def classify(request):
    """(entry key, version keys) for a cacheable request, else None."""
    if request.method not in ("GET", "HEAD"):
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        # Staff (the only visitors with sessions) always get a fresh page.
        return None
    origin = _origin(request)
    if origin is None:
        return None
    path = request.path_info
    found = pages.page(path)
    if found is None:
        return None
    paged, names = found
    query = request.META.get("QUERY_STRING", "")
    if paged and query:
        if not paged.match(query):
            return None
        path = f"{path}?{query}"
    # Other pages ignore the query string (tracking parameters on a
    # shared link must not bypass the cache in a burst of traffic).
    return entry_key(origin, path), [version_key(name) for name in names]


def _origin(request):
    """The scheme and host a page is stored under; None for a Host header
    naming a port other than the one the request came in on (behind a load
    balancer the header has none): any number of made-up ports would
    otherwise each render and store a page of their own."""
    own = request_origin(request)  # an allowed host, else DisallowedHost (400)
    _domain, port = split_domain_port(own.partition("://")[2])
    if port and port != request.META.get("SERVER_PORT"):
        return None
    return own


def new_token():
    return f"{time.time_ns():x}{secrets.token_hex(4)}"


def bump(*names):
    """Invalidate every page that depends on one of these versions.

    Done at once and again when the transaction commits: a page rendered
    by another request between the two (still seeing the old rows) would
    otherwise be stored under the new version."""
    if not names:
        return
    _set_versions(names)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _set_versions(names))


# Invalidations this process could not send while the cache was
# unreachable; sent before it next uses the cache, so pages stored before
# the outage don't outlive it.
_unsent = set()


def _set_versions(names):
    token = new_token()
    try:
        cache.set_many({version_key(name): token for name in names}, timeout=None)
    except Exception:
        _unsent.update(names)
        logger.exception("Page cache: could not invalidate %s", ", ".join(names))


def _send_unsent():
    names = tuple(_unsent)
    _unsent.clear()
    _set_versions(names)


def refresh_next_publication():
    """Called when articles change: the pages' lifetime bound is worked out
    here, at save time, rather than on a visitor's request."""

    def store():
        try:
            cache.set(NEXT_PUBLICATION_KEY, _next_publication_timestamp(), None)
        except Exception:
            _log_outage()

    store()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(store)


def _log_outage():
    global _last_error_logged
    now = time.monotonic()
    if now - _last_error_logged > _LOG_INTERVAL:
        _last_error_logged = now
        logger.exception("Page cache: the cache does not answer; serving uncached")


class Lookup:
    """What the cache holds for a cacheable request: its entry key, the
    version keys it depends on and what one ``get_many`` found."""

    def __init__(self, key, version_keys, found):
        self.key, self.version_keys, self.found = key, version_keys, found
        self.versions = tuple(found.get(k) for k in version_keys)

    @property
    def fresh_entry(self):
        """The stored page, if it may still be served."""
        entry = self.found.get(self.key)
        if (
            entry is not None
            and entry[0] == self.versions
            and None not in self.versions
            and entry[1] > time.time()
        ):
            return entry
        return None


# Where a lookup made before Django's handler ran (StoredPagesFirst) is
# left in the WSGI environ, so that a miss doesn't ask the cache twice.
ENVIRON_KEY = "delivery.page_cache.lookup"
_NOT_LOOKED_UP = object()


def look_up(request):
    """A ``Lookup`` for a cacheable request, else None (not cacheable, or
    the cache does not answer: the page is then rendered uncached)."""
    earlier = request.META.get(ENVIRON_KEY, _NOT_LOOKED_UP)
    if earlier is not _NOT_LOOKED_UP:
        return earlier
    if _unsent:
        _send_unsent()
    target = classify(request)
    if target is None:
        return None
    key, version_keys = target
    try:
        found = cache.get_many([key, NEXT_PUBLICATION_KEY, *version_keys])
    except Exception:
        _log_outage()
        return None
    return Lookup(key, version_keys, found)


class PageCacheMiddleware:
    """Serves stored anonymous pages; stores the cacheable ones it renders."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_ENABLED:
            return self.get_response(request)
        lookup = look_up(request)
        if lookup is None:
            return self.get_response(request)
        entry = lookup.fresh_entry
        if entry is not None:
            return self.cached_response(request, entry)
        response = self.get_response(request)
        if request.method == "GET" and self.storable(response):
            self.store(lookup, response)
        response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def storable(response):
        if response.status_code != 200 or response.streaming:
            return False
        if response.cookies or response.has_header("Set-Cookie"):
            return False
        vary = response.get("Vary", "").lower()
        if "cookie" in vary or vary.strip() == "*":
            return False
        cache_control = response.get("Cache-Control", "").lower()
        return not any(
            word in cache_control for word in ("private", "no-cache", "no-store")
        )

    @staticmethod
    def store(lookup, response):
        # Every copy of the page is one encoding of it.
        patch_vary_headers(response, ("Accept-Encoding",))
        try:
            versions = lookup.versions
            if None in versions:
                versions = _initialise(lookup.version_keys, versions)
            body = _gzip_body(response)
            headers = tuple(
                (name, value)
                for name, value in response.items()
                if name.lower() not in _NOT_STORED
            )
            lifetime = page_lifetime(lookup.found.get(NEXT_PUBLICATION_KEY))
            etag = page_etag(response)
            entry = (versions, time.time() + lifetime, headers, etag, body)
            cache.set(lookup.key, entry, timeout=max(1, int(lifetime)))
        except Exception:
            _log_outage()

    @staticmethod
    def cached_response(request, entry):
        status, headers, body = stored_response(request, entry)
        response = HttpResponse(body, status=status)
        for name, value in headers:
            response[name] = value
        return response


def stored_response(request, entry):
    """(status, headers, body) of a stored page for this request: the
    stored gzip body, or the page itself for a client that doesn't accept
    gzip, with that coding's ETag; 304 if it matches If-None-Match."""
    _versions, _expires, headers, etag, body = entry
    coding = preferred_coding(request, ("gzip",))
    if etag:
        etag = coded_etag(etag, coding)
        headers = [*headers, ("ETag", etag)]
        if _etag_matches(request, etag):
            kept = [(n, v) for n, v in headers if n.lower() in _KEPT_ON_304]
            return 304, [*kept, ("X-Page-Cache", "hit")], b""
    if coding == IDENTITY:
        body = gzip.decompress(body)
    else:
        headers = [*headers, ("Content-Encoding", coding)]
    length = [("Content-Length", str(len(body)))]
    return 200, [*headers, *length, ("X-Page-Cache", "hit")], body


class StoredPagesFirst:
    """WSGI middleware: a stored page is sent before Django's handler runs
    (no request signals, no middleware, no response object), which was
    most of what a hit cost once the cache had answered. The stored
    headers are the ones the page was first sent with, the security
    headers and the CSP included (``PageCacheMiddleware`` comes before the
    other middleware). Anything else, or anything unexpected, goes on to
    Django, which then reuses the lookup."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") == "HEAD":
            return self._without_body(environ, start_response)
        stored = self._stored(environ)
        if stored is None:
            return self.application(environ, start_response)
        status, headers, body = stored
        start_response(f"{status} {HTTPStatus(status).phrase}", headers)
        return [body]

    def _without_body(self, environ, start_response):
        """HEAD: Django's answer to it, headers only (Django leaves the body
        to the server to drop, and gunicorn logs a warning each time)."""
        result = self.application(environ, start_response)
        if hasattr(result, "close"):
            result.close()
        return []

    @staticmethod
    def _stored(environ):
        # HEAD goes on to Django's handler, which sends no body for it.
        if not settings.PAGE_CACHE_ENABLED or environ.get("REQUEST_METHOD") != "GET":
            return None
        try:
            # A copy: WSGIRequest writes the decoded path back into the
            # environ it is given, and Django's handler, which decodes the
            # environ's path again, would then fail on any non-ASCII URL.
            request = WSGIRequest(environ.copy())
            lookup = environ[ENVIRON_KEY] = look_up(request)
            entry = lookup.fresh_entry if lookup is not None else None
            return stored_response(request, entry) if entry is not None else None
        except SuspiciousOperation:
            # A host Django doesn't allow, say: its handler answers (400)
            # and logs it.
            return None
        except Exception:
            logger.exception("Page cache: a stored page could not be sent")
            return None


def _initialise(version_keys, versions):
    """A version missing from the cache (first use, or evicted) gets a
    fresh token, so no entry stored before can match it."""
    for version_key_, value in zip(version_keys, versions, strict=True):
        if value is None:
            cache.add(version_key_, new_token(), timeout=None)
    current = cache.get_many(version_keys)
    return tuple(current.get(k) for k in version_keys)


def current_versions(names):
    """(The versions of ``names``, how many seconds what depends on them may
    be kept): for something other than a page that is rendered once and
    kept while they last, such as the header's topics. One round trip to
    the cache; raises if it does not answer."""
    if _unsent:
        _send_unsent()
    version_keys = [version_key(name) for name in names]
    found = cache.get_many([NEXT_PUBLICATION_KEY, *version_keys])
    versions = tuple(found.get(k) for k in version_keys)
    if None in versions:
        versions = _initialise(version_keys, versions)
    return versions, page_lifetime(found.get(NEXT_PUBLICATION_KEY))


def _gzip_body(response):
    """The body gzip-compressed, as entries are stored (whatever the
    browser that caused the render accepted)."""
    body = response.content
    encoding = response.get("Content-Encoding")
    if encoding == "gzip":
        return body
    if encoding == "br":
        body = brotli.decompress(body)
    return gzip.compress(body, compresslevel=6)


def _etag_matches(request, etag):
    wanted = request.META.get("HTTP_IF_NONE_MATCH")
    if not wanted:
        return False
    bare = etag.removeprefix("W/")
    return any(
        tag == "*" or tag.removeprefix("W/") == bare for tag in parse_etags(wanted)
    )


def page_lifetime(due):
    """Seconds a page may be stored: PAGE_CACHE_SECONDS, but no longer than
    until the next scheduled article is due (it changes lists, the menu and
    related articles without anyone saving anything). ``due`` is the stored
    time of the next publication (0: none scheduled; None: not known)."""
    lifetime = settings.PAGE_CACHE_SECONDS
    now = time.time()
    if due is None or (due and due <= now):
        due = _next_publication_timestamp()
        cache.set(NEXT_PUBLICATION_KEY, due, timeout=None)
    if due:
        lifetime = min(lifetime, max(due - now, 1))
    return lifetime


def _next_publication_timestamp():
    """When the next scheduled article goes live (epoch seconds), or 0."""
    due = Article.objects.next_publication_time()
    return datetime.timestamp(due) if due else 0
