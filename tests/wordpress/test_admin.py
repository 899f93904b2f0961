"""The admin page that takes a small export and shows the report."""

import pytest
from django.contrib.auth.models import Permission

from articles.models import Article
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/admin/wordpress/importedpost/upload/"


@pytest.fixture
def publisher_client(client):
    user = UserFactory(username="publisher")
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="articles",
            codename__in=["publish_article", "view_article"],
        )
    )
    client.force_login(user)
    return client


def upload(client, path, **fields):
    with path.open("rb") as export:
        return client.post(UPLOAD_URL, {"export": export, "language": "en", **fields})


def test_a_dry_run_shows_the_report_and_writes_nothing(publisher_client, export_path):
    response = upload(publisher_client, export_path, dry_run="on")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dry run: nothing was written." in page
    assert "Created: 9" in page
    assert "Removed 1 &lt;script&gt; element(s)." in page
    assert Article.objects.count() == 0


def test_an_import_creates_the_articles(publisher_client, export_path, settings):
    settings.PAGE_CACHE_ENABLED = False
    response = upload(publisher_client, export_path)
    assert "Import done." in response.content.decode()
    assert Article.objects.count() == 9


def test_only_site_admins_are_offered_to_vouch_for_review(
    publisher_client, admin_client
):
    assert (
        "imported_as_reviewed" not in publisher_client.get(UPLOAD_URL).content.decode()
    )
    assert "imported_as_reviewed" in admin_client.get(UPLOAD_URL).content.decode()


def test_a_bad_file_is_refused_with_its_reason(publisher_client, tmp_path):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaa">]><rss>&a;</rss>'
    )
    response = upload(publisher_client, bomb)
    assert "refused unread for safety" in response.content.decode()
    assert "Nothing was imported." in response.content.decode()


def test_staff_who_may_not_publish_get_a_403(client):
    client.force_login(UserFactory(username="writer"))
    assert client.get(UPLOAD_URL).status_code == 403


def test_the_upload_page_speaks_the_staff_members_language(publisher_client):
    page = publisher_client.get(UPLOAD_URL, HTTP_ACCEPT_LANGUAGE="de")

    text = page.content.decode()
    assert "In WordPress: Werkzeuge → Daten exportieren → Alle Inhalte." in text
    assert "From WordPress" not in text
