"""The header's topics (website.navigation): rendered once per worker and
language, and never shown stale, with or without the page cache."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from freezegun import freeze_time

from tests.conftest import with_cache_down
from tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Every request renders its page: what is kept here is the topics."""
    settings.PAGE_CACHE_ENABLED = False


def header_topics(client, path="/en/faq/"):
    page = client.get(path).content.decode()
    if 'class="site-nav__topics"' not in page:
        return []
    menu = page.split('class="site-nav__topics"')[1].split("</details>")[0]
    return re.findall(r'<a href="[^"]+">([^<]+)</a>', menu)


def header_queries(client):
    """The queries of a page that shows nothing from the database but the
    header."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/newsletter/").status_code == 200
    return len(queries)


def test_topics_are_read_once_then_kept(client):
    ArticleFactory(category=CategoryFactory(name="Heart"))

    assert header_queries(client) == 1
    assert header_queries(client) == 0
    assert header_topics(client) == ["Heart"]


def test_a_topic_appears_and_goes_with_its_articles(client):
    ArticleFactory(category=CategoryFactory(name="Heart"))
    assert header_topics(client) == ["Heart"]

    eyes = ArticleFactory(category=CategoryFactory(name="Eyes"))
    assert header_topics(client) == ["Eyes", "Heart"]

    eyes.status = "draft"
    eyes.save()
    assert header_topics(client) == ["Heart"]


def test_a_renamed_topic_shows_at_once(client):
    heart = CategoryFactory(name="Heart")
    ArticleFactory(category=heart)
    assert header_topics(client) == ["Heart"]

    heart.name = "Heart and vessels"
    heart.save()

    assert header_topics(client) == ["Heart and vessels"]


def test_each_language_has_its_own_topics(client):
    ArticleFactory(category=CategoryFactory(name="Heart"))
    ArticleFactory(
        category=CategoryFactory(name="Bones", translations={"tr": {"name": "Kemik"}}),
        language="tr",
    )

    assert header_topics(client) == ["Heart"]
    assert header_topics(client, "/tr/faq/") == ["Kemik"]
    assert header_topics(client) == ["Heart"]


def test_a_scheduled_article_brings_its_topic_when_its_time_comes(client):
    now = timezone.now()
    ArticleFactory(category=CategoryFactory(name="Heart"))
    ArticleFactory(
        category=CategoryFactory(name="Eyes"),
        status="published",
        published_at=now + datetime.timedelta(minutes=10),
    )
    with freeze_time(now):
        assert header_topics(client) == ["Heart"]
        assert header_topics(client) == ["Heart"]
    # Nobody saves anything.
    with freeze_time(now + datetime.timedelta(minutes=11)):
        assert header_topics(client) == ["Eyes", "Heart"]


def test_topics_are_read_every_time_while_the_cache_is_down(client, settings):
    heart = CategoryFactory(name="Heart")
    ArticleFactory(category=heart)
    assert header_topics(client) == ["Heart"]  # kept
    reachable = settings.CACHES
    settings.CACHES = with_cache_down(settings.CACHES)

    heart.name = "Renamed during the outage"
    heart.save()  # the invalidation can't be sent

    assert header_topics(client) == ["Renamed during the outage"]
    assert header_queries(client) == 1
    settings.CACHES = reachable
    # The invalidation is sent before the kept topics are looked at.
    assert header_topics(client) == ["Renamed during the outage"]
