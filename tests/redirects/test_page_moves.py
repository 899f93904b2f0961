"""An article whose address changes here (a new slug, in the admin or by
a later import) keeps its old address working: one 301 to the new page,
never a chain, never to itself; and an address that is a page again
stops redirecting."""

import http.client
from urllib.parse import quote, urlsplit

import pytest
from django.db.models import F

from articles.models import Article
from redirects.models import Redirect
from tests.articles.conftest import article_form_data, as_shown
from tests.factories import ArticleFactory
from tests.live_gunicorn import gunicorn

pytestmark = pytest.mark.django_db
ADMIN = "/admin/articles/article/"


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


def rename(article, slug):
    article.slug = slug
    article.save()
    return article.get_absolute_url()


def assert_moved(client, old, new):
    response = client.get(old)
    assert response.status_code == 301, old
    assert response["Location"] == new
    assert client.get(new).status_code == 200
    assert not Redirect.objects.filter(new_path=F("old_path")).exists()


def test_a_new_slug_leaves_a_301_at_the_old_address(client):
    article = ArticleFactory(slug="old-name")
    old = article.get_absolute_url()
    assert client.get(old).status_code == 200

    new = rename(article, "new-name")

    assert_moved(client, old, new)
    assert Redirect.objects.get().note == "Address changed"


def test_renamed_twice_every_old_address_is_one_hop_away(client):
    article = ArticleFactory(slug="first")
    first = article.get_absolute_url()
    second = rename(article, "second")
    third = rename(article, "third")

    assert_moved(client, first, third)
    assert_moved(client, second, third)
    assert set(Redirect.objects.values_list("new_path", flat=True)) == {third}


def test_renamed_back_the_address_is_a_page_again(client):
    article = ArticleFactory(slug="original")
    original = article.get_absolute_url()
    interim = rename(article, "interim")
    rename(article, "original")

    assert client.get(original).status_code == 200
    assert_moved(client, interim, original)
    assert Redirect.objects.count() == 1


def test_another_article_published_at_the_old_address_replaces_the_redirect(
    client,
):
    article = ArticleFactory(slug="shared-name")
    old = article.get_absolute_url()
    rename(article, "moved-away")
    draft = ArticleFactory(slug="shared-name", draft=True, title="Newcomer")
    # A draft is no page for visitors: the old address still redirects.
    assert client.get(old).status_code == 301

    draft.status = Article.Status.PUBLISHED
    draft.save()

    response = client.get(old)
    assert response.status_code == 200 and "Newcomer" in response.content.decode()
    assert not Redirect.objects.filter(old_path=old).exists()


def test_an_unpublished_articles_new_slug_leaves_nothing_behind():
    article = ArticleFactory(slug="not-yet", draft=True)
    rename(article, "still-not")
    assert not Redirect.objects.exists()


def test_a_non_ascii_slug_moves_too(client):
    article = ArticleFactory(language="ru", slug="сахарный-диабет")
    old = article.get_absolute_url()
    new = rename(article, "диабет")
    assert old == quote("/ru/articles/сахарный-диабет/")
    assert_moved(client, old, new)


def test_a_slug_changed_in_the_admin_moves_the_page_once_published(
    client, writer, reviewer, publisher
):
    live = ArticleFactory(slug="insulin-basics", title="Insulin basics")
    old = live.get_absolute_url()
    client.force_login(writer)
    client.post(f"{ADMIN}{live.pk}/working-copy/")
    copy = Article.objects.get(draft_of=live)
    response = client.post(
        f"{ADMIN}{copy.pk}/change/", article_form_data(copy, slug="insulin-doses")
    )
    assert response.status_code == 302
    client.post(f"{ADMIN}{copy.pk}/workflow/submit/", as_shown(copy))
    # Until the new slug is published, the page stays where it was.
    client.logout()
    assert client.get(old).status_code == 200
    client.force_login(reviewer)
    client.post(f"{ADMIN}{copy.pk}/workflow/approve/", as_shown(copy))
    client.force_login(publisher)
    client.post(f"{ADMIN}{copy.pk}/workflow/publish/")
    client.logout()

    assert_moved(client, old, "/en/articles/insulin-doses/")


@pytest.mark.django_db(transaction=True)
def test_the_server_answers_the_old_address_with_one_301(tmp_path, settings):
    settings.PAGE_CACHE_ENABLED = True
    article = ArticleFactory(slug="before")
    old = article.get_absolute_url()
    with gunicorn(tmp_path, ALLOWED_HOSTS="127.0.0.1") as server:
        # Stored in the page cache first, as a visited page would be.
        for _ in range(2):
            assert server.request(old)[0] == 200
        new = rename(article, "after")
        address = urlsplit(server.base_url)
        connection = http.client.HTTPConnection(address.hostname, address.port)
        connection.request("GET", old)
        response = connection.getresponse()
        assert (response.status, response.getheader("Location")) == (301, new)
        connection.close()
        status, body = server.request(new)
    assert status == 200 and article.title in body
