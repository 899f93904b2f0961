"""`manage.py warm_page_cache` against a real HTTP server: every page of the
sitemap is cached for the public address afterwards."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from tests.factories import ArticleFactory
from tests.smtp import free_port

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_page_of_the_sitemap_is_cached_for_the_public_address(
    live_server, settings
):
    settings.SITE_URL = "https://localhost"
    articles = [ArticleFactory(), ArticleFactory(language="tr")]
    # As visitors reach it: the public host, HTTPS at the load balancer.
    visitor = Client(HTTP_HOST="localhost", HTTP_X_FORWARDED_PROTO="https")
    assert visitor.get(articles[0].get_absolute_url())["X-Page-Cache"] == "miss"
    out = StringIO()

    call_command("warm_page_cache", base_url=live_server.url, stdout=out)

    sitemap = visitor.get("/sitemap.xml").content.decode()
    pages = re.findall(r"<loc>https://localhost(/[^<]*)</loc>", sitemap)
    assert {a.get_absolute_url() for a in articles} <= set(pages)
    assert "/en/" in pages
    for path in pages:
        response = visitor.get(path)
        assert response.status_code == 200, path
        assert response["X-Page-Cache"] == "hit", path
        assert "https://localhost/" in response.content.decode()
    assert "0 failed" in out.getvalue()
    # Another address is not what was warmed.
    assert Client().get(pages[0])["X-Page-Cache"] == "miss"


def test_a_sitemap_index_is_followed_to_every_page(live_server, settings):
    settings.SITE_URL = "https://localhost"
    # More pages than a sitemap may list: /sitemap.xml is an index.
    settings.SITEMAP_URL_LIMIT = 3
    articles = [ArticleFactory(language=language) for language in ("en", "tr", "de")]
    visitor = Client(HTTP_HOST="localhost", HTTP_X_FORWARDED_PROTO="https")
    out = StringIO()

    call_command("warm_page_cache", base_url=live_server.url, stdout=out)

    index = visitor.get("/sitemap.xml")
    assert "<sitemapindex" in index.content.decode()
    assert index["X-Page-Cache"] == "hit"
    for path in ["/sitemap-articles.xml", "/sitemap-sections.xml?p=4", "/de/"]:
        assert visitor.get(path)["X-Page-Cache"] == "hit", path
    for article in articles:
        assert visitor.get(article.get_absolute_url())["X-Page-Cache"] == "hit"
    # The index, 4 sections' sitemaps in 7 pages, 10 sections, 3 articles,
    # 3 categories.
    assert "Asked for 24 pages" in out.getvalue()


def test_an_instance_that_does_not_answer_is_a_clear_error():
    with pytest.raises(CommandError, match="Could not read .*sitemap.xml"):
        call_command(
            "warm_page_cache",
            base_url=f"http://127.0.0.1:{free_port()}",
            timeout=2,
        )


@pytest.mark.parametrize("option", ["--concurrency=0", "--timeout=-1"])
def test_nonsense_options_are_a_clear_error(option):
    with pytest.raises(CommandError, match="--concurrency must be"):
        call_command("warm_page_cache", option)
