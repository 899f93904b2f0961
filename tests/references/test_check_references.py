"""check_references against a real HTTP server started by the test.

The checker refuses loopback addresses (tests/references/test_private_
addresses.py); these tests allow them, as a test-only setting.
"""

import io
import socket
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command

from references.linkcheck import check_url, check_urls
from references.models import Citation
from tests.factories import CitationFactory

TIMEOUT = 0.5


@pytest.fixture(autouse=True)
def loopback_allowed(settings):
    settings.LINKCHECK_ALLOWED_NETWORKS = ["127.0.0.0/8", "::1/128"]


class Handler(BaseHTTPRequestHandler):
    requests = []
    # Requests being answered right now, and the most seen at once, by host.
    in_flight = Counter()
    peaks = Counter()
    lock = threading.Lock()

    def log_message(self, *args):
        pass

    def do_HEAD(self):
        self._answer(send_body=False)

    def do_GET(self):
        self._answer(send_body=True)

    def _answer(self, send_body):
        Handler.requests.append((self.command, self.path))
        path = self.path
        if path == "/ok":
            self._status(200, send_body)
        elif path == "/moved":
            self._redirect(301, "/ok")
        elif path == "/missing":
            self._status(404, send_body)
        elif path == "/broken":
            self._status(500, send_body)
        elif path == "/no-head":
            self._status(405 if self.command == "HEAD" else 200, send_body)
        elif path == "/slow":
            time.sleep(TIMEOUT * 4)
            self._status(200, send_body)
        elif path == "/loop":
            self._redirect(302, "/loop-back")
        elif path == "/loop-back":
            self._redirect(302, "/loop")
        elif path.startswith("/count"):
            self._counted(send_body)
        elif path == "/huge":
            self._huge(send_body)
        else:
            self._status(404, send_body)

    def _counted(self, send_body):
        host = self.headers["Host"].rsplit(":", 1)[0]
        with Handler.lock:
            for key in (host, "all"):
                Handler.in_flight[key] += 1
                Handler.peaks[key] = max(Handler.peaks[key], Handler.in_flight[key])
        time.sleep(0.05)
        with Handler.lock:
            for key in (host, "all"):
                Handler.in_flight[key] -= 1
        self._status(200, send_body)

    def _status(self, code, send_body):
        body = b"<!doctype html><title>page</title>"
        self.send_response(code)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _redirect(self, code, location):
        self.send_response(code)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _huge(self, send_body):
        # A server that refuses HEAD and then sends 10 GB: a checker that
        # read the body would never finish.
        if self.command == "HEAD":
            self._status(405, False)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(10 * 1024**3))
        self.end_headers()
        chunk = b"\0" * 65536
        try:
            for _ in range(10 * 1024**3 // len(chunk)):
                self.wfile.write(chunk)
        except OSError:
            pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.block_on_close = False
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def closed_port():
    """A port on which nothing listens, so connecting is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_working_page_is_ok(server):
    result = check_url(f"{server}/ok", TIMEOUT)
    assert (result.status_code, result.final_url, result.error) == (
        200,
        f"{server}/ok",
        "",
    )
    assert result.ok is True


def test_a_redirect_is_followed_to_its_final_url(server):
    result = check_url(f"{server}/moved", TIMEOUT)
    assert result.status_code == 200
    assert result.final_url == f"{server}/ok"
    assert result.ok is True


@pytest.mark.parametrize(("path", "status"), [("/missing", 404), ("/broken", 500)])
def test_error_statuses_are_broken(server, path, status):
    result = check_url(server + path, TIMEOUT)
    assert result.status_code == status
    assert result.ok is False


def test_head_refused_falls_back_to_get(server):
    Handler.requests.clear()
    result = check_url(f"{server}/no-head", TIMEOUT)
    assert result.status_code == 200
    assert Handler.requests == [("HEAD", "/no-head"), ("GET", "/no-head")]


def test_a_server_that_does_not_answer_times_out(server):
    started = time.monotonic()
    result = check_url(f"{server}/slow", TIMEOUT)
    assert result.error == "Timed out"
    assert result.status_code is None
    assert time.monotonic() - started < TIMEOUT * 3


def test_a_refused_connection_is_reported(closed_port):
    result = check_url(f"http://127.0.0.1:{closed_port}/", TIMEOUT)
    assert result.error == "Connection refused"
    assert result.ok is False


def test_a_redirect_loop_is_reported_not_followed_forever(server):
    result = check_url(f"{server}/loop", TIMEOUT)
    assert result.error == "Redirect loop or too many redirects"
    assert result.status_code == 302
    assert result.ok is False


def test_a_huge_response_is_not_read(server):
    started = time.monotonic()
    result = check_url(f"{server}/huge", TIMEOUT)
    assert result.status_code == 200
    assert time.monotonic() - started < 2


def test_an_unknown_host_name_is_reported():
    result = check_url("http://no-such-host.invalid/page", TIMEOUT)
    assert result.error == "Unknown host name"


def test_a_tls_failure_is_reported(server):
    # The local server speaks plain HTTP, so the TLS handshake fails.
    result = check_url(server.replace("http://", "https://") + "/ok", TIMEOUT)
    assert result.error.startswith("TLS error")


@pytest.mark.parametrize(("workers", "overall_peak"), [(8, 2), (1, 1)])
def test_one_request_at_a_time_per_host_and_a_bounded_total(
    server, workers, overall_peak
):
    port = server.rsplit(":", 1)[1]
    urls = [
        f"http://{host}:{port}/count?{n}"
        for n in range(4)
        for host in ("127.0.0.1", "localhost")
    ]
    Handler.in_flight.clear()
    Handler.peaks.clear()

    results = list(check_urls(urls, timeout=TIMEOUT, workers=workers))

    assert [r.status_code for r in results] == [200] * 8
    assert Handler.peaks["127.0.0.1"] == 1
    assert Handler.peaks["localhost"] == 1
    assert Handler.peaks["all"] == overall_peak


@pytest.mark.django_db
def test_the_command_records_every_outcome(server, closed_port):
    urls = {
        "ok": f"{server}/ok",
        "moved": f"{server}/moved",
        "missing": f"{server}/missing",
        "broken": f"{server}/broken",
        "slow": f"{server}/slow",
        "loop": f"{server}/loop",
        "huge": f"{server}/huge",
        "refused": f"http://127.0.0.1:{closed_port}/",
    }
    for name, url in urls.items():
        CitationFactory(title=name, url=url)
    out = io.StringIO()

    call_command("check_references", timeout=TIMEOUT, stdout=out)

    found = {c.title: c for c in Citation.objects.all()}
    assert {name: c.link_status for name, c in found.items()} == {
        "ok": "ok",
        "moved": "ok",
        "missing": "broken",
        "broken": "broken",
        "slow": "broken",
        "loop": "broken",
        "huge": "ok",
        "refused": "broken",
    }
    assert found["moved"].status_code == 200
    assert found["moved"].final_url == f"{server}/ok"
    assert found["missing"].status_code == 404
    assert found["slow"].check_error == "Timed out"
    assert found["refused"].check_error == "Connection refused"
    assert all(c.checked_at is not None for c in found.values())
    output = out.getvalue()
    assert "[8/8]" in output
    assert "8 URLs checked, 5 broken." in output


@pytest.mark.django_db
def test_dry_run_records_nothing(server):
    citation = CitationFactory(url=f"{server}/missing")
    out = io.StringIO()

    call_command("check_references", dry_run=True, timeout=TIMEOUT, stdout=out)

    citation.refresh_from_db()
    assert citation.link_status == Citation.LinkStatus.UNCHECKED
    assert citation.checked_at is None
    assert "Dry run: nothing recorded." in out.getvalue()


class TerminalOutput(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.django_db
def test_on_a_terminal_the_progress_bar_is_redrawn_in_place(server):
    CitationFactory.create_batch(2, url=f"{server}/ok")
    CitationFactory(url=f"{server}/moved")
    out = TerminalOutput()

    call_command("check_references", timeout=TIMEOUT, stdout=out)

    output = out.getvalue()
    assert f"\r[{'#' * 15}{'-' * 15}] 1/2" in output
    assert f"\r[{'#' * 30}] 2/2" in output
    assert "2 URLs checked, 0 broken." in output
    assert Citation.objects.filter(link_status="ok").count() == 3


@pytest.mark.django_db
def test_workers_and_timeout_must_be_positive():
    with pytest.raises(CommandError):
        call_command("check_references", workers=0)
