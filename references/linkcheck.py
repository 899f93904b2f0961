"""Is each citation's URL still there? Used by ``manage.py check_references``.

Only the standard library: ``urllib`` follows redirects (and stops on
loops), and a response body is never read, so a huge or endless response
costs nothing. Each host gets at most one request at a time, so a journal
with many cited papers is not hammered.

Editors type these URLs, and the checker runs inside the hospital's
network: it must not become a way to probe the servers there (SSRF). Every
connection, the first and each redirect's, goes only to public addresses
(``is_public``): the host name is resolved once, every address it resolves
to is vetted, and the connection is made to a vetted address, so a name
that resolves to something else a moment later (DNS rebinding) can't
steer it. HTTP and HTTPS only, and no proxy from the environment (a proxy
would connect on our behalf, past the check).
"""

import functools
import http.client
import ipaddress
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

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Citation

logger = logging.getLogger(__name__)

USER_AGENT = "LivHospitalReferenceChecker/1.0 (+link health of cited sources)"
DEFAULT_TIMEOUT = 10.0
DEFAULT_WORKERS = 8
# Servers that refuse or mishandle HEAD often answer GET correctly.
HEAD_REFUSED = frozenset({400, 403, 404, 405, 406, 429, 500, 501, 502, 503})
NOT_PUBLIC = "Not checked: address not public"
# IPv6 addresses that carry an IPv4 one the packets end up at: NAT64's
# well-known prefix (RFC 6052); IPv4-mapped and 6to4 have properties.
NAT64 = ipaddress.ip_network("64:ff9b::/96")


@dataclass(frozen=True)
class LinkResult:
    url: str
    status_code: int | None = None
    final_url: str = ""
    error: str = ""
    # Refused before connecting: the host is (or redirected to) an address
    # inside a private network, not a source patients can read.
    not_public: bool = False

    @property
    def ok(self):
        return (
            not self.error and self.status_code is not None and (self.status_code < 400)
        )


class AddressNotPublic(OSError):
    """The host resolves to an address the checker must not connect to."""


def is_public(address, allowed=()):
    """Whether a link checker may connect to ``address``: not loopback,
    private, link-local, multicast, reserved or unspecified, also when
    an IPv6 address stands for such an IPv4 one. ``allowed`` networks
    are exceptions (LINKCHECK_ALLOWED_NETWORKS; the tests' servers)."""
    ip = _destination(ipaddress.ip_address(address))
    if any(ip in network for network in allowed):
        return True
    return ip.is_global and not (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or getattr(ip, "is_site_local", False)
    )


def _destination(ip):
    """The IPv4 address an IPv6 one delivers to, if any, else ``ip``."""
    if ip.version == 4:
        return ip
    if ip.ipv4_mapped or ip.sixtofour:
        return ip.ipv4_mapped or ip.sixtofour
    if ip in NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip


def allowed_networks():
    return tuple(
        ipaddress.ip_network(network) for network in settings.LINKCHECK_ALLOWED_NETWORKS
    )


def connect_to_public_address(address, timeout, source_address=None, *, allowed):
    """``socket.create_connection``, for public addresses only.

    The name is resolved once; if any address it resolves to is not
    public the host is refused (a name that mixes them is a trick, not a
    journal), else the connection goes to those very addresses, never to
    what a second lookup might answer."""
    host, port = address
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    if not found or not all(is_public(info[4][0], allowed) for info in found):
        raise AddressNotPublic(f"{NOT_PUBLIC} ({host})")
    error = None
    for *_, sockaddr in found:
        try:
            return socket.create_connection(sockaddr[:2], timeout, source_address)
        except OSError as exc:
            error = exc
    raise error


class _PublicAddressesOnly:
    def __init__(self, *args, allowed, **kwargs):
        super().__init__(*args, **kwargs)
        # http.client's hook for how connect() opens the socket; TLS (SNI,
        # certificate check) and the Host header still use the host name.
        self._create_connection = functools.partial(
            connect_to_public_address, allowed=allowed
        )


class _PublicHTTPConnection(_PublicAddressesOnly, http.client.HTTPConnection):
    pass


class _PublicHTTPSConnection(_PublicAddressesOnly, http.client.HTTPSConnection):
    pass


class _PublicHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, allowed):
        super().__init__()
        self.allowed = allowed

    def http_open(self, req):
        return self.do_open(_PublicHTTPConnection, req, allowed=self.allowed)


class _PublicHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, allowed):
        super().__init__(context=ssl.create_default_context())
        self.allowed = allowed

    def https_open(self, req):
        return self.do_open(
            _PublicHTTPSConnection, req, context=self._context, allowed=self.allowed
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


def _opener(allowed):
    """HTTP and HTTPS to public addresses, following redirects: unlike
    ``build_opener``, no proxy from the environment and no FTP, file or
    data URLs (the unknown-scheme handler refuses them)."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.UnknownHandler(),
        _PublicHTTPHandler(allowed),
        _PublicHTTPSHandler(allowed),
        urllib.request.HTTPDefaultErrorHandler(),
        _WebRedirectHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


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


def check_url(url, timeout=DEFAULT_TIMEOUT, allowed=None):
    """HEAD ``url`` (GET when HEAD is refused) and report what happened.

    Never raises for anything the remote side does: bad host names, refused
    connections, TLS failures, timeouts and redirect loops become ``error``;
    a host (or a redirect to one) that is not public is ``not_public``,
    never connected to. ``allowed``: the networks allowed anyway, by
    default LINKCHECK_ALLOWED_NETWORKS.
    """
    opener = _opener(allowed_networks() if allowed is None else allowed)
    try:
        result = _request(opener, url, "HEAD", timeout)
        if result.status_code in HEAD_REFUSED:
            result = _request(opener, url, "GET", timeout)
        return result
    except urllib.error.URLError as error:
        if isinstance(error.reason, AddressNotPublic):
            return LinkResult(url, error=str(error.reason), not_public=True)
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
    allowed = allowed_networks()

    def check_host(host_urls):
        for url in host_urls:
            results.put(check_url(url, timeout, allowed))

    total = sum(len(group) for group in by_host.values())
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = [pool.submit(check_host, group) for group in by_host.values()]
        for _ in range(total):
            yield results.get()
        for future in futures:
            future.result()


def record(result, checked_at=None):
    """Store ``result`` on every citation with that URL."""
    if result.not_public:
        status = Citation.LinkStatus.NOT_PUBLIC
    elif result.ok:
        status = Citation.LinkStatus.OK
    else:
        status = Citation.LinkStatus.BROKEN
    with transaction.atomic():
        return Citation.objects.filter(url=result.url).update(
            link_status=status,
            status_code=result.status_code,
            final_url=result.final_url[:2000],
            check_error=result.error[:300],
            checked_at=checked_at or timezone.now(),
        )
