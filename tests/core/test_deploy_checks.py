"""`check --deploy` refuses what works on a developer's machine but fails
patients, subscribers or staff in production (core/checks.py)."""

import os
import shutil
import time

import pytest
from django.core.checks import ERROR, run_checks

from tests.liv_site.test_setup import run_python

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECURE_SSL_REDIRECT": "1",
    "SECRET_KEY": "production-like-key-for-this-test-0123456789abcdefghijkl",
    "ALLOWED_HOSTS": "health.example.org",
    "SITE_URL": "https://health.example.org",
    "CACHE_URL": "redis://cache.internal:6379/0",
    "EMAIL_URL": "smtp+tls://liv:secret@mail.example.org:587",
    "ADMIN_URL": "staff-7kq2/",
}
CHECK_DEPLOY = (
    "import django; django.setup(); from django.core.management import "
    "call_command; call_command('check', deploy=True, fail_level='WARNING')"
)
LOCMEM = "django.core.cache.backends.locmem.LocMemCache"


@pytest.fixture
def safe(settings):
    """Production settings as `make serve` wants them (the suite's Redis
    cache and the project's compiled catalogs, built by `make pytest`)."""
    settings.DEBUG = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.SITE_URL = "https://health.example.org"
    settings.ADMIN_URL = "staff-7kq2/"
    settings.REQUIRE_2FA_FOR_SITE_ADMINS = True
    return settings


def ours(settings):
    """The ids our checks report, with their level (Django's own deployment
    checks report on the suite's plain-HTTP settings too)."""
    return {
        (message.id, message.level >= ERROR)
        for message in run_checks(include_deployment_checks=True)
        if message.id.startswith("core.")
    }


def test_production_settings_pass(safe):
    assert ours(safe) == set()


@pytest.mark.parametrize(
    "backend", [LOCMEM, "django.core.cache.backends.dummy.DummyCache"]
)
def test_a_cache_of_each_process_own_is_refused(safe, backend):
    safe.CACHES = {**safe.CACHES, "default": {"BACKEND": backend}}
    assert ours(safe) == {("core.E001", True)}


@pytest.mark.parametrize("backend", ["console", "filebased", "locmem", "dummy"])
def test_an_email_backend_that_sends_nothing_is_refused(safe, backend):
    safe.EMAIL_BACKEND = f"django.core.mail.backends.{backend}.EmailBackend"
    assert ours(safe) == {("core.E002", True)}


@pytest.mark.parametrize(
    "site_url",
    [
        "",
        "http://127.0.0.1:8000",  # the default, when SITE_URL is not set
        "http://health.example.org",
        "https://localhost",
        "https://staging.localhost",
        "https://127.0.1.1",
        "https://[::1]:8443",
    ],
)
def test_a_site_url_emails_could_not_link_to_is_refused(safe, site_url):
    safe.SITE_URL = site_url
    assert ours(safe) == {("core.E003", True)}


def test_the_default_admin_address_is_warned_about(safe):
    safe.ADMIN_URL = "admin/"
    assert ours(safe) == {("core.W001", False)}


def test_site_admins_without_two_factor_are_warned_about(safe):
    safe.REQUIRE_2FA_FOR_SITE_ADMINS = False
    assert ours(safe) == {("core.W002", False)}


def test_development_defaults_pass_while_debug_is_on(safe):
    safe.DEBUG = True
    safe.CACHES = {**safe.CACHES, "default": {"BACKEND": LOCMEM}}
    safe.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    safe.SITE_URL = "http://127.0.0.1:8000"
    assert ours(safe) == set()


@pytest.fixture
def locale(safe, tmp_path):
    """A copy of the project's compiled catalogs, for a test to spoil."""
    for path in safe.LOCALE_PATHS:
        shutil.copytree(path, tmp_path, dirs_exist_ok=True)
    safe.LOCALE_PATHS = [tmp_path]
    return tmp_path


def test_a_language_without_its_compiled_catalog_is_refused(locale, safe):
    (locale / "tr/LC_MESSAGES/django.mo").unlink()

    messages = [
        m for m in run_checks(include_deployment_checks=True) if m.id == "core.E004"
    ]

    assert len(messages) == 1 and messages[0].level == ERROR
    assert "tr/LC_MESSAGES/django.mo is not compiled" in messages[0].msg
    assert "/tr/ pages" in messages[0].msg


def test_a_catalog_older_than_its_po_file_is_refused(locale, safe):
    po = locale / "ar/LC_MESSAGES/django.po"
    later = time.time() + 60
    os.utime(po, (later, later))  # the .po changed after the last compile

    messages = [
        m.msg for m in run_checks(include_deployment_checks=True) if m.id == "core.E004"
    ]

    assert messages == [
        f"The Arabic catalog {locale}/ar/LC_MESSAGES/django.mo is older than "
        "its .po file: /ar/ pages would show an English or outdated interface."
    ]


def test_check_deploy_passes_with_production_values(tmp_path, monkeypatch):
    # Set for Playwright by the browser tests; never set in production.
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    result = run_python(
        CHECK_DEPLOY,
        **PRODUCTION_ENV,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_on_each_variable_left_unset(tmp_path, monkeypatch):
    """A production environment that forgets CACHE_URL, EMAIL_URL,
    SITE_URL and ADMIN_URL gets the development defaults: refused."""
    forgotten = {"CACHE_URL", "EMAIL_URL", "SITE_URL", "ADMIN_URL"}
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    for name in forgotten:
        monkeypatch.delenv(name, raising=False)
    env = {k: v for k, v in PRODUCTION_ENV.items() if k not in forgotten}

    result = run_python(
        CHECK_DEPLOY, **env, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}"
    )

    assert result.returncode != 0
    for check_id in ("E001", "E002", "E003", "W001"):
        assert f"core.{check_id}" in result.stderr
    assert "core.W002" not in result.stderr  # two-factor is on by default
