"""The signup form: privacy, abuse protection and validation."""

import datetime
import socket

import pytest
from django.utils import timezone

from newsletter.consent import CONSENT_VERSION
from newsletter.models import Subscriber

from .conftest import OWN_ORIGIN, sign_up, signup_data

pytestmark = pytest.mark.django_db


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_signup_records_language_page_and_consent(client, mailoutbox):
    before = timezone.now()
    sign_up(client, " Someone@Example.COM ", language="de")

    subscriber = Subscriber.objects.get()
    assert subscriber.email == "someone@example.com"
    assert subscriber.language == "de"
    assert subscriber.source_path == "/en/articles/"
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.consent_version == CONSENT_VERSION
    assert subscriber.consented_at >= before
    assert len(mailoutbox) == 1


def test_duplicates_and_case_variants_make_one_row_and_one_email(client, mailoutbox):
    for address in ["ayse@example.com", "AYSE@example.com", " Ayse@Example.Com "]:
        response = sign_up(client, address)
        assert response.status_code == 302

    assert Subscriber.objects.count() == 1
    assert len(mailoutbox) == 1  # the same address is not mailed again at once


def test_pending_address_gets_a_new_email_after_the_resend_delay(client, mailoutbox):
    sign_up(client)
    Subscriber.objects.update(
        confirmation_sent_at=timezone.now() - datetime.timedelta(hours=1)
    )

    sign_up(client)

    assert len(mailoutbox) == 2
    assert Subscriber.objects.count() == 1


def test_answer_is_the_same_for_new_and_known_addresses(client, mailoutbox):
    new = sign_up(client, "new@example.com")
    Subscriber.objects.update(status=Subscriber.Status.CONFIRMED)
    known = sign_up(client, "new@example.com")

    assert (new.status_code, new["Location"]) == (known.status_code, known["Location"])
    json_new = sign_up(client, "other@example.com", HTTP_ACCEPT="application/json")
    json_known = sign_up(client, "new@example.com", HTTP_ACCEPT="application/json")
    assert json_new.json() == json_known.json()
    assert json_new.json()["ok"] is True


def test_confirmed_address_gets_no_second_confirmation_email(client, mailoutbox):
    sign_up(client)
    Subscriber.objects.update(
        status=Subscriber.Status.CONFIRMED, confirmed_at=timezone.now()
    )
    mailoutbox.clear()

    sign_up(client)

    assert mailoutbox == []
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED


def test_unsubscribed_address_signing_up_again_is_pending_with_fresh_consent(
    client, mailoutbox
):
    sign_up(client)
    old_consent = timezone.now() - datetime.timedelta(days=400)
    Subscriber.objects.update(
        status=Subscriber.Status.UNSUBSCRIBED,
        unsubscribed_at=timezone.now(),
        consent_version="2020-01",
        consented_at=old_consent,
    )
    mailoutbox.clear()

    sign_up(client)

    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.consent_version == CONSENT_VERSION
    assert subscriber.consented_at > old_consent
    assert subscriber.unsubscribed_at is None
    assert len(mailoutbox) == 1


def test_honeypot_filled_saves_nothing_and_answers_the_same(client, mailoutbox):
    data = signup_data("bot@example.com", website="http://spam.example")

    response = sign_up(client, data=data)

    assert response.status_code == 302
    assert response["Location"] == "/en/newsletter/thanks/"
    assert not Subscriber.objects.exists()
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (signup_data("not-an-address"), "email", "Enter a valid email address"),
        (signup_data("a" * 250 + "@example.com"), "email", "Ensure this value"),
        (signup_data(""), "email", "Enter your email address"),
        (signup_data(consent=""), "consent", "Tick the box to agree"),
        (signup_data(consent="1999-01"), "consent", "Tick the box to agree"),
    ],
)
def test_bad_input_shows_the_error_on_its_field(client, data, field, message):
    response = sign_up(client, data=data)

    assert response.status_code == 200
    html = response.content.decode()
    error_id = f"newsletter-page-{field}-error"
    assert f'aria-describedby="{error_id}"' in html
    error = html.split(f'id="{error_id}"')[1].split("</p>")[0]
    assert message in error
    assert html.count("<h1") == 1
    assert not Subscriber.objects.exists()


