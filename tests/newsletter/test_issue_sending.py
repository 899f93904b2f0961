"""Sending an issue through a real SMTP server (aiosmtpd), in-process."""

import threading

import pytest
from django.conf import settings
from django.db import connections
from django.utils import translation

from newsletter import delivery, issues
from newsletter.models import Delivery, NewsletterIssue, Subscriber, Suppression
from tests.factories import SubscriberFactory

from .conftest import link_in
from .issue_helpers import approved_issue, confirmed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def language_restored():
    """A request to a /de/ page leaves German active in this thread."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def send(issue):
    delivery.start_sending(issue.pk)
    return delivery.send_issue(issue.pk)


def test_only_confirmed_subscribers_of_the_issue_language_receive_it(smtp_server):
    readers = confirmed(3, language="tr")
    confirmed(2, language="de")
    SubscriberFactory(language="tr")  # pending
    SubscriberFactory(language="tr", status=Subscriber.Status.UNSUBSCRIBED)
    bounced = confirmed(1, language="tr")[0]
    Suppression.objects.create(email=bounced.email, reason="bounced")
    issue = approved_issue("tr", subject="Bahar sağlık bülteni")

    report = send(issue)

    received = sorted(m["To"] for m in smtp_server.inbox.messages)
    assert received == sorted(r.email for r in readers)
    assert report.sent == 3
    issue.refresh_from_db()
    assert issue.state == NewsletterIssue.State.SENT
    assert issue.sent_at is not None
    assert {m["Subject"] for m in smtp_server.inbox.messages} == {
        "Bahar sağlık bülteni"
    }


def test_headers_follow_rfc_8058_and_one_click_unsubscribe_works(client, smtp_server):
    [reader] = confirmed(1, language="de")
    send(approved_issue("de"))

    [message] = smtp_server.inbox.messages
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["List-Id"].endswith("<newsletter-de.health.example.org>")
    assert message["Message-ID"].endswith("@health.example.org>")
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Content-Language"] == "de"
    url = "".join(message["List-Unsubscribe"].split()).strip("<>")
    assert url.startswith("https://health.example.org/de/newsletter/unsubscribe/")
    assert link_in(message, "unsubscribe") in url
    # What a mail client's one-click button sends (RFC 8058 section 3.2).
    path = url.removeprefix("https://health.example.org")
    response = client.post(path, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.UNSUBSCRIBED
    html = message.get_body(preferencelist=("html",)).get_content()
    assert f'<a href="{url}"' in html
    assert ">Abmelden</a>" in html
    delivery_row = Delivery.objects.get()
    assert delivery_row.message_id == message["Message-ID"]


def test_a_batch_goes_through_one_smtp_connection(smtp_server, settings):
    """NEWSLETTER_BATCH_SIZE messages per connection: a new connection
    (and EHLO) for each message would cost a third of the sending time."""
    settings.NEWSLETTER_BATCH_SIZE = 3
    confirmed(7, language="tr")

    report = send(approved_issue("tr"))

    assert report.sent == 7
    assert len(smtp_server.inbox.connections) == 3  # 3 + 3 + 1


def test_html_part_has_inlined_css_absolute_images_and_a_text_part(smtp_server):
    confirmed(1)
    issue = approved_issue(
        body='<p>Intro</p><figure class="image"><img src="/media/a.png" '
        'alt="A nurse"></figure>'
    )
    send(issue)

    [message] = smtp_server.inbox.messages
    html = message.get_body(preferencelist=("html",)).get_content()
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert 'src="https://health.example.org/media/a.png"' in html
    assert '<div class="panel" style="' in html
    assert 'name="viewport"' in html
    assert "Intro" in text and "<p>" not in text
    assert "/en/newsletter/unsubscribe/" in text


def test_an_arabic_issue_renders_right_to_left(smtp_server):
    confirmed(1, language="ar")
    send(approved_issue("ar", subject="نشرة الربيع"))

    [message] = smtp_server.inbox.messages
    html = message.get_body(preferencelist=("html",)).get_content()
    assert '<html lang="ar" dir="rtl">' in html


def test_sending_twice_as_a_double_click_would_sends_once(smtp_server):
    confirmed(2)
    issue = approved_issue()

    assert delivery.start_sending(issue.pk) == 2
    assert delivery.start_sending(issue.pk) == 0
    delivery.send_issue(issue.pk)
    delivery.send_issue(issue.pk)

    assert len(smtp_server.inbox.messages) == 2
    assert Delivery.objects.count() == 2


def test_an_issue_that_cannot_go_out_says_why_before_sending(smtp_server):
    issue = approved_issue(subject=" ", body="<p> </p>")

    with pytest.raises(issues.IssueNotSendable) as error:
        delivery.start_sending(issue.pk)

    message = str(error.value)
    assert "no subject" in message
    assert "neither a body nor article cards" in message
    assert "No confirmed subscriber" in message
    issue.refresh_from_db()
    assert issue.state == NewsletterIssue.State.APPROVED


def test_a_subscriber_who_unsubscribes_after_queueing_is_not_mailed(smtp_server):
    stays, leaves = confirmed(2)
    issue = approved_issue()
    delivery.start_sending(issue.pk)
    Subscriber.objects.filter(pk=leaves.pk).update(
        status=Subscriber.Status.UNSUBSCRIBED
    )

    report = delivery.send_issue(issue.pk)

    assert [m["To"] for m in smtp_server.inbox.messages] == [stays.email]
    assert report.skipped == 1
    assert Delivery.objects.get(subscriber=leaves).status == Delivery.Status.SKIPPED


def test_smtp_down_mid_send_keeps_rows_queued_and_sends_them_later(
    stopped_smtp_server,
):
    readers = confirmed(3)
    issue = approved_issue()
    delivery.start_sending(issue.pk)

    report = delivery.send_issue(issue.pk)

    assert report.retrying == 1 and report.sent == 0
    rows = Delivery.objects.order_by("pk")
    assert [r.status for r in rows] == [Delivery.Status.QUEUED] * 3
    first = rows[0]
    assert first.attempts == 1 and "ConnectionRefused" in first.error
    assert first.next_attempt_at is not None
    issue.refresh_from_db()
    assert issue.state == NewsletterIssue.State.SENDING

    stopped_smtp_server.start()
    Delivery.objects.update(next_attempt_at=None)  # the back-off has passed
    delivery.send_issue(issue.pk)

    received = sorted(m["To"] for m in stopped_smtp_server.inbox.messages)
    assert received == sorted(r.email for r in readers)
    issue.refresh_from_db()
    assert issue.state == NewsletterIssue.State.SENT


def test_a_permanent_refusal_fails_the_row_and_the_rest_still_go(smtp_server):
    class RefusingInbox(type(smtp_server.inbox)):
        async def handle_RCPT(self, server, session, envelope, address, options):
            if address.startswith("refused"):
                return "550 No such user"
            envelope.rcpt_tos.append(address)
            return "250 OK"

    smtp_server.stop()
    smtp_server.inbox = RefusingInbox()
    smtp_server.start()
    SubscriberFactory(email="refused@example.com", confirmed=True)
    [other] = confirmed(1)

    send(approved_issue())

    assert [m["To"] for m in smtp_server.inbox.messages] == [other.email]
    refused = Delivery.objects.get(subscriber__email="refused@example.com")
    assert refused.status == Delivery.Status.FAILED
    assert "550" in refused.error


def test_a_dead_batch_is_taken_back_without_sending_its_first_row_again():
    readers = confirmed(3)
    issue = approved_issue()
    delivery.start_sending(issue.pk)
    key, ids = delivery.claim_batch(issue.pk, 10)
    delivery._unlock(key)  # as when the worker's connection closes

    assert delivery.recover_abandoned(issue.pk) == 2

    statuses = dict(Delivery.objects.values_list("pk", "status"))
    assert statuses[ids[0]] == Delivery.Status.FAILED
    assert [statuses[i] for i in ids[1:]] == [Delivery.Status.QUEUED] * 2
    assert len(readers) == 3


def test_a_live_batch_is_left_to_its_worker():
    confirmed(2)
    issue = approved_issue()
    delivery.start_sending(issue.pk)
    key, ids = delivery.claim_batch(issue.pk, 10)
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            assert cursor.fetchone()[0] is False
    finally:
        other.close()
    delivery._unlock(key)


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_never_send_the_same_row(smtp_server):
    readers = confirmed(60)
    issue = approved_issue()
    delivery.start_sending(issue.pk)
    start = threading.Barrier(2)
    reports = []

    def work():
        try:
            start.wait()
            reports.append(delivery.send_issue(issue.pk, batch_size=5))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    received = sorted(m["To"] for m in smtp_server.inbox.messages)
    assert received == sorted(r.email for r in readers)
    assert sorted(r.sent for r in reports) != [0, 60]  # both took part
    assert sum(r.sent for r in reports) == 60


def test_the_footer_says_why_in_the_reader_language(smtp_server):
    confirmed(1, language="tr")
    send(approved_issue("tr"))

    [message] = smtp_server.inbox.messages
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "abone olup adresinizi onayladığınız için alıyorsunuz" in text
