"""Which pages the page cache stores and what each depends on: from the
URL a path resolves to, in the language of its prefix."""

import io
import sys
from urllib.parse import quote, unquote_to_bytes

import pytest
from django.core.handlers.wsgi import WSGIRequest
from django.urls import URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation

from delivery import page_cache, pages
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

# Visitor pages never stored: forms, and search (any query string).
LEFT_OUT = {"search"}
LEFT_OUT_NAMESPACES = {"newsletter"}


def request(path, query=""):
    """A GET as StoredPagesFirst builds it from gunicorn's environ (PEP
    3333: the percent-decoded path's bytes, as latin-1 text)."""
    return WSGIRequest(
        {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": unquote_to_bytes(quote(path)).decode("latin-1"),
            "QUERY_STRING": query,
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "HTTP_HOST": "testserver",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
        }
    )


LISTS = ["site", "list:en", "list:tr", "list:ar", "list:ru", "list:de"]
CLASSIFIED = [
    ("/tr/", "", "/tr/", ["site", "nav:tr", "list:tr"]),
    ("/tr/articles/", "page=2", "/tr/articles/?page=2", ["site", "nav:tr", "list:tr"]),
    ("/ar/articles/feed/", "", "/ar/articles/feed/", ["site", "nav:ar", "list:ar"]),
    (
        "/ru/articles/category/эндокринология/",
        "page=3",
        "/ru/articles/category/эндокринология/?page=3",
        ["site", "nav:ru", "list:ru"],
    ),
    (
        "/tr/articles/şeker-hastalığı-ve-İnsülin/",
        "utm_source=mail",
        "/tr/articles/şeker-hastalığı-ve-İnsülin/",
        ["site", "nav:tr", "article:tr:şeker-hastalığı-ve-İnsülin"],
    ),
    (
        "/ar/articles/السكري/",
        "",
        "/ar/articles/السكري/",
        ["site", "nav:ar", "article:ar:السكري"],
    ),
    ("/de/faq/", "", "/de/faq/", ["site", "nav:de", "list:de"]),
    ("/en/privacy/", "", "/en/privacy/", ["site", "nav:en"]),
    ("/ru/imprint/", "", "/ru/imprint/", ["site", "nav:ru"]),
    ("/ar/medical-disclaimer/", "", "/ar/medical-disclaimer/", ["site", "nav:ar"]),
    ("/sitemap.xml", "x=1", "/sitemap.xml", LISTS),
]
NOT_CACHED = [
    ("/en/search/", "q=heart"),
    ("/en/newsletter/", ""),
    ("/en/articles/", "sort=junk"),
    ("/en/articles/", "page=0"),
    ("/en/articles/a/b/", ""),
    ("/en/articles", ""),
    ("/articles/", ""),
    ("/xx/articles/", ""),
    ("/de-at/articles/", ""),
    ("/en/sitemap.xml", ""),
    ("/robots.txt", ""),
    ("/admin/", ""),
]


@pytest.mark.parametrize("active", [None, "de", "ar"])
def test_a_path_is_classified_in_the_language_of_its_prefix(active):
    """Whatever language a previous request left active on the thread."""
    with translation.override(active):
        for path, query, stored_as, names in CLASSIFIED:
            key, version_keys = page_cache.classify(request(path, query))
            assert key == page_cache.entry_key("http://testserver", stored_as)
            assert version_keys == [page_cache.version_key(n) for n in names], path
        for path, query in NOT_CACHED:
            assert page_cache.classify(request(path, query)) is None, (path, query)
        assert translation.get_language() == active


def url_names(patterns, namespace="", localized=False):
    """{"namespace:name": under the language prefix} of the URLconf."""
    names = {}
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            )
            under_prefix = localized or isinstance(pattern.pattern, LocalePrefixPattern)
            names |= url_names(pattern.url_patterns, inner, under_prefix)
        elif pattern.name:
            names[namespace + pattern.name] = localized
    return names


def test_every_declared_page_is_a_url_of_the_site():
    site = url_names(get_resolver().url_patterns)
    assert set(pages.PAGES) - set(site) == set()
    for name, (kind, _paginated) in pages.PAGES.items():
        # A page of one language is under that language's prefix.
        assert site[name] is (kind != "all"), name


def test_every_visitor_page_is_declared_or_left_out_on_purpose():
    """A page added under the language prefix makes this fail until it is
    declared in delivery.pages.PAGES (or listed here as never stored)."""
    localized = {
        name
        for name, under_prefix in url_names(get_resolver().url_patterns).items()
        if under_prefix and name.partition(":")[0] not in LEFT_OUT_NAMESPACES
    }
    assert localized - set(pages.PAGES) == LEFT_OUT


@pytest.mark.parametrize("name", list(pages.PAGES))
def test_each_declared_page_is_stored_and_served_from_the_cache(client, name):
    article = ArticleFactory(language="tr", slug="diyabet")
    arguments = {
        "articles:detail": {"slug": article.slug},
        "articles:category": {"slug": article.category.slug},
        "sitemap_section": {"section": "articles"},
    }
    with translation.override("tr"):
        url = reverse(name, kwargs=arguments.get(name))

    first, second = client.get(url), client.get(url)

    assert (first.status_code, first["X-Page-Cache"]) == (200, "miss"), url
    assert (second.status_code, second["X-Page-Cache"]) == (200, "hit"), url


@pytest.fixture
def site_with_new_page(settings):
    # Through settings, as override_settings does: the page memo is
    # emptied when ROOT_URLCONF changes.
    settings.ROOT_URLCONF = "tests.delivery.urls_with_new_page"


def test_a_page_added_to_an_apps_urls_is_not_cached(client, site_with_new_page):
    """Not even where a path-shaped rule would have taken it for an
    article: /en/articles/archive/ is articles:archive, not a slug."""
    ArticleFactory()
    for _ in range(2):
        response = client.get("/en/articles/archive/")
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
    # The declared page with the same view still is.
    client.get("/en/articles/")
    assert client.get("/en/articles/")["X-Page-Cache"] == "hit"


@pytest.fixture
def archive_declared():
    pages.PAGES["articles:archive"] = ("list", True)
    pages.page.cache_clear()
    yield
    del pages.PAGES["articles:archive"]
    pages.page.cache_clear()


def test_a_new_page_is_cached_once_declared(
    client, site_with_new_page, archive_declared
):
    ArticleFactory()
    assert client.get("/en/articles/archive/")["X-Page-Cache"] == "miss"
    assert client.get("/en/articles/archive/")["X-Page-Cache"] == "hit"
    assert page_cache.classify(request("/en/articles/archive/"))[1] == [
        page_cache.version_key(name) for name in ("site", "nav:en", "list:en")
    ]


def test_the_memo_of_visitor_paths_is_bounded():
    pages.page.cache_clear()
    for number in range(3000):
        pages.page(f"/en/articles/no-such-page-{number}/")
    assert pages.page.cache_info().currsize <= 1024
