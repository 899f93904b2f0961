"""Stored pages sent before Django's handler runs (liv_site.wsgi, the
application gunicorn serves): the same page and headers a visitor got
from Django, and nothing a visitor shouldn't get from a cache."""

import gzip
import io
import sys
from urllib.parse import quote, unquote_to_bytes

import brotli
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
        decompress = {"gzip": gzip.decompress, "br": brotli.decompress}.get(
            self.headers.get("Content-Encoding"), bytes
        )
        return decompress(self.body).decode()


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


# (Accept-Encoding, the coding of a rendered page, of a stored page): a
# rendered page may go as Brotli, a stored one as gzip or the page itself.
CODINGS = [
    ("gzip;q=0", None, None),
    ("GZIP;Q=0, deflate", None, None),
    ("br;q=0, gzip;q=0", None, None),
    ("*;q=0", None, None),
    ("gzip;q=0.5, identity", None, None),
    ("GZip", "gzip", "gzip"),
    ("x-gzip", "gzip", "gzip"),
    ("*", "br", "gzip"),
    ("identity;q=0, *", "br", "gzip"),
    ("br;q=0, *", "gzip", "gzip"),
]


@pytest.mark.parametrize(("accept", "rendered", "stored"), CODINGS)
def test_accept_encoding_is_read_with_its_quality_values(get, accept, rendered, stored):
    url = ArticleFactory(title="Negotiated page").get_absolute_url()

    miss = get(url, HTTP_ACCEPT_ENCODING=accept)
    hit = get(url, HTTP_ACCEPT_ENCODING=accept)

    assert (miss.django_ran, hit.django_ran) == (True, False)
    assert miss.headers.get("Content-Encoding") == rendered
    assert hit.headers.get("Content-Encoding") == stored
    assert "Negotiated page" in miss.page
    assert hit.page == miss.page


@pytest.mark.parametrize("accept", ["", "gzip, deflate", "deflate, gzip;q=0"])
def test_a_page_has_one_etag_and_vary_on_every_path(get, accept):
    """Rendered (a miss), stored (a hit), HEAD from the stored page and
    rendered, and the 304s of both paths: the one ETag of the page in the
    coding sent, and Vary: Accept-Encoding on each."""
    url = ArticleFactory().get_absolute_url()
    coding = {"HTTP_ACCEPT_ENCODING": accept}
    rendered = get(url, **coding)
    etag = rendered.headers["ETag"]
    stored = get(url, **coding)
    stored_head = get(url, method="HEAD", **coding)
    stored_304 = get(url, HTTP_IF_NONE_MATCH=etag, **coding)
    cache.clear()
    rendered_head = get(url, method="HEAD", **coding)
    rendered_304 = get(url, HTTP_IF_NONE_MATCH=etag, **coding)

    served = [rendered, stored, stored_head, stored_304, rendered_head, rendered_304]
    assert [s.headers["X-Page-Cache"] for s in served] == [
        *("miss", "hit", "hit", "hit"),
        *("miss", "miss"),
    ]
    assert not stored_304.django_ran and rendered_304.django_ran
    assert [s.status for s in (stored_304, rendered_304)] == ["304 Not Modified"] * 2
    assert [s.headers["ETag"] for s in served] == [etag] * len(served)
    for each in served:
        assert "Accept-Encoding" in each.headers["Vary"]


def test_a_brotli_page_has_one_etag_and_vary_with_its_304_and_head(get, settings):
    settings.PAGE_CACHE_ENABLED = False
    url = ArticleFactory().get_absolute_url()
    coding = {"HTTP_ACCEPT_ENCODING": "br, gzip"}
    rendered = get(url, **coding)
    etag = rendered.headers["ETag"]

    head = get(url, method="HEAD", **coding)
    not_modified = get(url, HTTP_IF_NONE_MATCH=etag, **coding)

    assert rendered.headers["Content-Encoding"] == "br"
    assert not_modified.status == "304 Not Modified"
    for each in (rendered, head, not_modified):
        assert each.headers["ETag"] == etag
        assert "Accept-Encoding" in each.headers["Vary"]


@pytest.mark.parametrize("cached", [True, False])
def test_each_coding_of_a_page_has_its_own_etag(get, settings, cached):
    """A tag revalidates the coding it was sent with and no other: a cache
    holding the gzip copy must not be told its copy is the page itself."""
    settings.PAGE_CACHE_ENABLED = cached
    url = ArticleFactory().get_absolute_url()
    get(url)  # stored, when the page cache is on
    accepts = {None: "", "gzip": "gzip"} | ({} if cached else {"br": "br"})
    etags = {}
    for coding, accept in accepts.items():
        served = get(url, HTTP_ACCEPT_ENCODING=accept)
        assert served.headers.get("Content-Encoding") == coding
        assert served.django_ran is not cached
        etags[coding] = served.headers["ETag"]

    assert len(set(etags.values())) == len(etags)
    for coding, accept in accepts.items():
        for other, etag in etags.items():
            again = get(url, HTTP_ACCEPT_ENCODING=accept, HTTP_IF_NONE_MATCH=etag)
            expected = "304 Not Modified" if other == coding else "200 OK"
            assert again.status == expected, (coding, other)
            assert again.headers["ETag"] == etags[coding]


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
