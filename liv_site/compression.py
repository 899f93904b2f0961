"""Compression of rendered pages: Brotli for browsers that accept it, else
Django's gzip.

What this compresses is sent once: a rendered page goes to the visitor
who asked for it, and the page cache stores its own gzip copy for
everyone after (liv_site.page_cache). So it is compressed for one
sending. On a 47 KB article page Brotli at quality 1 takes 0.24 ms and
sends 13.8 KB; quality 4 took 1.1 ms for 12.0 KB and gzip at level 6
1.5 ms for 12.3 KB (this machine; docs/performance.md). 0.9 ms of a
worker's CPU on every render buys 1.8 KB once, about 10 ms on a slow
mobile connection and nothing on a fast one.

Responses that carry a CSRF token or a cookie (the admin, staff) keep
Django's gzip, which pads its output against BREACH.
"""

import brotli
from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_vary_headers

BROTLI_QUALITY = 1


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
