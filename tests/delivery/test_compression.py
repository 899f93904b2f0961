"""Rendered pages are compressed: Brotli for browsers that accept it,
gzip otherwise, and gzip (padded against BREACH) for anything with a
token or a session."""

import gzip

import brotli
import pytest
from django.test import RequestFactory

from delivery.compression import preferred_coding
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticleFactory(title="Compressed asthma care")


@pytest.mark.parametrize("page_cache", [True, False])
def test_a_rendered_page_goes_to_brotli_browsers_as_brotli(
    client, settings, article, page_cache
):
    settings.PAGE_CACHE_ENABLED = page_cache

    response = client.get(article.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip, br")

    assert response["Content-Encoding"] == "br"
    assert "Accept-Encoding" in response["Vary"]
    assert int(response["Content-Length"]) == len(response.content)
    html = brotli.decompress(response.content).decode()
    assert "Compressed asthma care" in html
    assert response["ETag"].startswith('W/"')


def test_the_weak_etag_of_a_brotli_page_gets_a_304(client, settings, article):
    settings.PAGE_CACHE_ENABLED = False
    url = article.get_absolute_url()
    etag = client.get(url, HTTP_ACCEPT_ENCODING="br")["ETag"]

    again = client.get(url, HTTP_ACCEPT_ENCODING="br", HTTP_IF_NONE_MATCH=etag)

    assert again.status_code == 304
    assert again.content == b""


@pytest.mark.parametrize("accept", ["gzip", "gzip, br;q=0", "deflate, gzip;q=0.5"])
def test_other_browsers_get_gzip(client, settings, article, accept):
    settings.PAGE_CACHE_ENABLED = False

    response = client.get(article.get_absolute_url(), HTTP_ACCEPT_ENCODING=accept)

    assert response["Content-Encoding"] == "gzip"
    assert b"Compressed asthma care" in gzip.decompress(response.content)


def test_a_page_stored_from_a_brotli_render_is_served_as_gzip(client, article):
    url = article.get_absolute_url()
    client.get(url, HTTP_ACCEPT_ENCODING="br")  # rendered, stored

    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")

    assert response["X-Page-Cache"] == "hit"
    assert response["Content-Encoding"] == "gzip"
    assert b"Compressed asthma care" in gzip.decompress(response.content)


def test_pages_with_a_csrf_token_keep_padded_gzip(client):
    response = client.get("/admin/login/", HTTP_ACCEPT_ENCODING="gzip, br")

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert b"csrfmiddlewaretoken" in gzip.decompress(response.content)


def test_staff_pages_keep_padded_gzip(editor_client, article):
    response = editor_client.get(
        article.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip, br"
    )

    assert response["Content-Encoding"] == "gzip"


@pytest.mark.parametrize(
    ("header", "coding"),
    [
        ("br", "br"),
        ("gzip, deflate, br, zstd", "br"),
        ("BR;Q=0.5", "br"),
        ("gzip ; q=0.8 ,, br;q=0.5", "gzip"),
        ("gzip;q=0.5, br;q=0.5", "br"),
        ("br;q=0, gzip", "gzip"),
        ("br;q=0.0, gzip;q=0", "identity"),
        ("br;q=junk, gzip;level=9, gzip;q=1.5", "identity"),
        ("GZIP", "gzip"),
        ("x-gzip", "gzip"),
        ("brotli", "identity"),
        ("gzip;q=0", "identity"),
        ("", "identity"),
        ("*", "br"),
        ("*, br;q=0", "gzip"),
        ("*;q=0", "identity"),
        ("identity;q=0, *", "br"),
        ("gzip;q=0.5, identity", "identity"),
        ("gzip;q=0.5, identity;q=0", "gzip"),
        ("*;q=0.5, identity", "identity"),
    ],
)
def test_accept_encoding_is_read_with_its_quality_values(header, coding):
    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING=header)
    assert preferred_coding(request, ("br", "gzip")) == coding


def test_without_accept_encoding_the_page_goes_as_it_is():
    request = RequestFactory().get("/")
    assert preferred_coding(request, ("br", "gzip")) == "identity"