def test_bad_input_answers_json_errors_to_the_script(client):
    response = sign_up(
        client, data=signup_data("nope", consent=""), HTTP_ACCEPT="application/json"
    )

    assert response.status_code == 400
    body = response.json()
    assert body["ok"] is False
    assert set(body["errors"]) == {"email", "consent"}


def test_sixth_signup_in_a_minute_gets_a_friendly_429(client):
    for number in range(5):
        assert sign_up(client, f"p{number}@example.com").status_code == 302

    response = sign_up(client, "p6@example.com")

    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "Please wait a minute" in response.content.decode()
    assert Subscriber.objects.count() == 5
    other_client = sign_up(client, "p7@example.com", REMOTE_ADDR="203.0.113.9")
    assert other_client.status_code == 302
    json = sign_up(client, "p8@example.com", HTTP_ACCEPT="application/json")
    assert json.status_code == 429
    assert json.json()["ok"] is False


def test_rate_limit_counts_clients_behind_the_proxy(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for number in range(5):
        sign_up(client, f"p{number}@example.com", HTTP_X_FORWARDED_FOR="198.51.100.1")

    blocked = sign_up(client, "x@example.com", HTTP_X_FORWARDED_FOR="198.51.100.1")
    # A spoofed left-most entry does not give a fresh allowance.
    spoofed = sign_up(
        client, "y@example.com", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.1"
    )
    another = sign_up(client, "z@example.com", HTTP_X_FORWARDED_FOR="198.51.100.2")

    assert blocked.status_code == 429
    assert spoofed.status_code == 429
    assert another.status_code == 302


def test_rate_limit_stores_no_ip_address_in_the_cache(client, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "newsletter-ratelimit-probe",
        },
    }
    from django.core.cache import cache

    sign_up(client, REMOTE_ADDR="203.0.113.77")

    keys = list(cache._cache)
    assert keys
    assert not any("203.0.113.77" in key for key in keys)


def test_signup_still_works_when_the_cache_is_down(client, settings, mailoutbox):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/12",
        },
    }

    response = sign_up(client)

    assert response.status_code == 302
    assert Subscriber.objects.count() == 1


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_ORIGIN": "http://testserver.evil.example"},
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_SEC_FETCH_SITE": "same-site"},
        {"HTTP_REFERER": "https://evil.example/form"},
        {},
    ],
)
def test_cross_site_signup_is_refused_with_403(client, headers, mailoutbox):
    response = client.post("/en/newsletter/", signup_data(), **headers)

    assert response.status_code == 403
    assert "This form could not be sent" in response.content.decode()
    assert not Subscriber.objects.exists()
    assert mailoutbox == []


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": OWN_ORIGIN},
        {"HTTP_SEC_FETCH_SITE": "same-origin"},
        {"HTTP_REFERER": "http://testserver/en/articles/some-article/"},
    ],
)
def test_signup_from_our_own_pages_is_accepted(client, headers):
    response = client.post("/en/newsletter/", signup_data(), **headers)

    assert response.status_code == 302
    assert Subscriber.objects.count() == 1


def test_trusted_origins_from_settings_are_accepted(client, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://www.example.org"]

    response = sign_up(client, HTTP_ORIGIN="https://www.example.org")

    assert response.status_code == 302
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_rate_limit_works_on_redis_and_forgets_the_client_after_a_minute(
    client, settings
):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/12",
            "KEY_PREFIX": "liv-newsletter-test",
        },
    }
    from django.core.cache import cache

    cache.clear()
    statuses = [
        sign_up(client, f"r{n}@example.com", REMOTE_ADDR="192.0.2.44").status_code
        for n in range(6)
    ]

    assert statuses == [302] * 5 + [429]
    redis = cache._cache.get_client()
    [key] = redis.keys("liv-newsletter-test:*ratelimit*")
    assert b"192.0.2.44" not in key
    assert 0 < redis.ttl(key) <= 60
    cache.clear()
