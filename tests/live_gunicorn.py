"""The site under a real gunicorn (gunicorn.conf.py, as `make serve` runs
it) on the test database and cache, for tests of what only the server
does: its access log, its settings read from the environment."""

import contextlib
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.db import connection

from tests.smtp import free_port

ROOT = Path(__file__).resolve().parents[1]


def site_env(**overrides):
    """The environment of `make pytest`, pointed at the test database
    (tests using it need ``django_db(transaction=True)`` for the server
    to see their rows)."""
    db = connection.settings_dict
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CACHE_URL": settings.CACHES["default"]["LOCATION"],
        "WEB_CONCURRENCY": "1",
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "WARNING",
        **overrides,
    }


class Server:
    def __init__(self, port, log, errors):
        self.base_url = f"http://127.0.0.1:{port}"
        self._log, self._errors = log, errors

    def log(self):
        """What gunicorn wrote to stdout (the access log) so far."""
        return self._log.read_text(encoding="utf-8")

    def errors(self):
        """What gunicorn and Django wrote to stderr so far."""
        return self._errors.read_text(encoding="utf-8")

    def response(self, path, method="GET", headers=None):
        """The response to a request (raises HTTPError for 4xx and 5xx)."""
        request = urllib.request.Request(
            self.base_url + path, method=method, headers=headers or {}
        )
        return urllib.request.urlopen(request, timeout=10)

    def request(self, path, method="GET", headers=None):
        """(status, body) of a request; the body read to the end."""
        try:
            with self.response(path, method, headers) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.read().decode()


@contextlib.contextmanager
def gunicorn(tmp_path, **env):
    """A running gunicorn; its stdout and stderr go to files the test
    reads."""
    port = free_port()
    tmp_path.mkdir(parents=True, exist_ok=True)
    log, errors = tmp_path / "gunicorn-stdout.log", tmp_path / "gunicorn-stderr.log"
    with log.open("w") as stdout, errors.open("w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
            + ["liv_site.wsgi"],
            cwd=ROOT,
            env=site_env(BIND=f"127.0.0.1:{port}", **env),
            stdout=stdout,
            stderr=stderr,
        )
    try:
        _wait_until_up(port, process)
        yield Server(port, log, errors)
    finally:
        process.terminate()
        process.wait(timeout=20)


def _wait_until_up(port, process):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def wait_for_lines(server, count, timeout=5):
    """The access log once it holds ``count`` lines (they are written
    after each response is sent)."""
    deadline = time.monotonic() + timeout
    while True:
        lines = server.log().splitlines()
        if len(lines) >= count or time.monotonic() > deadline:
            return lines
        time.sleep(0.05)
