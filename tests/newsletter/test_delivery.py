"""A mail server that is down loses no signup; send_confirmations catches up."""

import threading

import pytest
from django.core.management import call_command
from django.db import connections

from newsletter import services
from newsletter.models import MAX_SEND_ATTEMPTS, Subscriber
from tests.factories import SubscriberFactory

from .conftest import sign_up

pytestmark = pytest.mark.django_db


def test_smtp_down_keeps_the_signup_and_send_confirmations_sends_it_later(
    client, stopped_smtp_server
):
    response = sign_up(client, "later@example.com", language="de")

    assert response.status_code == 302
    assert response["Location"] == "/de/newsletter/thanks/"
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.confirmation_sent_at is None
    assert "ConnectionRefusedError" in subscriber.last_error
    assert subscriber.send_attempts == 1

    stopped_smtp_server.start()
    call_command("send_confirmations", verbosity=0)

    [message] = stopped_smtp_server.inbox.messages
    assert message["To"] == "later@example.com"
    assert message["Content-Language"] == "de"
    subscriber.refresh_from_db()
    assert subscriber.confirmation_sent_at is not None
    assert subscriber.last_error == ""

    call_command("send_confirmations", verbosity=0)
    assert len(stopped_smtp_server.inbox.messages) == 1


def test_the_message_id_names_the_site_not_this_machine(client, smtp_server):
    sign_up(client, "patient@example.com")

    [message] = smtp_server.inbox.messages
    # SITE_URL is https://health.example.org (smtp_settings).
    assert message["Message-ID"].endswith("@health.example.org>")


def test_send_confirmations_reports_failures_and_retries_next_run(
    stopped_smtp_server, capsys
):
    SubscriberFactory(confirmation_sent_at=None)

    call_command("send_confirmations")

    assert "1 could not be sent" in capsys.readouterr().err
    assert Subscriber.objects.get().send_attempts == 1


def test_addresses_that_keep_failing_are_left_for_staff(stopped_smtp_server):
    SubscriberFactory(confirmation_sent_at=None, send_attempts=MAX_SEND_ATTEMPTS)
    stopped_smtp_server.start()

    call_command("send_confirmations", verbosity=0)

    assert stopped_smtp_server.inbox.messages == []


def test_dry_run_counts_without_sending(smtp_server, capsys):
    SubscriberFactory.create_batch(2, confirmation_sent_at=None)
    SubscriberFactory()  # already sent

    call_command("send_confirmations", dry_run=True)

    assert "2 confirmation email(s) would be sent" in capsys.readouterr().out
    assert smtp_server.inbox.messages == []
    assert Subscriber.objects.filter(confirmation_sent_at__isnull=True).count() == 2


def test_only_pending_subscribers_are_sent_a_confirmation(smtp_server):
    SubscriberFactory(confirmation_sent_at=None, confirmed=True)
    SubscriberFactory(confirmation_sent_at=None, status=Subscriber.Status.UNSUBSCRIBED)
    pending = SubscriberFactory(confirmation_sent_at=None)

    call_command("send_confirmations", verbosity=0)

    assert [m["To"] for m in smtp_server.inbox.messages] == [pending.email]


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_email_exactly_once(smtp_server):
    subscribers = SubscriberFactory.create_batch(12, confirmation_sent_at=None)
    start = threading.Barrier(2)
    results = []

    def run():
        try:
            start.wait()
            results.append(services.send_pending_confirmations())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    recipients = sorted(m["To"] for m in smtp_server.inbox.messages)
    assert recipients == sorted(s.email for s in subscribers)
    assert sum(sent for sent, _ in results) == 12
    assert not Subscriber.objects.filter(confirmation_sent_at__isnull=True).exists()
