"""A real SMTP server on 127.0.0.1 (aiosmtpd) for the tests of every app
that sends mail; its fixtures are registered in tests/conftest.py."""

import email
import socket
import threading
from email import policy

import pytest
from aiosmtpd.controller import Controller


def free_port():
    """A local port where nothing listens (yet)."""
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
            # Who the server was asked to deliver it to (Bcc included).
            message.envelope_recipients = list(envelope.rcpt_tos)
            self.messages.append(message)
            self.connections.add(session.peer)
        return "250 Message accepted for delivery"

    def to(self, address):
        """The messages delivered to ``address`` (by the envelope)."""
        return [m for m in self.messages if address in m.envelope_recipients]


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
