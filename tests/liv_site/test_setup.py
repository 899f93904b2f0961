"""The settings and commands that `make run` and production rely on."""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import RequestFactory
from django.views.defaults import server_error

from tests.conftest import database_down
from tests.smtp import free_port

PROJECT = Path(__file__).resolve().parents[2]


# Settings of the suite (the Makefile's TEST_ENV) that a subprocess starts
# without, so it gets the defaults unless the test names a value.
SUITE_SETTINGS = {
    "DATABASE_URL",
    "CACHE_URL",
    "SECRET_KEY",
    "DEBUG",
    "REQUIRE_2FA_FOR_SITE_ADMINS",
}


def run_python(code, **env):
    clean_env = {k: v for k, v in os.environ.items() if k not in SUITE_SETTINGS}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT,
        env={**clean_env, "DJANGO_SETTINGS_MODULE": "liv_site.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_python("import django; django.setup()", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_database_defaults_to_sqlite_without_database_url():
    result = run_python(
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'])",
        DEBUG="1",
    )
    assert result.stdout.strip() == "django.db.backends.sqlite3", result.stderr


def test_server_error_page_renders_without_the_database():
    # No django_db mark: any query here would fail the test.
    response = server_error(RequestFactory().get("/en/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


@pytest.mark.django_db
def test_ensure_local_admin_creates_one_account_once(capsys):
    call_command("ensure_local_admin")
    first = capsys.readouterr().out
    call_command("ensure_local_admin")
    second = capsys.readouterr().out

    assert "user name: admin" in first and "password:" in first
    assert "password" not in second
    assert get_user_model().objects.filter(is_superuser=True).count() == 1


def test_make_run_path_works_on_sqlite(tmp_path):
    """migrate, load_demo and runserver on a SQLite file, as `make run` does."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "SECRET_KEY", "SECURE_SSL_REDIRECT"}
    }
    env.update(
        DEBUG="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--no-input", "-v0"], ["load_demo"]):
        subprocess.run(manage + command, cwd=PROJECT, env=env, check=True, timeout=120)

    port = free_port()
    server = subprocess.Popen(
        manage + ["runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = (
            f"http://127.0.0.1:{port}/en/articles/"
            "china-stem-cell-integrative-therapies-type-1-diabetes/"
        )
        page = fetch_when_up(url)
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert "How Is China Pioneering Stem Cell" in page
    assert page.count("<table>") == 9


def fetch_when_up(url, timeout=30):
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_favicon_ico_points_to_the_hashed_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].startswith("/static/img/favicon.")
    assert response["Location"].endswith(".svg")


@pytest.mark.django_db(transaction=True)
def test_server_error_page_when_the_database_is_down(client):
    """A page that needs the database answers with the site's 500 page."""
    client.raise_request_exception = False
    with database_down():
        response = client.get("/en/articles/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
