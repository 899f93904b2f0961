"""Sending through an email provider's API (django-anymail), chosen by
setting: EMAIL_PROVIDER and ANYMAIL_<PROVIDER>_<NAME>. Postmark's API is
stood in for by an HTTP server on 127.0.0.1 (anymail's POSTMARK_API_URL);
nothing else is faked."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsletter import services
from tests.factories import SubscriberFactory
from tests.liv_site.test_setup import run_python

pytestmark = pytest.mark.django_db


class PostmarkAPI(BaseHTTPRequestHandler):
    received = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        PostmarkAPI.received.append((self.path, dict(self.headers), body))
        answer = json.dumps(
            {
                "To": body["To"],
                "MessageID": "b7bc2f4a-e38e-4336-af7d-e6c392c2f817",
                "SubmittedAt": "2026-12-05T10:00:00Z",
                "ErrorCode": 0,
                "Message": "OK",
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def postmark(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), PostmarkAPI)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    PostmarkAPI.received = []
    settings.EMAIL_BACKEND = "anymail.backends.postmark.EmailBackend"
    settings.ANYMAIL = {
        **settings.ANYMAIL,
        "POSTMARK_SERVER_TOKEN": "server-token-of-the-test",
        "POSTMARK_API_URL": f"http://127.0.0.1:{server.server_port}/",
    }
    yield PostmarkAPI.received
    server.shutdown()
    server.server_close()


def test_a_confirmation_goes_out_through_the_providers_api(postmark):
    reader = SubscriberFactory(language="tr", email="okur@example.org")

    assert services.send_confirmation(reader)

    [(path, headers, message)] = postmark
    assert path == "/email"
    assert headers["X-Postmark-Server-Token"] == "server-token-of-the-test"
    assert message["To"] == "okur@example.org"
    assert "Liv Hospital" in message["Subject"]
    assert "confirm" not in message["Subject"].lower()  # Turkish, not English
    sent_headers = {h["Name"]: h["Value"] for h in message["Headers"]}
    assert sent_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/tr/newsletter/unsubscribe/" in sent_headers["List-Unsubscribe"]
    assert sent_headers["Message-ID"].endswith(">")


def test_the_provider_is_chosen_by_environment_variables():
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps([settings.EMAIL_BACKEND, "
        "settings.ANYMAIL['POSTMARK_SERVER_TOKEN']]))"
    )

    result = run_python(
        code,
        DEBUG="1",
        EMAIL_PROVIDER="postmark",
        ANYMAIL_POSTMARK_SERVER_TOKEN="token-from-the-environment",
    )

    assert json.loads(result.stdout) == [
        "anymail.backends.postmark.EmailBackend",
        "token-from-the-environment",
    ]
