"""Staff sessions, the admin's address, the admin log, passwords, and the
production settings that protect them."""

import datetime

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from freezegun import freeze_time

from tests.factories import CategoryFactory
from tests.liv_site.test_setup import run_python

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-staff-password"
START = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        username="editor", password=PASSWORD, is_staff=True
    )


def sign_in(client, user):
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": user.username, "password": PASSWORD},
    )
    assert response.status_code == 302
    return response


def test_the_session_cookie_is_secure_http_only_and_ends_with_the_browser(
    client, staff
):
    cookie = sign_in(client, staff).cookies["sessionid"]

    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    # No expiry date: the browser forgets the session when it closes.
    assert cookie["expires"] == ""
    assert cookie["max-age"] == ""


def test_a_staff_session_ends_after_an_hour_without_activity(client, staff):
    with freeze_time(START) as clock:
        sign_in(client, staff)
        clock.tick(datetime.timedelta(minutes=61))

        response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_staff_session_in_use_stays_open(client, staff):
    with freeze_time(START) as clock:
        sign_in(client, staff)
        for _ in range(3):
            clock.tick(datetime.timedelta(minutes=50))
            assert client.get("/admin/").status_code == 200


def test_staff_changes_are_kept_in_the_admin_log(admin_client, admin_user):
    category = CategoryFactory(name="Cardiology", slug="cardiology")

    response = admin_client.post(
        f"/admin/articles/category/{category.pk}/change/",
        {
            "name": "Heart health",
            "slug": "cardiology",
            "description": category.description,
            "review_interval_months": category.review_interval_months,
        },
    )

    assert response.status_code == 302
    entry = LogEntry.objects.get(object_id=str(category.pk))
    assert entry.user == admin_user
    assert entry.action_flag == CHANGE
    assert entry.object_repr == "Heart health"
    assert entry.get_change_message() == "Changed Name."
    history = admin_client.get(f"/admin/articles/category/{category.pk}/history/")
    assert "Changed Name." in history.content.decode()


def test_admin_pages_ask_search_engines_not_to_list_them(admin_client, client):
    assert admin_client.get("/admin/")["X-Robots-Tag"] == "noindex, nofollow"
    assert client.get("/admin/login/")["X-Robots-Tag"] == "noindex, nofollow"


def test_robots_txt_does_not_reveal_the_admin_address(client):
    assert "admin" not in client.get("/robots.txt").content.decode()


@pytest.mark.parametrize(
    "password",
    ["short-pw", "password1234", "123456789012", "ayse.demir@livhospital"],
    ids=["too short", "common", "numeric", "like the user name"],
)
def test_weak_staff_passwords_are_refused(staff, password):
    staff.email = "ayse.demir@livhospital.example"
    with pytest.raises(ValidationError):
        validate_password(password, user=staff)


def test_the_admin_address_comes_from_admin_url():
    result = run_python(
        "import django; django.setup(); from django.urls import reverse; "
        "from django.test import Client; "
        "print(reverse('admin:index')); print(reverse('admin:two_factor_setup')); "
        "print(Client().get('/admin/').status_code)",
        DEBUG="1",
        ADMIN_URL="/staff-entrance-7q/",
    )

    assert result.stdout.split() == [
        "/staff-entrance-7q/",
        "/staff-entrance-7q/two-factor/",
        "404",
    ], result.stderr


def test_an_empty_admin_url_stops_the_process():
    result = run_python("import django; django.setup()", DEBUG="1", ADMIN_URL="/")

    assert result.returncode != 0
    assert "ADMIN_URL must name a path" in result.stderr


def test_production_settings_protect_cookies_and_sessions():
    result = run_python(
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SESSION_COOKIE_HTTPONLY, s.SESSION_EXPIRE_AT_BROWSER_CLOSE, "
        "s.SESSION_COOKIE_AGE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
        "s.ADMIN_URL, s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME, "
        "s.REQUIRE_2FA_FOR_SITE_ADMINS)",
        DEBUG="0",
        SECURE_SSL_REDIRECT="1",
        SECRET_KEY="production-like-key-for-this-test-0123456789abcdefghijkl",
        STAFF_SESSION_MINUTES="30",
        REQUIRE_2FA_FOR_SITE_ADMINS="1",
    )

    assert result.stdout.split() == [
        "True",
        "True",
        "True",
        "True",
        "1800",
        "True",
        "31536000",
        "admin/",
        "5",
        "0:15:00",
        "True",
    ], result.stderr


def test_the_admin_names_the_site_not_django(admin_client, client):
    login = client.get("/admin/login/").content.decode()
    index = admin_client.get("/admin/").content.decode()
    users = admin_client.get("/admin/auth/user/").content.decode()

    for page in (login, index, users):
        assert "Liv Hospital Health Library" in page
        assert "Django administration" not in page
        assert "Django site admin" not in page
    assert "<title>Health Library administration | Liv Hospital" in index


def test_the_admin_header_is_translated(admin_client):
    index = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="de").content.decode()

    assert "Gesundheitsbibliothek des Liv Hospital" in index
