"""Compression of rendered pages (Brotli for browsers that accept it, else
gzip), and the rules every path that sends a page follows for it: which
coding a request accepts (``preferred_coding``) and the ETag of each coding
of a page (``coded_etag``). The page cache (delivery.page_cache) sends its
stored pages by the same rules.

What this compresses is sent once: a rendered page goes to the visitor
who asked for it, and the page cache stores its own gzip copy for
everyone after. So it is compressed for one sending, at Brotli's lowest
quality: a higher one costs a worker's CPU on every render to save a
little over a kilobyte, once, which a fast connection does not notice
(the measurements: docs/performance.md#what-else-a-miss-reuses).

Responses that carry a CSRF token or a cookie (the admin, staff) get
gzip only, which Django's ``compress_string`` pads against BREACH (as its
GZipMiddleware does, for every gzip response).
"""

import re
from functools import lru_cache

import brotli
from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import patch_vary_headers, set_response_etag
from django.utils.deprecation import MiddlewareMixin
from django.utils.text import compress_sequence, compress_string

BROTLI_QUALITY = 1
IDENTITY = "identity"

# One member of Accept-Encoding (RFC 9110 12.5.3): a coding, "identity" or
# "*", and an optional weight; tokens and "q" are case-insensitive.
_MEMBER = re.compile(
    r"\s*([!#$%&'*+.^_`|~0-9a-z-]+)\s*"
    r"(?:;\s*q=(0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?))?\s*",
    re.IGNORECASE,
)
# RFC 9110 8.4.1.3: a recipient should treat x-gzip as gzip.
_ALIASES = {"x-gzip": "gzip"}


def _accepted_weights(header):
    """{coding: weight} of an Accept-Encoding header, codings lower-cased.
    A member that doesn't parse (a malformed weight, say) is left out, as
    if the client hadn't listed that coding."""
    weights = {}
    for member in header.split(","):
        match = _MEMBER.fullmatch(member)
        if match is not None:
            coding = match[1].lower()
            weights.setdefault(_ALIASES.get(coding, coding), float(match[2] or 1))
    return weights


def preferred_coding(request, available):
    """The coding to send a response in: the one of ``available`` (in the
    server's order of preference) that the request weighs highest, ties
    going to the server's order; ``IDENTITY`` if the request weighs the
    page itself higher than any of them, or accepts none of them.

    A coding not listed takes the weight of ``*``, else 0 (not acceptable).
    Without an Accept-Encoding header the page goes as it is: RFC 9110 would
    allow any coding, but a client that sends none often can't decode one.
    """
    return _preferred(request.META.get("HTTP_ACCEPT_ENCODING", ""), available)


# Browsers send a handful of different headers: parsed once each rather
# than for every stored page sent, whose whole cost is a few such steps
# (docs/performance.md#conditional-requests-and-static-files).
@lru_cache(maxsize=256)
def _preferred(header, available):
    weights = _accepted_weights(header)

    def weight(coding):
        return weights.get(coding, weights.get("*", 0))

    best = max([*available, IDENTITY], key=weight)
    return best if weight(best) > 0 else IDENTITY


def coded_etag(etag, coding):
    """The ETag of a page sent in ``coding``, from the page's own ``etag``.

    Each coding gets a tag of its own (the coding's name appended, as
    Apache does), so that a cache holding the gzip copy and a client
    holding the page itself each revalidate their own. It is weak (RFC 9110
    8.8.1): compressing the same page twice need not give the same bytes
    (gzip is padded at random against BREACH). A page's tags are the same
    whichever path sends it (rendered, stored, HEAD, 304)."""
    if coding == IDENTITY:
        return etag
    opaque = etag.removeprefix("W/")[1:-1]
    return f'W/"{opaque}-{coding}"'


def page_etag(response):
    """The page's own ETag (``coded_etag``'s ``etag``) for a response that
    went through ``CompressionMiddleware``, whatever coding it is in."""
    return getattr(response, "page_etag", None) or response.get("ETag")


class CompressionMiddleware(MiddlewareMixin):
    """Gives the page its ETag (the digest of the page itself, as
    ``ConditionalGetMiddleware`` would), then compresses it in the coding
    the request prefers and tags it with that coding's ETag. It comes
    inside ``ConditionalGetMiddleware``, which then answers a matching
    If-None-Match with a 304 carrying the same ETag and Vary."""

    # Django's padding of gzip responses against BREACH.
    max_random_bytes = GZipMiddleware.max_random_bytes

    def process_response(self, request, response):
        self._set_page_etag(request, response)
        if response.has_header("Content-Encoding") or (
            not response.streaming and len(response.content) < 200
        ):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        available = ("br", "gzip") if _may_use_brotli(request, response) else ("gzip",)
        coding = preferred_coding(request, available)
        if coding == "br":
            compressed = brotli.compress(response.content, quality=BROTLI_QUALITY)
        elif coding == "gzip" and response.streaming:
            return self._gzip_streaming(response)
        elif coding == "gzip":
            compressed = compress_string(
                response.content, max_random_bytes=self.max_random_bytes
            )
        else:
            return response
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response.headers["Content-Length"] = str(len(compressed))
        return _encoded(response, coding)

    def _set_page_etag(self, request, response):
        # For HEAD too (ConditionalGetMiddleware leaves it out): Django's
        # views render the whole page for HEAD, and the server drops it.
        if request.method not in ("GET", "HEAD"):
            return
        # ConditionalGetMiddleware's rule for which responses get one (its
        # method uses nothing of the instance).
        needs_etag = ConditionalGetMiddleware.needs_etag(self, response)
        if needs_etag and not response.has_header("ETag"):
            set_response_etag(response)
        if response.has_header("ETag"):
            response.page_etag = response["ETag"]

    def _gzip_streaming(self, response):
        # Media served by Django in development; the server never streams
        # pages. Like Django's GZipMiddleware (which also handles async
        # iterators, which no view here returns).
        response.streaming_content = compress_sequence(
            response.streaming_content, max_random_bytes=self.max_random_bytes
        )
        del response.headers["Content-Length"]
        return _encoded(response, "gzip")


def _encoded(response, coding):
    response.headers["Content-Encoding"] = coding
    if response.has_header("ETag"):
        response.headers["ETag"] = coded_etag(page_etag(response), coding)
    return response


def _may_use_brotli(request, response):
    return (
        not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )
