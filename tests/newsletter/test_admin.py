"""What staff see and do: counts, filters, export, erasure."""

import csv
import io

import pytest
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.db import models

from newsletter import bounces, delivery
from newsletter.models import Bounce, Delivery, Subscriber
from tests.factories import SubscriberFactory
from tests.smtp import SMTPServer

from .issue_helpers import approved_issue

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/newsletter/subscriber/"


def test_changelist_shows_counts_per_status(admin_client):
    SubscriberFactory.create_batch(3)
    SubscriberFactory.create_batch(2, confirmed=True)
    SubscriberFactory(status=Subscriber.Status.UNSUBSCRIBED)

    html = admin_client.get(CHANGELIST).content.decode()

    assert "Pending confirmation: <strong>3</strong>" in html
    assert "Confirmed: <strong>2</strong>" in html
    assert "Unsubscribed: <strong>1</strong>" in html


def test_changelist_filters_and_searches(admin_client):
    SubscriberFactory(email="ali@example.com", language="tr", confirmed=True)
    SubscriberFactory(email="bob@example.com", language="de")
    SubscriberFactory(email="old@example.com", consent_version="2020-01")

    by_status = admin_client.get(CHANGELIST, {"status__exact": "confirmed"})
    by_language = admin_client.get(CHANGELIST, {"language__exact": "de"})
    by_version = admin_client.get(CHANGELIST, {"consent_version": "2020-01"})
    by_email = admin_client.get(CHANGELIST, {"q": "ALI@"})

    assert list(by_status.context["cl"].result_list.values_list("email")) == [
        ("ali@example.com",)
    ]
    assert [s.email for s in by_language.context["cl"].result_list] == [
        "bob@example.com"
    ]
    assert [s.email for s in by_version.context["cl"].result_list] == [
        "old@example.com"
    ]
    assert [s.email for s in by_email.context["cl"].result_list] == ["ali@example.com"]


@pytest.mark.parametrize("rows", [1, 30])
def test_changelist_query_count_does_not_grow_with_rows(
    admin_client, django_assert_num_queries, rows
):
    subscribers = SubscriberFactory.create_batch(rows)
    admin_client.get(CHANGELIST)  # warm the session and content types

    # session, user, counts per status, count, full count, the rows, date
    # hierarchy (2), consent versions for the filter; authenticator apps and
    # the session's refreshed expiry (an UPDATE in a savepoint here)
    with django_assert_num_queries(13):
        response = admin_client.get(CHANGELIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Pending confirmation: <strong>{rows}</strong>" in html
    assert all(subscriber.email in html for subscriber in subscribers)


def test_staff_cannot_add_subscribers_without_consent(admin_client):
    assert admin_client.get(CHANGELIST + "add/").status_code == 403


def test_csv_export_gives_each_selected_subscribers_consent_record(admin_client):
    confirmed = SubscriberFactory(
        email="yes@example.com",
        language="ar",
        confirmed=True,
        source_path="/ar/articles/diabetes/",
    )
    SubscriberFactory(email="pending@example.com")
    SubscriberFactory(email="gone@example.com", status=Subscriber.Status.UNSUBSCRIBED)
    SubscriberFactory(email="=HYPERLINK(1)@example.com", confirmed=True)
    SubscriberFactory(email="not.selected@example.com")

    response = admin_client.post(
        CHANGELIST,
        {
            "action": "export_consent_csv",
            "_selected_action": list(
                Subscriber.objects.exclude(email__startswith="not.").values_list(
                    "pk", flat=True
                )
            ),
        },
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "email",
        "language",
        "status",
        "consent_version",
        "consented_at",
        "confirmed_at",
        "source_path",
    ]
    assert rows[1] == [
        "yes@example.com",
        "ar",
        "confirmed",
        confirmed.consent_version,
        confirmed.consented_at.isoformat(),
        confirmed.confirmed_at.isoformat(),
        "/ar/articles/diabetes/",
    ]
    assert [row[:3] for row in rows[2:4]] == [
        ["pending@example.com", "en", "pending"],
        ["gone@example.com", "en", "unsubscribed"],
    ]
    assert rows[2][5] == ""  # never confirmed
    # A spreadsheet must not run an address as a formula.
    assert rows[4][0] == "'=HYPERLINK(1)@example.com"
    assert len(rows) == 5


def test_unsubscribe_action(admin_client):
    subscriber = SubscriberFactory(confirmed=True)

    admin_client.post(
        CHANGELIST,
        {"action": "unsubscribe_selected", "_selected_action": [subscriber.pk]},
    )

    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None


def text_columns_containing(value):
    """Every text column of every table that holds ``value``."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                lookup = {f"{field.name}__icontains": value}
                if model._default_manager.filter(**lookup).exists():
                    found.append(f"{model._meta.label}.{field.name}")
    return found


def test_erasure_from_the_admin_leaves_no_trace_of_the_address(admin_client):
    subscriber = SubscriberFactory(email="erase.me@example.com", confirmed=True)
    # Staff looked at it and unsubscribed it first: both leave log entries.
    admin_client.get(f"{CHANGELIST}{subscriber.pk}/change/")
    admin_client.post(
        CHANGELIST,
        {"action": "unsubscribe_selected", "_selected_action": [subscriber.pk]},
    )

    response = admin_client.post(
        f"{CHANGELIST}{subscriber.pk}/delete/", {"post": "yes"}
    )

    assert response.status_code == 302
    assert not Subscriber.objects.exists()
    assert text_columns_containing("erase.me") == []
    entry = LogEntry.objects.get()
    assert entry.object_repr == f"subscriber #{subscriber.pk}"


class RefusingInbox:
    """A mail server that refuses one mailbox, quoting its address as
    real servers do (and so Python's SMTPRecipientsRefused)."""

    def __init__(self, refused):
        self.refused = refused

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == self.refused:
            return f"550 5.1.1 <{address}>: Recipient address rejected"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        return "250 Message accepted for delivery"


def test_erasure_leaves_no_address_in_deliveries_bounces_or_suppressions(
    admin_client, smtp_settings
):
    subscriber = SubscriberFactory(email="refused.erase@example.com", confirmed=True)
    server = SMTPServer(smtp_settings.EMAIL_PORT)
    server.inbox = RefusingInbox(subscriber.email)
    server.start()
    try:
        issue = approved_issue()
        delivery.start_sending(issue.pk)
        delivery.send_issue(issue.pk)
    finally:
        server.stop()
    bounces.record(
        kind=Bounce.Kind.HARD,
        provider="Postmark",
        event_id="1",
        message_id="",
        recipient=subscriber.email,
        description=f"550 <{subscriber.email}> does not exist",
        occurred_at=issue.created_at,
    )
    assert text_columns_containing("refused.erase") != []

    admin_client.post(f"{CHANGELIST}{subscriber.pk}/delete/", {"post": "yes"})

    assert text_columns_containing("refused.erase") == []
    # What remains says how the issue went, not to whom.
    assert Delivery.objects.get().status == Delivery.Status.FAILED


def test_bulk_erasure_leaves_no_trace_either(admin_client):
    subscribers = [
        SubscriberFactory(email=f"bulk{n}.erase@example.com") for n in range(3)
    ]

    admin_client.post(
        CHANGELIST,
        {
            "action": "delete_selected",
            "_selected_action": [s.pk for s in subscribers],
            "post": "yes",
        },
    )

    assert not Subscriber.objects.exists()
    assert text_columns_containing(".erase@") == []
    assert LogEntry.objects.count() == 3


def test_change_page_shows_the_consent_wording_the_subscriber_agreed_to(
    admin_client,
):
    subscriber = SubscriberFactory(source_path="/de/articles/diabetes/")

    response = admin_client.get(f"{CHANGELIST}{subscriber.pk}/change/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "I agree to receive the Liv Hospital e-newsletter" in html
    assert "/de/articles/diabetes/" in html
    assert 'name="email"' not in html  # read-only: staff can't rewrite consent


def test_consent_wording_is_shown_in_the_language_the_subscriber_read_it_in(
    admin_client,
):
    subscriber = SubscriberFactory(language="de", source_path="/de/")

    html = admin_client.get(f"{CHANGELIST}{subscriber.pk}/change/").content.decode()

    assert "Ich bin damit einverstanden, den E-Newsletter des Liv Hospital" in html
