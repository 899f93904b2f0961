"""The link checker never requests addresses inside private networks
(SSRF): real HTTP servers on loopback addresses must see no connection."""

import io
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command

from references.linkcheck import NOT_PUBLIC, check_url, is_public
from references.models import Citation
from tests.factories import CitationFactory

TIMEOUT = 2


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_HEAD(self):
        self.server.requests.append(self.path)
        if self.server.redirect_to:
            self.send_response(302)
            self.send_header("Location", self.server.redirect_to)
        else:
            self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_HEAD


class RecordingServer(ThreadingHTTPServer):
    """Answers 200 (or redirects) and keeps every connection and request."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, address, redirect_to=""):
        self.connections, self.requests = [], []
        self.redirect_to = redirect_to
        super().__init__(address, Handler)

    def verify_request(self, request, client_address):
        self.connections.append(client_address)
        return True

    @property
    def port(self):
        return self.server_address[1]

    def url(self, path="/page"):
        return f"http://{self.server_address[0]}:{self.port}{path}"


@pytest.fixture
def serve():
    """Start a ``RecordingServer`` on (host, port); stopped after the test."""
    servers = []

    def start(host="127.0.0.1", port=0, redirect_to=""):
        server = RecordingServer((host, port), redirect_to)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def nothing_allowed(settings):
    settings.LINKCHECK_ALLOWED_NETWORKS = []


def assert_refused_unrequested(result, *servers):
    assert result.not_public is True
    assert result.error.startswith(NOT_PUBLIC)
    assert result.ok is False
    for server in servers:
        assert server.connections == []


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "localhost",
        # Other spellings of 127.0.0.1 that resolvers accept.
        "127.1",
        "2130706433",
        "0x7f000001",
        # IPv4-mapped IPv6: the connection reaches the IPv4 server.
        "[::ffff:127.0.0.1]",
    ],
)
def test_a_server_on_loopback_is_never_requested(serve, nothing_allowed, host):
    server = serve()

    result = check_url(f"http://{host}:{server.port}/page", TIMEOUT)

    assert_refused_unrequested(result, server)
    assert result.error == f"{NOT_PUBLIC} ({host.strip('[]')})"


def test_https_to_loopback_is_refused_before_connecting(serve, nothing_allowed):
    server = serve()

    result = check_url(f"https://localhost:{server.port}/page", TIMEOUT)

    assert_refused_unrequested(result, server)


def test_a_redirect_to_loopback_is_refused(serve, settings):
    # 127.0.0.2 stands for a public web site: the tests have no other.
    settings.LINKCHECK_ALLOWED_NETWORKS = ["127.0.0.2/32"]
    internal = serve("127.0.0.1")
    public = serve("127.0.0.2", redirect_to=internal.url("/admin-panel"))

    result = check_url(public.url(), TIMEOUT)

    assert public.requests == ["/page"]
    assert_refused_unrequested(result, internal)
    assert result.error == f"{NOT_PUBLIC} (127.0.0.1)"


def test_a_redirect_to_a_name_of_loopback_is_refused(serve, settings):
    settings.LINKCHECK_ALLOWED_NETWORKS = ["127.0.0.2/32"]
    internal = serve("127.0.0.1")
    public = serve("127.0.0.2", redirect_to=f"http://localhost:{internal.port}/")

    result = check_url(public.url(), TIMEOUT)

    assert public.requests == ["/page"]
    assert_refused_unrequested(result, internal)


def same_port_servers(serve):
    """A server on 127.0.0.2 and one on 127.0.0.1, on the same port (the
    port a URL names stays the same when its host name is re-pointed)."""
    for _attempt in range(20):
        public = serve("127.0.0.2")
        try:
            return public, serve("127.0.0.1", public.port)
        except OSError:
            continue
    raise RuntimeError("no port free on both addresses")


def test_the_address_vetted_is_the_address_connected_to(serve, settings, monkeypatch):
    """DNS rebinding: a name whose first answer is public and whose next
    ones point inside the network. A checker that looked the name up
    again to connect would reach the internal server."""
    settings.LINKCHECK_ALLOWED_NETWORKS = ["127.0.0.2/32"]
    public, internal = same_port_servers(serve)
    real_getaddrinfo = socket.getaddrinfo
    answers = iter(["127.0.0.2"])

    def rebinding_dns(host, *args, **kwargs):
        if host == "rebinding.example":
            host = next(answers, "127.0.0.1")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding_dns)

    result = check_url(f"http://rebinding.example:{public.port}/page", TIMEOUT)

    assert result.status_code == 200
    assert public.requests == ["/page"]
    assert internal.connections == []


def test_ftp_to_loopback_is_not_connected_to(serve, nothing_allowed):
    server = serve()

    result = check_url(f"ftp://127.0.0.1:{server.port}/file", TIMEOUT)

    assert result.ok is False
    assert server.connections == []


def test_an_allowed_network_is_checked(serve, settings):
    settings.LINKCHECK_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    server = serve()

    result = check_url(server.url(), TIMEOUT)

    assert (result.status_code, result.ok, result.not_public) == (200, True, False)
    assert server.requests == ["/page"]


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "100.64.0.1",  # carrier-grade NAT
        "169.254.169.254",  # cloud metadata service
        "0.0.0.0",
        "224.0.0.1",
        "239.255.255.250",
        "240.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fec0::1",
        "fc00::1",
        "fd12:3456::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "::ffff:169.254.169.254",
        "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
        "2002:7f00:1::",  # 6to4 of 127.0.0.1
        "2001:db8::1",
    ],
)
def test_non_public_addresses_are_refused(address):
    assert is_public(address) is False


@pytest.mark.parametrize(
    "address",
    [
        "93.184.215.14",
        "8.8.8.8",
        "2606:4700::1111",
        "::ffff:8.8.8.8",
        "64:ff9b::808:808",
    ],
)
def test_public_addresses_are_allowed(address):
    assert is_public(address) is True


@pytest.mark.django_db
def test_the_editor_sees_not_checked_for_a_private_address(
    serve, nothing_allowed, admin_client
):
    server = serve()
    CitationFactory(title="Intranet guideline", url=server.url())
    CitationFactory(title="Working source", link_status=Citation.LinkStatus.OK)
    out = io.StringIO()

    call_command("check_references", timeout=TIMEOUT, stdout=out)

    citation = Citation.objects.get(title="Intranet guideline")
    assert citation.link_status == Citation.LinkStatus.NOT_PUBLIC
    assert citation.check_error == f"{NOT_PUBLIC} (127.0.0.1)"
    assert citation.status_code is None
    assert server.connections == []
    assert "1 not checked: address not public." in out.getvalue()
    listing = admin_client.get("/admin/references/citation/").content.decode()
    assert "Not checked: address not public" in listing
    # Listed with the broken links: an editor has to replace it.
    assert listing.index("Intranet guideline") < listing.index("Working source")
