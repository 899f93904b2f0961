"""A real SMTP server on 127.0.0.1 (aiosmtpd), and helpers to sign up the
way a browser on our own pages does (with an Origin header)."""

import email
import re
import socket
import threading
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.core.cache import cache

from newsletter.consent import CONSENT_VERSION

OWN_ORIGIN = "http://testserver"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self):
        self.messages = []
        # The client's (address, port) of each connection a message came
        # through: one entry per SMTP connection.
        self.connections = set()
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.messages.append(message)
            self.connections.add(session.peer)
        return "250 Message accepted for delivery"

    def to(self, address):
        return [m for m in self.messages if m["To"] == address]


class SMTPServer:
    def __init__(self, port):
        self.port = port
        self.inbox = Inbox()
        self._controller = None

    def start(self):
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self):
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counters must not leak from one test into the next."""
    cache.clear()


@pytest.fixture
def smtp_settings(settings):
    """Point Django's SMTP backend at a port of our own (nothing listens on
    it until a test starts a server there)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    settings.SITE_URL = "https://health.example.org"
    return settings


@pytest.fixture
def smtp_server(smtp_settings):
    server = SMTPServer(smtp_settings.EMAIL_PORT)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def stopped_smtp_server(smtp_settings):
    """The mail server is down; the test may start it later."""
    server = SMTPServer(smtp_settings.EMAIL_PORT)
    yield server
    server.stop()


def signup_data(email_address="patient@example.com", **overrides):
    return {
        "email": email_address,
        "consent": CONSENT_VERSION,
        "website": "",
        "source": "/en/articles/",
        **overrides,
    }


def sign_up(
    client, email_address="patient@example.com", language="en", data=None, **headers
):
    """POST the signup form as a browser on one of our pages would."""
    headers.setdefault("HTTP_ORIGIN", OWN_ORIGIN)
    data = data if data is not None else signup_data(email_address)
    return client.post(f"/{language}/newsletter/", data, **headers)


def link_in(message, kind):
    """The path of the confirm or unsubscribe link in a message's text."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    match = re.search(rf"https?://[^/\s]+(/\w\w/newsletter/{kind}/[^/\s]+/)", text)
    assert match, text
    return match.group(1)


@pytest.fixture
def admin_client(client, django_user_model):
    """A superuser without a password: hashing one costs a second a test."""
    user = django_user_model.objects.create_superuser("admin", "", None)
    client.force_login(user)
    return client
