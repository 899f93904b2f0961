"""Is each citation's URL still there? Used by ``manage.py check_references``.

Only the standard library: ``urllib`` follows redirects (and stops on
loops), and a response body is never read, so a huge or endless response
costs nothing. Each host gets at most one request at a time, so a journal
with many cited papers is not hammered.
"""

import http.client
import logging
import queue
import socket
import ssl
import urllib.error
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone

from .models import Citation

logger = logging.getLogger(__name__)

USER_AGENT = "LivHospitalReferenceChecker/1.0 (+link health of cited sources)"
DEFAULT_TIMEOUT = 10.0
DEFAULT_WORKERS = 8
# Servers that refuse or mishandle HEAD often answer GET correctly.
HEAD_REFUSED = frozenset({400, 403, 404, 405, 406, 429, 500, 501, 502, 503})


@dataclass(frozen=True)
class LinkResult:
    url: str
    status_code: int | None = None
    final_url: str = ""
    error: str = ""

    @property
    def ok(self):
        return (
            not self.error and self.status_code is not None and (self.status_code < 400)
        )


class _WebRedirectHandler(urllib.request.HTTPRedirectHandler):
    # urllib gives up on a loop or after 10 redirects; 5 is plenty for a
    # citation and keeps a bad server from wasting the time budget.
    max_redirections = 5
    max_repeats = 2

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        # urllib would follow a redirect to ftp://; a citation is a web page.
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise urllib.error.HTTPError(
                newurl, code, "Redirect to a non-web address", headers, fp
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener():
    return urllib.request.build_opener(
        _WebRedirectHandler(),
        urllib.request.HTTPSHandler(context=ssl.create_default_context()),
    )


def _request(opener, url, method, timeout):
    request = urllib.request.Request(
        url,
        method=method,
        headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*;q=0.8"},
    )
    try:
        # The body is never read: status and final URL are all we need.
        with opener.open(request, timeout=timeout) as response:
            return LinkResult(url, response.status, response.geturl())
    except urllib.error.HTTPError as error:
        error.close()
        if 300 <= error.code < 400:
            return LinkResult(url, error.code, error.geturl(), _redirect_error(error))
        return LinkResult(url, error.code, error.geturl())


def check_url(url, timeout=DEFAULT_TIMEOUT):
    """HEAD ``url`` (GET when HEAD is refused) and report what happened.

    Never raises for anything the remote side does: bad host names, refused
    connections, TLS failures, timeouts and redirect loops become ``error``.
    """
    opener = _opener()
    try:
        result = _request(opener, url, "HEAD", timeout)
        if result.status_code in HEAD_REFUSED:
            result = _request(opener, url, "GET", timeout)
        return result
    except urllib.error.URLError as error:
        return LinkResult(url, error=_describe(error.reason))
    except (OSError, http.client.HTTPException, ValueError) as error:
        return LinkResult(url, error=_describe(error))
    except Exception as error:
        # One odd server must not end a run over hundreds of citations.
        logger.exception("Unexpected failure checking %s", url)
        return LinkResult(url, error=f"Unexpected error: {error!r}"[:300])


def _redirect_error(error):
    message = str(error.reason)
    if "infinite loop" in message:
        return "Redirect loop or too many redirects"
    if "non-web" in message:
        return message
    return "Redirect without a usable address"


def _describe(reason):
    if isinstance(reason, socket.gaierror):
        return "Unknown host name"
    if isinstance(reason, TimeoutError | socket.timeout):
        return "Timed out"
    if isinstance(reason, ConnectionRefusedError):
        return "Connection refused"
    if isinstance(reason, ssl.SSLError | ssl.CertificateError):
        return f"TLS error: {reason}"[:300]
    text = str(reason) or reason.__class__.__name__
    if "timed out" in text:
        return "Timed out"
    return text[:300]


def check_urls(urls, *, timeout=DEFAULT_TIMEOUT, workers=DEFAULT_WORKERS):
    """Check ``urls``; yield a ``LinkResult`` for each as soon as it is known.

    At most ``workers`` requests run at once, and one per host: the URLs of
    one host are checked one after another by a single worker.
    """
    by_host = defaultdict(list)
    for url in dict.fromkeys(urls):
        by_host[(urlsplit(url).hostname or "").lower()].append(url)
    results = queue.SimpleQueue()

    def check_host(host_urls):
        for url in host_urls:
            results.put(check_url(url, timeout))

    total = sum(len(group) for group in by_host.values())
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = [pool.submit(check_host, group) for group in by_host.values()]
        for _ in range(total):
            yield results.get()
        for future in futures:
            future.result()


def record(result, checked_at=None):
    """Store ``result`` on every citation with that URL."""
    status = Citation.LinkStatus.OK if result.ok else Citation.LinkStatus.BROKEN
    with transaction.atomic():
        return Citation.objects.filter(url=result.url).update(
            link_status=status,
            status_code=result.status_code,
            final_url=result.final_url[:2000],
            check_error=result.error[:300],
            checked_at=checked_at or timezone.now(),
        )
