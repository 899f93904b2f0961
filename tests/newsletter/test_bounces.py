"""Bounces and complaints posted by the email provider to anymail's
tracking webhooks: suppressed addresses get no issue until their owner
confirms again. The payloads are the providers' documented examples."""

import base64
import datetime
import hashlib
import hmac
import io
import json

import pytest
from django.core.management import call_command

from newsletter import delivery
from newsletter.models import Bounce, Delivery, Subscriber, Suppression
from tests.factories import SubscriberFactory

from .conftest import OWN_ORIGIN, link_in, sign_up
from .issue_helpers import approved_issue, confirmed

pytestmark = pytest.mark.django_db

PREFIX = "/newsletter/webhooks/anymail"
SECRET = "provider:webhook-secret-for-tests"
MAILGUN_KEY = "mailgun-signing-key-for-tests"


@pytest.fixture(autouse=True)
def webhook_secrets(settings):
    settings.ANYMAIL = {
        "WEBHOOK_SECRET": SECRET,
        "MAILGUN_WEBHOOK_SIGNING_KEY": MAILGUN_KEY,
    }


def basic_auth(credentials=SECRET):
    token = base64.b64encode(credentials.encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


def post(client, provider, payload, credentials=SECRET, **headers):
    return client.post(
        f"{PREFIX}/{provider}/tracking/",
        json.dumps(payload),
        content_type="application/json",
        **basic_auth(credentials),
        **headers,
    )


def postmark_bounce(email, kind="HardBounce", event_id=42):
    # Postmark's documented bounce webhook example.
    return {
        "RecordType": "Bounce",
        "ID": event_id,
        "Type": kind,
        "TypeCode": 1,
        "Name": "Hard bounce",
        "Tag": "Test",
        "MessageID": f"883953f4-6105-42a2-a16a-77a8eac7948{event_id % 10}",
        "Metadata": {},
        "ServerID": 23,
        "MessageStream": "outbound",
        "Description": "The server was unable to deliver your message "
        "(ex: unknown user, mailbox not found).",
        "Details": "Test bounce details",
        "Email": email,
        "From": "sender@example.com",
        "BouncedAt": "2019-11-05T16:33:54.9070259Z",
        "DumpAvailable": True,
        "Inactive": True,
        "CanActivate": True,
        "Subject": "Test subject",
        "Content": "<Full dump of bounce>",
    }


def postmark_complaint(email):
    return {
        **postmark_bounce(email, event_id=43),
        "RecordType": "SpamComplaint",
        "Type": "SpamComplaint",
        "TypeCode": 512,
        "Name": "Spam complaint",
        "Details": "Test spam complaint details",
    }


def mailgun_failed(email, message_id, severity="permanent", event="failed"):
    # Mailgun's documented "failed" webhook, signed with the signing key.
    timestamp = "1529006854"
    token = hashlib.sha256(f"{email}{event}{severity}".encode()).hexdigest()[:50]
    signature = hmac.new(
        MAILGUN_KEY.encode(), f"{timestamp}{token}".encode(), hashlib.sha256
    ).hexdigest()
    return {
        "signature": {"timestamp": timestamp, "token": token, "signature": signature},
        "event-data": {
            "event": event,
            "id": "G9Bn5sl1TC6nu79C8C0bwg",
            "timestamp": 1521233123.501324,
            "severity": severity,
            "reason": "bounce" if severity == "permanent" else "generic",
            "recipient": email,
            "log-level": "error",
            "message": {
                "headers": {
                    "to": f"Reader <{email}>",
                    "message-id": message_id.strip("<>"),
                    "from": "Liv Hospital <newsletter@example.org>",
                    "subject": "Spring health news",
                },
                "attachments": [],
                "size": 111,
            },
            "delivery-status": {
                "attempt-no": 1,
                "message": "550 5.1.1 The email account does not exist",
                "code": 550 if severity == "permanent" else 452,
                "description": "",
                "session-seconds": 0.1,
            },
            "flags": {"is-routed": False, "is-authenticated": True},
            "envelope": {"transport": "smtp", "targets": email},
            "user-variables": {},
        },
    }


def sent_issue(smtp_server, readers=2, language="en"):
    subscribers = confirmed(readers, language=language)
    issue = approved_issue(language)
    delivery.start_sending(issue.pk)
    delivery.send_issue(issue.pk)
    return issue, subscribers


def suppressed(subscriber):
    return Suppression.objects.of(subscriber.email).first()


def test_a_hard_bounce_suppresses_the_address_for_the_next_issue(client, smtp_server):
    _issue, (bouncing, fine) = sent_issue(smtp_server)

    response = post(client, "postmark", postmark_bounce(bouncing.email))

    assert response.status_code == 200
    assert suppressed(bouncing).reason == Suppression.Reason.HARD_BOUNCE
    assert suppressed(fine) is None
    smtp_server.inbox.messages.clear()
    next_issue = approved_issue("en", subject="Summer health news")
    delivery.start_sending(next_issue.pk)
    delivery.send_issue(next_issue.pk)
    assert [m["To"] for m in smtp_server.inbox.messages] == [fine.email]


def test_a_complaint_suppresses_the_address(client):
    reader = SubscriberFactory(confirmed=True)

    post(client, "postmark", postmark_complaint(reader.email.upper()))

    assert suppressed(reader).reason == Suppression.Reason.COMPLAINT
    [bounce] = reader.bounces.all()
    assert bounce.kind == Bounce.Kind.COMPLAINT
    assert bounce.provider == "Postmark"


def test_a_bounce_is_linked_to_its_delivery_by_message_id(client, smtp_server):
    issue, (bouncing, _fine) = sent_issue(smtp_server)
    row = Delivery.objects.get(issue=issue, subscriber=bouncing)
    # The provider may name another recipient (a forwarding address):
    # the message id decides.
    payload = mailgun_failed("forwarded@example.net", row.message_id)

    response = post(client, "mailgun", payload)

    assert response.status_code == 200
    bounce = Bounce.objects.get()
    assert bounce.delivery == row
    assert bounce.subscriber == bouncing
    assert "does not exist" in bounce.description
    assert suppressed(bouncing).reason == Suppression.Reason.HARD_BOUNCE


def test_soft_bounces_suppress_only_after_the_limit(client, settings):
    settings.NEWSLETTER_SOFT_BOUNCE_LIMIT = 3
    # Before the examples' BouncedAt: bounces since then count.
    reader = SubscriberFactory(
        confirmed=True, confirmed_at=datetime.datetime(2019, 1, 1, tzinfo=datetime.UTC)
    )

    for event_id in (1, 2):
        post(client, "postmark", postmark_bounce(reader.email, "SoftBounce", event_id))
    # A provider retrying its post, and the same message bouncing again.
    post(client, "postmark", postmark_bounce(reader.email, "SoftBounce", 2))
    post(client, "postmark", postmark_bounce(reader.email, "SoftBounce", 12))
    assert reader.bounces.count() == 3
    assert suppressed(reader) is None

    post(client, "postmark", postmark_bounce(reader.email, "SoftBounce", 3))

    assert suppressed(reader).reason == Suppression.Reason.SOFT_BOUNCES


def test_mailgun_temporary_failures_are_soft_bounces(client):
    reader = SubscriberFactory(confirmed=True)

    post(client, "mailgun", mailgun_failed(reader.email, "<x@y>", "temporary"))

    assert reader.bounces.get().kind == Bounce.Kind.SOFT
    assert suppressed(reader) is None


def test_brevo_and_sendgrid_hard_bounces_are_recorded(client):
    brevo_reader, sendgrid_reader = SubscriberFactory.create_batch(2, confirmed=True)
    brevo = {
        # Brevo's documented transactional webhook example.
        "event": "hard_bounce",
        "email": brevo_reader.email,
        "id": 12345,
        "date": "2020-10-09 00:00:00",
        "ts": 1604933619,
        "message-id": "<201798300811.5787683@relay.domain.com>",
        "ts_event": 1604933654,
        "subject": "My first Transactional",
        "sending_ip": "185.41.28.109",
        "ts_epoch": 1604933654223,
        "reason": "The email account that you tried to reach does not exist.",
    }
    sendgrid = [
        # SendGrid's documented event webhook example.
        {
            "email": sendgrid_reader.email,
            "timestamp": 1513299569,
            "smtp-id": "<14c5d75ce93.dfd.64b469@ismtpd-555>",
            "event": "bounce",
            "category": "cat facts",
            "sg_event_id": "6g4ZI7SA-xmRDv57GoPIPw==",
            "sg_message_id": "14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0",
            "reason": "500 unknown recipient",
            "status": "5.0.0",
            "type": "bounce",
        }
    ]

    assert post(client, "brevo", brevo).status_code == 200
    assert post(client, "sendgrid", sendgrid).status_code == 200

    assert suppressed(brevo_reader).reason == Suppression.Reason.HARD_BOUNCE
    assert suppressed(sendgrid_reader).reason == Suppression.Reason.HARD_BOUNCE


@pytest.mark.parametrize("provider", ["postmark", "mailgun", "brevo", "sendgrid"])
def test_a_post_without_the_secret_is_refused_and_records_nothing(client, provider):
    reader = SubscriberFactory(confirmed=True)
    payload = {
        "postmark": postmark_bounce(reader.email),
        "mailgun": mailgun_failed(reader.email, "<x@y>"),
        "brevo": {"event": "hard_bounce", "email": reader.email, "id": 1},
        "sendgrid": [{"email": reader.email, "event": "bounce", "timestamp": 1}],
    }[provider]

    wrong = post(client, provider, payload, credentials="provider:guessed")
    missing = client.post(
        f"{PREFIX}/{provider}/tracking/",
        json.dumps(payload),
        content_type="application/json",
    )

    assert wrong.status_code == 403
    assert missing.status_code == 403
    assert not Bounce.objects.exists()
    assert not Suppression.objects.exists()


def test_amazon_ses_complaint_through_sns(client):
    reader = SubscriberFactory(confirmed=True)
    ses_event = {
        # The shape of Amazon SES's documented complaint notification.
        "eventType": "Complaint",
        "complaint": {
            "complainedRecipients": [{"emailAddress": reader.email}],
            "timestamp": "2018-10-09T23:43:42.000Z",
            "feedbackId": "01000166-f8e1-4c35-a40e-7d2b3fe3bdb4-000000",
            "complaintFeedbackType": "abuse",
        },
        "mail": {
            "timestamp": "2018-10-09T23:43:40.000Z",
            "source": "newsletter@example.org",
            "messageId": "01000166-f8e0-4aa4-8c8f-88bd3a4b8a2e-000000",
            "destination": [reader.email],
            "headersTruncated": False,
            "headers": [],
            "commonHeaders": {"subject": "Spring health news"},
        },
    }
    sns = {
        "Type": "Notification",
        "MessageId": "8a51f5ef-0e46-5b0e-a7f4-4e1b9c1b0c52",
        "TopicArn": "arn:aws:sns:us-east-1:111111111111:ses-events",
        "Message": json.dumps(ses_event),
        "Timestamp": "2018-10-09T23:43:42.000Z",
    }

    response = post(
        client,
        "amazon_ses",
        sns,
        HTTP_X_AMZ_SNS_MESSAGE_TYPE="Notification",
        HTTP_X_AMZ_SNS_MESSAGE_ID=sns["MessageId"],
    )

    assert response.status_code == 200
    assert suppressed(reader).reason == Suppression.Reason.COMPLAINT


def test_signing_up_again_does_not_lift_a_suppression_but_confirming_does(
    client, smtp_server
):
    _issue, [reader] = sent_issue(smtp_server, readers=1)
    post(client, "postmark", postmark_bounce(reader.email))
    smtp_server.inbox.messages.clear()

    sign_up(client, reader.email)

    assert suppressed(reader) is not None
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.PENDING
    [confirmation] = smtp_server.inbox.to(reader.email)

    client.post(link_in(confirmation, "confirm"), HTTP_ORIGIN=OWN_ORIGIN)

    assert suppressed(reader) is None
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.CONFIRMED


def test_the_subscriber_page_shows_their_bounces(admin_client, smtp_server):
    issue, [reader] = sent_issue(smtp_server, readers=1)
    row = Delivery.objects.get(subscriber=reader)
    post(admin_client, "mailgun", mailgun_failed(reader.email, row.message_id))

    page = admin_client.get(
        f"/admin/newsletter/subscriber/{reader.pk}/change/"
    ).content.decode()

    assert "Bounces and complaints" in page
    assert "Hard bounce" in page
    assert "does not exist" in page
    assert issue.subject in page
    assert "lifted when they confirm again" in page


def test_progress_counts_the_reported_bounces_for_cron_logs(client, smtp_server):
    issue, (hard, soft, complaining, _fine) = sent_issue(smtp_server, readers=4)
    for reader, severity, event in (
        (hard, "permanent", "failed"),
        (soft, "temporary", "failed"),
        (complaining, "permanent", "complained"),
    ):
        row = Delivery.objects.get(subscriber=reader)
        payload = mailgun_failed(reader.email, row.message_id, severity, event)
        assert post(client, "mailgun", payload).status_code == 200

    out = io.StringIO()
    call_command("newsletter_progress", stdout=out)

    assert f"Issue {issue.pk} (en, sent): 4 sent" in out.getvalue()
    assert "2 bounced, 1 complained" in out.getvalue()
