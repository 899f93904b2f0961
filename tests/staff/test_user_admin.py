"""Site admins help locked-out staff from the user's admin page: lift a
sign-in lockout, reset two-factor sign-in after a lost phone."""

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.models import LogEntry
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.workflow.roles import AUTHOR, SITE_ADMIN, setup_roles
from staff.two_factor import new_backup_codes
from tests.staff.test_two_factor import PASSWORD, add_device, current_code, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def site_admins_need_two_factor(settings):
    settings.REQUIRE_2FA_FOR_SITE_ADMINS = True


@pytest.fixture
def roles():
    return setup_roles()


def make_user(django_user_model, username, *groups, **fields):
    user = django_user_model.objects.create_user(
        username=username, password=PASSWORD, is_staff=True, **fields
    )
    user.groups.add(*groups)
    return user


@pytest.fixture
def nurse(django_user_model):
    return make_user(django_user_model, "nurse")


@pytest.fixture
def site_admin_client(client, django_user_model, roles):
    """Signed in as a Site admin (not a superuser), with the app's code."""
    admin = make_user(django_user_model, "it-admin", roles[SITE_ADMIN])
    device = add_device(admin)
    assert sign_in(client, admin, current_code(device)).status_code == 302
    client.user = admin
    return client


def lock_out(user):
    failing = Client(REMOTE_ADDR="203.0.113.7")
    responses = [
        failing.post("/admin/login/", {"username": user.username, "password": "wrong"})
        for _ in range(5)
    ]
    assert responses[-1].status_code == 429


def change_url(user):
    return f"/admin/auth/user/{user.pk}/change/"


def history(user):
    return list(LogEntry.objects.filter(object_id=str(user.pk)))


def test_a_site_admin_lifts_a_lockout(site_admin_client, nurse):
    lock_out(nurse)
    page = site_admin_client.get(change_url(nurse)).content.decode()
    assert "Lift the sign-in lockout" in page

    response = site_admin_client.post(f"/admin/auth/user/{nurse.pk}/lift-lockout/")

    assert response.status_code == 302
    assert response["Location"] == change_url(nurse)
    assert not AccessAttempt.objects.filter(username="nurse").exists()
    after = Client(REMOTE_ADDR="203.0.113.7")
    assert sign_in(after, nurse).status_code == 302
    [entry] = history(nurse)
    assert entry.user == site_admin_client.user
    assert entry.get_change_message() == "Lifted the sign-in lockout."
    log_page = site_admin_client.get(f"/admin/auth/user/{nurse.pk}/history/")
    assert "Lifted the sign-in lockout." in log_page.content.decode()
    assert "it-admin" in log_page.content.decode()


def test_a_site_admin_resets_two_factor_sign_in(site_admin_client, nurse):
    add_device(nurse)
    new_backup_codes(nurse)
    page = site_admin_client.get(change_url(nurse)).content.decode()
    assert "Reset two-factor sign-in" in page

    response = site_admin_client.post(f"/admin/auth/user/{nurse.pk}/reset-two-factor/")

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=nurse).exists()
    assert not StaticDevice.objects.filter(user=nurse).exists()
    assert sign_in(Client(), nurse).status_code == 302
    [entry] = history(nurse)
    assert entry.user == site_admin_client.user
    assert "Reset two-factor sign-in" in entry.get_change_message()


def test_a_site_admin_may_not_reset_a_superusers_two_factor(
    site_admin_client, django_user_model
):
    chief = django_user_model.objects.create_superuser(
        username="chief", password=PASSWORD, email=""
    )
    add_device(chief)

    page = site_admin_client.get(change_url(chief)).content.decode()
    response = site_admin_client.post(f"/admin/auth/user/{chief.pk}/reset-two-factor/")

    assert "Only a superuser can reset a superuser" in page
    assert 'value="Reset two-factor sign-in"' not in page
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=chief).exists()
    assert history(chief) == []


def test_a_superuser_may_reset_another_superusers_two_factor(client, django_user_model):
    chief = django_user_model.objects.create_superuser(
        username="chief", password=PASSWORD, email=""
    )
    deputy = django_user_model.objects.create_superuser(
        username="deputy", password=PASSWORD, email=""
    )
    assert sign_in(client, chief, current_code(add_device(chief))).status_code == 302
    add_device(deputy)

    response = client.post(f"/admin/auth/user/{deputy.pk}/reset-two-factor/")

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=deputy).exists()


def test_other_staff_may_not_help(client, django_user_model, roles, nurse):
    writer = make_user(django_user_model, "writer", roles[AUTHOR])
    assert sign_in(client, writer).status_code == 302
    lock_out(nurse)
    add_device(nurse)

    lift = client.post(f"/admin/auth/user/{nurse.pk}/lift-lockout/")
    reset = client.post(f"/admin/auth/user/{nurse.pk}/reset-two-factor/")

    assert lift.status_code == 403
    assert reset.status_code == 403
    assert AccessAttempt.objects.filter(username="nurse").exists()
    assert TOTPDevice.objects.filter(user=nurse).exists()
    assert history(nurse) == []
