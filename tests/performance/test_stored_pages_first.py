"""Stored pages sent before Django's handler runs (liv_site.wsgi, the
application gunicorn serves): the same page and headers a visitor got
from Django, and nothing a visitor shouldn't get from a cache."""

import gzip
import io
import sys
from urllib.parse import quote, unquote_to_bytes

import pytest
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from liv_site.wsgi import application
from tests.conftest import with_cache_down
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


class Served:
    def __init__(self, status, headers, body, django_ran):
        self.status, self.headers, self.body = status, dict(headers), body
        self.django_ran = django_ran

    @property
    def page(self):
        if self.headers.get("Content-Encoding") == "gzip":
            return gzip.decompress(self.body).decode()
        return self.body.decode()


@pytest.fixture
def get():
    """GET through the WSGI application, as gunicorn calls it. Django's
    handler would close the database connection at the start and end of a
    request, which a test inside a transaction can't survive; its test
    client stops that too."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    handled = []

    def count(**kwargs):
        handled.append(True)

    request_started.connect(count, dispatch_uid="stored-pages-first-test")

    def get(path, method="GET", **headers):
        handled.clear()
        environ = {
            "REQUEST_METHOD": method,
            # PEP 3333: the percent-decoded path's bytes, as latin-1 text.
            "PATH_INFO": unquote_to_bytes(path).decode("latin-1"),
            "QUERY_STRING": "",
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "testserver",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
            **headers,
        }
        started = {}

        def start_response(status, response_headers, exc_info=None):
            started.update(status=status, headers=response_headers)

        result = application(environ, start_response)
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        return Served(started["status"], started["headers"], body, bool(handled))

    yield get
    request_started.disconnect(dispatch_uid="stored-pages-first-test")
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_a_stored_page_is_sent_without_running_django(get):
    article = ArticleFactory(title="Heart health")
    url = article.get_absolute_url()
    first = get(url)
    assert first.django_ran
    assert first.headers["X-Page-Cache"] == "miss"

    second = get(url, HTTP_ACCEPT_ENCODING="gzip, br")

    assert not second.django_ran
    assert second.status == "200 OK"
    assert second.headers["X-Page-Cache"] == "hit"
    assert second.headers["Content-Encoding"] == "gzip"
    assert int(second.headers["Content-Length"]) == len(second.body)
    assert second.page == first.page
    assert "Heart health" in second.page


def test_a_stored_page_keeps_its_security_headers(get):
    url = ArticleFactory().get_absolute_url()
    first = get(url)

    second = get(url)

    assert not second.django_ran
    for name in (
        "Content-Security-Policy",
        "Permissions-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "X-Frame-Options",
        "ETag",
    ):
        assert second.headers[name] == first.headers[name], name
    assert "Accept-Encoding" in second.headers["Vary"]
    assert "Set-Cookie" not in second.headers


def test_hsts_comes_with_a_page_stored_over_https(get):
    url = ArticleFactory().get_absolute_url()
    get(url, HTTP_X_FORWARDED_PROTO="https")
    get(url)

    over_https = get(url, HTTP_X_FORWARDED_PROTO="https")
    over_http = get(url)

    assert not over_https.django_ran and not over_http.django_ran
    assert "max-age=" in over_https.headers["Strict-Transport-Security"]
    assert "Strict-Transport-Security" not in over_http.headers


def test_an_edited_page_is_rendered_again(get):
    article = ArticleFactory(title="Before the edit")
    get(article.get_absolute_url())
    article.title = "After the edit"
    article.save()

    served = get(article.get_absolute_url())

    assert served.django_ran
    assert "After the edit" in served.page


def test_a_matching_etag_gets_304_without_a_body(get):
    url = ArticleFactory().get_absolute_url()
    etag = get(url).headers["ETag"]

    served = get(url, HTTP_IF_NONE_MATCH=etag)

    assert not served.django_ran
    assert served.status == "304 Not Modified"
    assert served.body == b""


def test_a_client_without_gzip_gets_the_page_itself(get):
    url = ArticleFactory(title="Plain page").get_absolute_url()
    get(url)

    served = get(url)

    assert not served.django_ran
    assert "Content-Encoding" not in served.headers
    assert "Plain page" in served.body.decode()


@pytest.mark.parametrize(
    ("method", "headers"),
    [("GET", {"HTTP_COOKIE": "sessionid=staff-session"}), ("POST", {})],
)
def test_staff_and_post_requests_get_a_page_from_django(get, method, headers):
    url = ArticleFactory().get_absolute_url()
    get(url)

    served = get(url, method=method, **headers)

    assert served.django_ran
    assert served.headers.get("X-Page-Cache") != "hit"


def test_head_is_answered_by_django_from_the_stored_page(get):
    url = ArticleFactory().get_absolute_url()
    get(url)

    served = get(url, method="HEAD")

    assert served.django_ran
    assert served.headers["X-Page-Cache"] == "hit"
    assert served.body == b""
    assert int(served.headers["Content-Length"]) > 0


def test_a_host_django_refuses_gets_400(get):
    url = ArticleFactory().get_absolute_url()
    get(url)

    served = get(url, HTTP_HOST="attacker.example")

    assert served.django_ran
    assert served.status.startswith("400")


def test_a_miss_asks_the_cache_for_the_page_once(get):
    url = ArticleFactory().get_absolute_url()
    redis = cache._cache.get_client()

    def lookups():
        return redis.info("commandstats").get("cmdstat_mget", {}).get("calls", 0)

    get(url)  # the header's topics are kept from here on
    redis.delete(*[key for key in redis.keys("*") if b":pc:p:" in key])
    before = lookups()
    served = get(url)

    assert served.headers["X-Page-Cache"] == "miss"
    # The page's lookup, made before Django ran and reused by it; the
    # header's topics' versions.
    assert lookups() - before == 2


def test_pages_are_rendered_while_redis_is_down(get, settings):
    url = ArticleFactory(title="Still here").get_absolute_url()
    settings.CACHES = with_cache_down(settings.CACHES)

    served = get(url)

    assert served.status == "200 OK"
    assert served.django_ran
    assert "Still here" in served.page


# Slugs in the scripts of the site's languages, and CJK.
NON_ASCII_SLUGS = [
    ("ar", "السكري-من-النوع-الأول"),
    ("ru", "сахарный-диабет-1-типа"),
    ("tr", "şeker-hastalığı-ve-İnsülin"),
    ("de", "möglichkeiten-der-behandlung-für-straße"),
    ("en", "糖尿病と幹細胞"),
]


@pytest.mark.parametrize(("language", "slug"), NON_ASCII_SLUGS)
def test_non_ascii_urls_answer_alike_on_a_miss_and_a_hit(get, language, slug):
    article = ArticleFactory(language=language, slug=slug, title=f"Title {slug}")
    url = article.get_absolute_url()
    assert "%" in url  # percent-encoded, as browsers send it

    miss = get(url)
    hit = get(url, HTTP_ACCEPT_ENCODING="gzip")
    head = get(url, method="HEAD")

    assert (miss.status, miss.headers["X-Page-Cache"]) == ("200 OK", "miss")
    assert (hit.status, hit.headers["X-Page-Cache"]) == ("200 OK", "hit")
    assert not hit.django_ran
    assert head.status == "200 OK"
    assert f"Title {slug}" in miss.page
    assert hit.page == miss.page


@pytest.mark.parametrize(("language", "slug"), NON_ASCII_SLUGS)
def test_unknown_non_ascii_slugs_get_the_sites_404_page(get, language, slug):
    ArticleFactory(language="en")  # a site with content
    url = quote(f"/{language}/articles/{slug}-yok/")

    for _ in range(2):
        served = get(url)
        assert served.status == "404 Not Found"
        assert "<html" in served.page
