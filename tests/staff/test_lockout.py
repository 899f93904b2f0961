"""Sign-in lockout: 5 failures for one user name from one client pause
sign-in for that pair for 15 minutes (django-axes)."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from freezegun import freeze_time

pytestmark = pytest.mark.django_db

LOGIN_URL = "/admin/login/?next=/admin/"
PASSWORD = "a-long-nurse-password"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def nurse(django_user_model):
    return django_user_model.objects.create_user(
        username="nurse", password=PASSWORD, is_staff=True
    )


def sign_in(client, password, username="nurse", address="203.0.113.7"):
    return client.post(
        LOGIN_URL,
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def fail(client, times, **kwargs):
    return [sign_in(client, "wrong-password", **kwargs) for _ in range(times)]


def test_four_failures_still_allow_the_right_password(client, nurse):
    responses = fail(client, 4)

    assert [r.status_code for r in responses] == [200] * 4
    assert "Please enter the correct username and password" in (
        responses[-1].content.decode()
    )
    assert sign_in(client, PASSWORD).status_code == 302


def test_the_fifth_failure_locks_out_with_a_clear_page_not_an_error(client, nurse):
    *_, fifth = fail(client, 5)

    assert fifth.status_code == 429
    page = fifth.content.decode()
    assert "Sign-in is paused after 5 failed attempts" in page
    assert "the next 15 minutes" in page
    assert fifth["X-Robots-Tag"] == "noindex, nofollow"


def test_a_locked_out_client_is_refused_even_with_the_right_password(client, nurse):
    fail(client, 5)

    response = sign_in(client, PASSWORD)

    assert response.status_code == 429
    assert "Sign-in is paused" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_per_user_name_and_client(client, nurse, django_user_model):
    django_user_model.objects.create_user(
        username="doctor", password=PASSWORD, is_staff=True
    )
    fail(client, 5)

    assert sign_in(client, PASSWORD, address="198.51.100.20").status_code == 302
    client.logout()
    assert sign_in(client, PASSWORD, username="doctor").status_code == 302


def test_the_lockout_ends_after_15_minutes(client, nurse):
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with freeze_time(start) as clock:
        fail(client, 5)
        clock.tick(datetime.timedelta(minutes=14))
        assert sign_in(client, PASSWORD).status_code == 429

        # Trying during the lockout starts the 15 minutes again.
        clock.tick(datetime.timedelta(minutes=15, seconds=1))
        response = sign_in(client, PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_a_success_forgives_earlier_failures(client, nurse):
    fail(client, 4)
    assert sign_in(client, PASSWORD).status_code == 302
    client.logout()

    assert [r.status_code for r in fail(client, 4)] == [200] * 4


def test_the_client_address_behind_a_trusted_proxy(client, nurse, settings):
    """Behind one proxy, the lockout follows the address the proxy saw,
    not the proxy's own, and not what the client wrote itself."""
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(5):
        client.post(
            LOGIN_URL,
            {"username": "nurse", "password": "wrong-password"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.7",
        )

    other_client = client.post(
        LOGIN_URL,
        {"username": "nurse", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.20",
    )
    assert other_client.status_code == 302


def test_failures_and_sign_ins_are_logged_without_the_password(client, nurse):
    fail(client, 2)
    sign_in(client, PASSWORD)

    failures = AccessFailureLog.objects.filter(username="nurse")
    assert failures.count() == 2
    assert {f.ip_address for f in failures} == {"203.0.113.7"}
    assert AccessLog.objects.filter(username="nurse").count() == 1
    # The success cleared the running count used for the lockout.
    assert AccessAttempt.objects.count() == 0


def test_a_recorded_attempt_never_holds_the_password(client, nurse):
    fail(client, 1)

    attempt = AccessAttempt.objects.get()
    assert "wrong-password" not in attempt.post_data


def test_signing_in_without_a_request_still_works(client, nurse):
    """Django's test client and management commands authenticate without a
    request; there is no client to lock out, and they must not crash."""
    assert client.login(username="nurse", password=PASSWORD) is True
    assert client.get("/admin/").status_code == 200
