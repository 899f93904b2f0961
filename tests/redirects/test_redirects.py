"""Old addresses answer with one 301 to the page that replaced them."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from redirects.lookup import add_redirect
from redirects.models import Redirect
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


def test_an_old_address_is_a_301_to_the_new_page_and_counted(client):
    article = ArticleFactory()
    Redirect.objects.create(
        old_path="/2023/05/old-post/", new_path=article.get_absolute_url()
    )
    response = client.get("/2023/05/old-post/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200
    redirect = Redirect.objects.get()
    assert redirect.hits == 1
    assert redirect.last_hit_at is not None


def test_a_wordpress_page_query_at_the_root_wins_over_the_language_redirect(client):
    article = ArticleFactory()
    Redirect.objects.create(old_path="/?p=123", new_path=article.get_absolute_url())
    response = client.get("/?p=123")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    assert client.get("/?page_id=123").status_code == 302  # to /en/, as before


def test_pages_that_exist_never_look_redirects_up(client):
    article = ArticleFactory()
    Redirect.objects.create(old_path=article.get_absolute_url(), new_path="/en/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert not any("redirects_redirect" in q["sql"] for q in queries.captured_queries)


def test_an_unknown_address_is_still_a_404(client):
    assert client.get("/2023/05/never-existed/").status_code == 404


class TestNoLoopsNoChains:
    def test_a_redirect_to_itself_is_not_made(self):
        assert add_redirect("/en/articles/a/", "/en/articles/a/") is None
        assert not Redirect.objects.exists()

    def test_redirects_to_a_moved_page_follow_it_in_one_hop(self):
        add_redirect("/old/", "/en/articles/a/")
        add_redirect("/en/articles/a/", "/en/articles/b/")
        assert dict(Redirect.objects.values_list("old_path", "new_path")) == {
            "/old/": "/en/articles/b/",
            "/en/articles/a/": "/en/articles/b/",
        }

    def test_a_page_moved_back_loses_the_redirect_away_from_it(self):
        add_redirect("/en/articles/a/", "/en/articles/b/")
        add_redirect("/en/articles/b/", "/en/articles/a/")
        assert dict(Redirect.objects.values_list("old_path", "new_path")) == {
            "/en/articles/b/": "/en/articles/a/"
        }

    def test_the_admin_form_refuses_a_loop_and_a_chain(self):
        Redirect.objects.create(old_path="/b/", new_path="/c/")
        with pytest.raises(ValidationError, match="own address"):
            Redirect(old_path="/a/", new_path="/a/").full_clean()
        with pytest.raises(ValidationError, match="itself redirects to /c/"):
            Redirect(old_path="/a/", new_path="/b/").full_clean()


def test_the_admin_lists_redirects_with_their_hits(admin_client, client):
    article = ArticleFactory()
    Redirect.objects.create(old_path="/old/", new_path=article.get_absolute_url())
    client.get("/old/")
    client.get("/old/")
    page = admin_client.get("/admin/redirects/redirect/").content.decode()
    assert "/old/" in page
    assert '<td class="field-hits">2</td>' in page


def test_a_percent_encoded_old_address_from_the_admin_matches(client):
    article = ArticleFactory()
    redirect = Redirect(
        old_path="/2023/08/%d8%a7%d9%84%d8%b3%d9%83%d8%b1%d9%8a/",
        new_path=article.get_absolute_url(),
    )
    redirect.full_clean()
    redirect.save()
    response = client.get("/2023/08/%d8%a7%d9%84%d8%b3%d9%83%d8%b1%d9%8a/")
    assert response.status_code == 301
