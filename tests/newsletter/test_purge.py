"""Unconfirmed signups are not kept for ever."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from newsletter.models import Subscriber
from tests.factories import SubscriberFactory

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def test_purge_deletes_only_old_unconfirmed_signups(capsys):
    SubscriberFactory(email="stale@example.com", consented_at=days_ago(31))
    SubscriberFactory(email="fresh@example.com", consented_at=days_ago(3))
    SubscriberFactory(
        email="member@example.com", consented_at=days_ago(90), confirmed=True
    )
    SubscriberFactory(
        email="left@example.com",
        consented_at=days_ago(90),
        status=Subscriber.Status.UNSUBSCRIBED,
    )

    call_command("purge_unconfirmed", dry_run=True)
    assert "1 unconfirmed signup(s) would be deleted" in capsys.readouterr().out
    assert Subscriber.objects.count() == 4

    call_command("purge_unconfirmed")

    assert sorted(Subscriber.objects.values_list("email", flat=True)) == [
        "fresh@example.com",
        "left@example.com",
        "member@example.com",
    ]
