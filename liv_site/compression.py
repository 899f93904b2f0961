"""Compression of rendered pages: Brotli for browsers that accept it, else
Django's gzip.

A rendered article page is about 47 KB of HTML. Brotli at quality 4 makes
it smaller than gzip at level 6 (11.9 KB against 12.3 KB) in two thirds of
the time (0.9 ms against 1.4 ms here), and compression is paid on every
page rendered. Responses that carry a CSRF token or a cookie (the admin,
staff) keep Django's gzip, which pads its output against BREACH.
"""

import brotli
from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_vary_headers

BROTLI_QUALITY = 4


def accepts(request, coding):
    """Whether the Accept-Encoding header admits ``coding`` (not ``q=0``)."""
    for part in request.META.get("HTTP_ACCEPT_ENCODING", "").split(","):
        name, _, params = part.partition(";")
        if name.strip().lower() != coding:
            continue
        quality = params.strip().lower().removeprefix("q=")
        try:
            return not params.strip() or float(quality) > 0
        except ValueError:
            return False
    return False


def _may_use_brotli(request, response):
    return (
        not response.streaming
        and not response.has_header("Content-Encoding")
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and len(response.content) >= 200
        and accepts(request, "br")
    )


class CompressionMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if not _may_use_brotli(request, response):
            return super().process_response(request, response)
        patch_vary_headers(response, ("Accept-Encoding",))
        compressed = brotli.compress(response.content, quality=BROTLI_QUALITY)
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response.headers["Content-Length"] = str(len(compressed))
        # A compressed representation gets a weak ETag (RFC 9110 8.8.1),
        # as Django's GZipMiddleware does.
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = "br"
        return response
