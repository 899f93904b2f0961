"""Confirm and unsubscribe links: expired or altered ones change nothing."""

import datetime
import time

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from newsletter import services
from newsletter.models import Subscriber
from tests.factories import SubscriberFactory

pytestmark = pytest.mark.django_db


def made_days_ago(monkeypatch, days, make_token, subscriber):
    """A token signed ``days`` ago, by moving the signer's clock back."""
    then = time.time() - days * 86400
    with monkeypatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: then)
        return make_token(subscriber)


def confirm_path(token, language="en"):
    return f"/{language}/newsletter/confirm/{token}/"


def unsubscribe_path(token, language="en"):
    return f"/{language}/newsletter/unsubscribe/{token}/"


def assert_friendly_invalid_page(response):
    assert response.status_code == 400
    html = response.content.decode()
    assert "This link no longer works" in html
    assert "Nothing has been changed" in html


@pytest.mark.parametrize("method", ["get", "post"])
def test_expired_confirm_link_shows_a_friendly_page_and_changes_nothing(
    client, monkeypatch, method
):
    subscriber = SubscriberFactory()
    token = made_days_ago(monkeypatch, 8, services.make_confirm_token, subscriber)

    response = getattr(client, method)(confirm_path(token))

    assert_friendly_invalid_page(response)
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.confirmed_at is None


def test_confirm_link_from_six_days_ago_still_works(client, monkeypatch):
    subscriber = SubscriberFactory()
    token = made_days_ago(monkeypatch, 6, services.make_confirm_token, subscriber)

    client.post(confirm_path(token))

    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


@pytest.mark.parametrize("method", ["get", "post"])
def test_tampered_confirm_link_shows_a_friendly_page_and_changes_nothing(
    client, method
):
    subscriber = SubscriberFactory()
    other = SubscriberFactory()
    token = services.make_confirm_token(subscriber)
    forged = signing.dumps([other.pk, 0], salt="wrong") + "x"

    for bad in [token[:-2] + "zz", token.replace(":", ":A", 1), forged, "garbage"]:
        assert_friendly_invalid_page(getattr(client, method)(confirm_path(bad)))

    assert set(Subscriber.objects.values_list("status", flat=True)) == {"pending"}


def test_confirming_twice_is_harmless(client):
    subscriber = SubscriberFactory()
    path = confirm_path(services.make_confirm_token(subscriber))

    first = client.post(path)
    subscriber.refresh_from_db()
    confirmed_at = subscriber.confirmed_at
    second = client.post(path)
    again = client.get(path)

    assert first.status_code == second.status_code == again.status_code == 200
    assert "You are subscribed" in again.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at == confirmed_at


def test_confirm_link_from_before_an_unsubscribe_does_not_resubscribe(client):
    subscriber = SubscriberFactory()
    old_path = confirm_path(services.make_confirm_token(subscriber))
    services.unsubscribe(services.make_unsubscribe_token(subscriber))

    assert_friendly_invalid_page(client.post(old_path))

    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_confirm_link_of_an_earlier_signup_stops_working_after_signing_up_again(
    client, mailoutbox
):
    subscriber = SubscriberFactory(
        consented_at=timezone.now() - datetime.timedelta(days=2),
        confirmation_sent_at=timezone.now() - datetime.timedelta(days=2),
    )
    old_path = confirm_path(services.make_confirm_token(subscriber))
    services.unsubscribe(services.make_unsubscribe_token(subscriber))
    services.subscribe(email=subscriber.email, language="en")

    assert_friendly_invalid_page(client.post(old_path))
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_unsubscribe_link_never_expires(client, monkeypatch):
    subscriber = SubscriberFactory(confirmed=True)
    token = made_days_ago(
        monkeypatch, 3 * 365, services.make_unsubscribe_token, subscriber
    )

    response = client.post(unsubscribe_path(token))

    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


@pytest.mark.parametrize("method", ["get", "post"])
def test_tampered_unsubscribe_link_shows_a_friendly_page_and_changes_nothing(
    client, method
):
    subscriber = SubscriberFactory(confirmed=True)
    token = services.make_unsubscribe_token(subscriber)
    # A confirm token is signed with another salt: it can't unsubscribe.
    confirm_token = services.make_confirm_token(subscriber)

    for bad in [token[:-3] + "abc", confirm_token, "1", "MQ:forged:sig"]:
        assert_friendly_invalid_page(getattr(client, method)(unsubscribe_path(bad)))

    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


def test_unsubscribe_link_of_an_erased_subscriber_is_a_friendly_page(client):
    subscriber = SubscriberFactory(confirmed=True)
    path = unsubscribe_path(services.make_unsubscribe_token(subscriber))
    subscriber.delete()

    assert_friendly_invalid_page(client.post(path))


def test_token_pages_are_not_cached_and_set_no_cookie(client):
    subscriber = SubscriberFactory()
    path = reverse(
        "newsletter:unsubscribe",
        kwargs={"token": services.make_unsubscribe_token(subscriber)},
    )

    response = client.get(path)

    assert "no-cache" in response["Cache-Control"]
    assert response.cookies == {}
    assert '<meta name="robots" content="noindex">' in response.content.decode()
