"""The anonymous page cache: fast repeat visits, never a stale or private page."""

import datetime
import gzip

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from freezegun import freeze_time

from articles import changes as articles_changes
from core import release
from delivery import page_cache
from faq.models import FaqEntry
from tests.conftest import with_cache_down
from tests.factories import (
    ArticleCitationFactory,
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    FaqEntryFactory,
)

pytestmark = pytest.mark.django_db


def test_second_anonymous_visit_of_an_article_runs_no_query(
    client, django_assert_num_queries
):
    article = ArticleFactory()
    first = client.get(article.get_absolute_url())
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(article.get_absolute_url())
    assert second.status_code == 200
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "Set-Cookie" not in second


def test_cached_page_is_sent_compressed_to_browsers_that_accept_gzip(client):
    article = ArticleFactory(title="Compressed heart health")
    client.get(article.get_absolute_url())
    response = client.get(article.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip, br")
    assert response["X-Page-Cache"] == "hit"
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert b"Compressed heart health" in gzip.decompress(response.content)


def test_logged_in_staff_never_read_or_fill_the_cache(editor_client):
    article = ArticleFactory(title="Original title")
    url = article.get_absolute_url()
    staff_page = editor_client.get(url)
    assert "X-Page-Cache" not in staff_page
    assert not cache.get(page_cache.entry_key("http://testserver", url))
    anonymous = Client().get(url)
    assert anonymous["X-Page-Cache"] == "miss"
    assert "X-Page-Cache" not in editor_client.get(url)


def test_editing_a_title_shows_at_once_on_its_page_the_list_and_home(client):
    article = ArticleFactory(title="Old title of the article")
    pages = [article.get_absolute_url(), "/en/articles/", "/en/"]
    for url in pages:
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit"
    article.title = "New title of the article"
    article.save()
    for url in pages:
        content = client.get(url).content.decode()
        assert "New title of the article" in content, url
        assert "Old title of the article" not in content, url


def test_an_edit_leaves_unrelated_pages_cached(client):
    article = ArticleFactory(language="en")
    other_topic = ArticleFactory(language="en", category=CategoryFactory())
    turkish = ArticleFactory(language="tr")
    for page in (other_topic.get_absolute_url(), turkish.get_absolute_url(), "/tr/"):
        client.get(page)
    article.title = "A changed title"
    article.save()
    for page in (other_topic.get_absolute_url(), turkish.get_absolute_url(), "/tr/"):
        assert client.get(page)["X-Page-Cache"] == "hit", page


def test_related_article_title_change_reaches_the_other_article_page(client):
    topic = CategoryFactory()
    shown = ArticleFactory(category=topic)
    related = ArticleFactory(category=topic, title="Related before")
    client.get(shown.get_absolute_url())
    related.title = "Related after"
    related.save()
    assert "Related after" in client.get(shown.get_absolute_url()).content.decode()


def test_faq_citation_and_author_edits_reach_the_article_page(client):
    article = ArticleFactory()
    entry = FaqEntryFactory(article=article, question="First question?")
    link = ArticleCitationFactory(article=article)
    url = article.get_absolute_url()
    client.get(url)
    entry.question = "Changed question?"
    entry.save()
    assert "Changed question?" in client.get(url).content.decode()
    link.citation.title = "A renamed study"
    link.citation.save()
    assert "A renamed study" in client.get(url).content.decode()
    article.author.name = "Renamed Team"
    article.author.save()
    assert "Renamed Team" in client.get(url).content.decode()


def test_a_question_moved_to_another_article_leaves_the_first_page(client):
    first, second = ArticleFactory(), ArticleFactory()
    FaqEntryFactory(article=first, question="Where does it belong?")
    client.get(first.get_absolute_url())
    client.get(second.get_absolute_url())
    # Loaded afresh, as the admin does.
    entry = FaqEntry.objects.get(question="Where does it belong?")
    entry.article = second
    entry.save()
    assert (
        "Where does it belong?"
        not in client.get(first.get_absolute_url()).content.decode()
    )
    assert (
        "Where does it belong?"
        in client.get(second.get_absolute_url()).content.decode()
    )


def test_unpublishing_removes_the_page_at_once(client):
    article = ArticleFactory()
    client.get(article.get_absolute_url())
    article.status = article.Status.DRAFT
    article.save()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_publishing_a_translation_updates_the_language_links_of_its_source(
    client,
):
    english = ArticleFactory(slug="diabetes")
    turkish = ArticleFactory(
        slug="diyabet",
        language="tr",
        draft=True,
        translation_group=english.translation_group,
    )
    assert (
        "/tr/articles/diyabet/"
        not in client.get("/en/articles/diabetes/").content.decode()
    )

    turkish.publish()

    assert (
        "/tr/articles/diyabet/" in client.get("/en/articles/diabetes/").content.decode()
    )


def test_renamed_topic_shows_everywhere(client):
    article = ArticleFactory(category=CategoryFactory(name="Old topic"))
    client.get(article.get_absolute_url())
    article.category.name = "Renamed topic"
    article.category.save()
    assert "Renamed topic" in client.get(article.get_absolute_url()).content.decode()


def test_scheduled_article_appears_when_its_time_comes(client):
    now = timezone.now()
    ArticleFactory(title="Already out")
    ArticleFactory(
        title="Out in ten minutes",
        status="published",
        published_at=now + datetime.timedelta(minutes=10),
    )
    with freeze_time(now):
        assert "Out in ten minutes" not in client.get("/en/articles/").content.decode()
        assert client.get("/en/articles/")["X-Page-Cache"] == "hit"
    with freeze_time(now + datetime.timedelta(minutes=11)):
        assert "Out in ten minutes" in client.get("/en/articles/").content.decode()


def test_unknown_slugs_do_not_fill_the_cache(client):
    ArticleFactory()
    keys_before = len(cache._cache.get_client().keys("*"))
    for number in range(1000):
        assert client.get(f"/en/articles/no-such-page-{number}/").status_code == 404
    assert len(cache._cache.get_client().keys("*")) <= keys_before + 5


def test_search_and_other_query_strings_are_not_cached(client):
    ArticleFactory()
    client.get("/en/search/?q=heart")
    assert "X-Page-Cache" not in client.get("/en/search/?q=heart")
    client.get("/en/articles/?sort=junk")
    assert "X-Page-Cache" not in client.get("/en/articles/?sort=junk")


def test_matching_etag_on_a_cached_page_gets_304_without_body(client):
    article = ArticleFactory()
    etag = client.get(article.get_absolute_url())["ETag"]
    response = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""


@pytest.mark.parametrize("url", ["/en/articles/", "/en/faq/"])
def test_matching_etag_on_a_fresh_list_page_gets_304(client, url, settings):
    settings.PAGE_CACHE_ENABLED = False
    ArticleFactory()
    etag = client.get(url)["ETag"]
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""


def test_pages_work_uncached_when_redis_is_down(client, settings):
    article = ArticleFactory()
    settings.CACHES = with_cache_down(settings.CACHES)
    for url in (article.get_absolute_url(), "/en/articles/", "/en/", "/en/faq/"):
        assert client.get(url).status_code == 200, url
    article.title = "Saved while the cache is down"
    article.save()
    assert client.get("/healthz").status_code == 503


def test_an_edit_made_while_redis_was_unreachable_shows_once_it_is_back(
    client, settings
):
    article = ArticleFactory(title="Title before the outage")
    url = article.get_absolute_url()
    client.get(url)  # stored
    reachable = settings.CACHES
    settings.CACHES = with_cache_down(settings.CACHES)
    article.title = "Title edited during the outage"
    article.save()  # the invalidation can't be sent

    settings.CACHES = reachable  # the page stored before is still there
    content = client.get(url).content.decode()

    assert "Title edited during the outage" in content


def test_author_edit_while_redis_is_down_still_saves(settings):
    settings.CACHES = with_cache_down(settings.CACHES)
    author = AuthorFactory()
    author.name = "Still saved"
    author.save()
    author.refresh_from_db()
    assert author.name == "Still saved"


def test_a_new_release_never_serves_pages_the_previous_one_rendered(
    client, monkeypatch
):
    article = ArticleFactory(title="Rendered by this release")
    url = article.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert cache.get(page_cache.entry_key("http://testserver", url))

    # A deploy: new templates or static files, the same data.
    monkeypatch.setattr(release, "current", lambda: "the-next-release")

    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"


def test_a_page_asked_for_under_another_host_name_is_stored_apart(client):
    # Pages carry absolute links built from the request's host; both names
    # are allowed (ALLOWED_HOSTS), only one is what the public uses.
    article = ArticleFactory()
    url = article.get_absolute_url()
    public = client.get(url)
    other = client.get(url, HTTP_HOST="localhost")
    assert other["X-Page-Cache"] == "miss"
    assert f'href="http://localhost{url}"' in other.content.decode()

    again = client.get(url)
    assert again["X-Page-Cache"] == "hit"
    assert again.content == public.content
    assert "localhost" not in again.content.decode()


def test_a_made_up_port_in_the_host_header_is_never_cached(client):
    # Each port would otherwise render and store a page of its own.
    article = ArticleFactory()
    url = article.get_absolute_url()
    for _ in range(2):
        response = client.get(url, HTTP_HOST="testserver:4321")
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
    assert not cache.get(page_cache.entry_key("http://testserver:4321", url))
    # The port the request came in on is the page's own.
    client.get(url, HTTP_HOST="testserver:80")
    assert client.get(url, HTTP_HOST="testserver:80")["X-Page-Cache"] == "hit"


def test_saves_in_a_batch_bump_their_pages_once_flushed(client):
    topic = CategoryFactory()
    shown = ArticleFactory(category=topic)
    related = ArticleFactory(category=topic, title="Related before")
    pages = [shown.get_absolute_url(), "/en/articles/"]
    for url in pages:
        client.get(url)
    with articles_changes.batched() as changes:
        related.title = "Related after"
        related.save()
        for url in pages:
            assert client.get(url)["X-Page-Cache"] == "hit", url
        changes.flush()
        for url in pages:
            assert "Related after" in client.get(url).content.decode(), url
        ArticleFactory(category=topic, title="Added in the batch")
    # What is left is flushed as the batch ends.
    assert "Added in the batch" in client.get("/en/articles/").content.decode()
