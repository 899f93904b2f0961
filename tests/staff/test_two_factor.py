"""Two-factor sign-in to the admin with an authenticator app (TOTP)."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time

from tests.liv_site.test_setup import run_python

pytestmark = pytest.mark.django_db

LOGIN_URL = "/admin/login/?next=/admin/"
SETUP_URL = "/admin/two-factor/"
PASSWORD = "a-long-staff-password"
NOON = datetime.datetime(2026, 3, 2, 12, 0, 5, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def clock():
    with freeze_time(NOON) as frozen:
        yield frozen


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        username="surgeon", password=PASSWORD, is_staff=True
    )


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        username="chief", password=PASSWORD, email=""
    )


def add_device(user, confirmed=True):
    return TOTPDevice.objects.create(user=user, name="Phone", confirmed=confirmed)


def current_code(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


def sign_in(client, user, code=""):
    return client.post(
        LOGIN_URL,
        {"username": user.username, "password": PASSWORD, "otp_token": code},
    )


def test_staff_without_an_app_sign_in_with_the_password_alone(client, staff):
    response = sign_in(client, staff)

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_the_login_page_offers_the_code_field(client):
    page = client.get(LOGIN_URL).content.decode()

    assert 'name="otp_token"' in page
    assert "Authentication code" in page
    assert 'autocomplete="one-time-code"' in page


def test_a_valid_code_signs_in(client, staff):
    device = add_device(staff)

    response = sign_in(client, staff, current_code(device))

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_the_password_alone_is_refused_when_the_account_has_an_app(client, staff):
    add_device(staff)

    response = sign_in(client, staff)

    assert response.status_code == 200
    assert "This account uses two-factor sign-in" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_wrong_code_is_refused(client, staff):
    device = add_device(staff)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"

    response = sign_in(client, staff, wrong)

    assert response.status_code == 200
    assert "That authentication code is not valid" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_code_works_only_once(client, staff):
    device = add_device(staff)
    code = current_code(device)
    assert sign_in(client, staff, code).status_code == 302
    client.logout()

    response = sign_in(client, staff, code)

    assert response.status_code == 200
    assert "each one works only once" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_wrong_codes_count_towards_the_lockout(client, staff, clock):
    device = add_device(staff)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    responses = []
    for _ in range(5):
        # Past django-otp's own growing delay between tries.
        clock.tick(datetime.timedelta(seconds=20))
        responses.append(sign_in(client, staff, wrong))

    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    clock.tick(datetime.timedelta(seconds=20))
    assert sign_in(client, staff, current_code(device)).status_code == 429


def test_a_session_from_before_the_app_was_added_must_sign_in_again(client, staff):
    client.force_login(staff)
    add_device(staff)

    response = client.get("/admin/", follow=True)

    assert response.redirect_chain[0][0].startswith("/admin/login/")
    assert "Sign in again with the code" in response.content.decode()


class TestSiteAdminsWhenTheSettingIsOn:
    @pytest.fixture(autouse=True)
    def require_two_factor(self, settings):
        settings.REQUIRE_2FA_FOR_SITE_ADMINS = True

    def test_a_superuser_without_an_app_is_sent_to_set_one_up(self, client, superuser):
        response = sign_in(client, superuser)
        assert response.status_code == 302

        page = client.get("/admin/", follow=True)

        assert page.redirect_chain[0][0].startswith("/admin/login/")
        content = page.content.decode()
        assert "Site admins must use two-factor sign-in" in content
        assert f'href="{SETUP_URL}"' in content
        assert 'action="/admin/logout/"' in content
        assert client.get("/admin/auth/user/").status_code == 302

    def test_a_site_admin_group_member_without_an_app_is_refused(self, client, staff):
        staff.groups.add(Group.objects.get_or_create(name="Site admin")[0])
        sign_in(client, staff)

        page = client.get("/admin/", follow=True)

        assert "Site admins must use two-factor sign-in" in page.content.decode()

    def test_a_site_admin_with_a_confirmed_app_gets_in(self, client, superuser):
        device = add_device(superuser)

        sign_in(client, superuser, current_code(device))

        assert client.get("/admin/").status_code == 200

    def test_other_staff_may_still_sign_in_without_an_app(self, client, staff):
        sign_in(client, staff)

        assert client.get("/admin/").status_code == 200

    def test_an_unconfirmed_app_does_not_count(self, client, superuser):
        add_device(superuser, confirmed=False)
        sign_in(client, superuser)

        assert client.get("/admin/").status_code == 302

    def test_ckeditor_uploads_are_refused_too(self, client, superuser):
        sign_in(client, superuser)

        response = client.post("/ckeditor5/image_upload/", {})

        assert response.status_code == 403


def test_the_setting_off_lets_a_superuser_in_without_an_app(
    client, superuser, settings
):
    settings.REQUIRE_2FA_FOR_SITE_ADMINS = False
    sign_in(client, superuser)

    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    "env, required",
    [
        ({"DEBUG": "0"}, True),
        ({"DEBUG": "0", "REQUIRE_2FA_FOR_SITE_ADMINS": "0"}, False),
        ({"DEBUG": "1"}, False),
    ],
    ids=["production", "turned off", "DEBUG"],
)
def test_site_admins_need_an_app_in_production_by_default(env, required):
    result = run_python(
        "from django.conf import settings; print(settings.REQUIRE_2FA_FOR_SITE_ADMINS)",
        SECRET_KEY="production-like-key-for-this-test-0123456789abcdefghijkl",
        **env,
    )

    assert result.stdout.strip() == str(required), result.stderr


def test_setting_up_an_app_from_the_admin(client, superuser, settings, clock):
    """The whole path a Site admin takes when the setting is switched on:
    refused, set up the app, confirm with a code, in."""
    settings.REQUIRE_2FA_FOR_SITE_ADMINS = True
    sign_in(client, superuser)

    page = client.get(SETUP_URL)
    assert page.status_code == 200
    content = page.content.decode()
    assert "<svg" in content
    secret = re.search(r"<code>([A-Z2-7 ]+)</code>", content).group(1)
    device = TOTPDevice.objects.get(user=superuser)
    assert device.confirmed is False

    wrong = client.post(SETUP_URL, {"otp_token": "000000"})
    assert "That code does not match" in wrong.content.decode()
    clock.tick(datetime.timedelta(seconds=5))

    confirmed = client.post(SETUP_URL, {"otp_token": current_code(device)})

    assert confirmed.status_code == 200
    assert "Two-factor sign-in is on" in confirmed.content.decode()
    device.refresh_from_db()
    assert device.confirmed is True
    assert secret.replace(" ", "") in device.config_url
    assert client.get("/admin/").status_code == 200
    assert "Two-factor sign-in is on" in client.get(SETUP_URL).content.decode()


def test_turning_on_the_app_shows_ten_backup_codes_once(client, staff, clock):
    sign_in(client, staff)
    client.get(SETUP_URL)
    device = TOTPDevice.objects.get(user=staff)

    confirmed = client.post(SETUP_URL, {"otp_token": current_code(device)})

    page = confirmed.content.decode()
    codes = shown_backup_codes(page)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert "Print them or keep them somewhere safe" in page
    assert 'href="/admin/"' in page
    later = client.get(SETUP_URL).content.decode()
    assert "You have 10 unused backup codes" in later
    assert codes[0] not in later
    assert 'value="Make new backup codes"' in later
    client.logout()
    assert sign_in(client, staff, codes[0]).status_code == 302


def test_the_setup_page_is_for_staff_only(client, django_user_model):
    assert client.get(SETUP_URL).status_code == 302
    visitor = django_user_model.objects.create_user(username="visitor")
    client.force_login(visitor)

    response = client.get(SETUP_URL)

    assert response.status_code == 302
    assert TOTPDevice.objects.count() == 0


def test_admin_pages_link_to_the_setup_page(admin_client):
    assert f'href="{SETUP_URL}"' in admin_client.get("/admin/").content.decode()


def shown_backup_codes(page):
    return re.findall(r"<li><code>([a-z2-7]{4} [a-z2-7]{4})</code></li>", page)


def backup_codes(client):
    return shown_backup_codes(
        client.post(SETUP_URL, {"backup_codes": "new"}).content.decode()
    )


def signed_in_with_app(client, user):
    device = add_device(user)
    assert sign_in(client, user, current_code(device)).status_code == 302
    return device


def test_backup_codes_are_shown_once_and_each_signs_in_once(client, staff, clock):
    signed_in_with_app(client, staff)
    codes = backup_codes(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    later = client.get(SETUP_URL).content.decode()
    assert "You have 10 unused backup codes" in later
    assert codes[0] not in later
    client.logout()

    # Typed as shown, or in capitals without the space.
    assert sign_in(client, staff, codes[0]).status_code == 302
    admin_page = client.get("/admin/")
    assert admin_page.status_code == 200
    assert "Backup codes left: 9" in admin_page.content.decode()
    client.logout()
    assert sign_in(client, staff, codes[1].replace(" ", "").upper()).status_code == 302
    client.logout()

    reused = sign_in(client, staff, codes[0])
    assert reused.status_code == 200
    assert "_auth_user_id" not in client.session


def test_new_backup_codes_replace_the_old_ones(client, staff, clock):
    signed_in_with_app(client, staff)
    old = backup_codes(client)
    new = backup_codes(client)
    client.logout()

    assert sign_in(client, staff, old[0]).status_code == 200
    assert "_auth_user_id" not in client.session
    # A wrong code slows the next try down, as for the app's codes.
    clock.tick(datetime.timedelta(seconds=5))
    assert sign_in(client, staff, new[0]).status_code == 302


def test_a_backup_code_is_no_way_around_a_missing_app_code(client, staff):
    # Without codes made, a backup-shaped code is just a wrong code.
    add_device(staff)

    response = sign_in(client, staff, "abcd efgh")

    assert response.status_code == 200
    assert "That authentication code is not valid" in response.content.decode()
