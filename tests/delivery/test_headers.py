"""Security headers on every page; long-lived, precompressed static files."""

import pytest
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("cached", [False, True])
def test_visitor_pages_carry_the_security_headers_and_a_strict_csp(client, cached):
    article = ArticleFactory()
    client.get(article.get_absolute_url())
    response = client.get(article.get_absolute_url(), secure=True)
    if cached:
        response = client.get(article.get_absolute_url(), secure=True)
        assert response["X-Page-Cache"] == "hit"
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_admin_policy_allows_the_editor_styles_but_no_inline_script(admin_client):
    response = admin_client.get(f"/{settings.ADMIN_URL}articles/article/add/")
    assert response.status_code == 200
    directives = dict(
        part.strip().split(" ", 1)
        for part in response["Content-Security-Policy"].split(";")
    )
    assert directives["style-src"] == "'self' 'unsafe-inline'"
    assert directives["script-src"] == "'self'"


def test_static_files_have_hashed_names_a_year_of_caching_and_precompression(
    client,
):
    url = staticfiles_storage.url("css/site.css")
    assert url != "/static/css/site.css"  # a content hash in the name
    path = settings.STATIC_ROOT / staticfiles_storage.stored_name("css/site.css")
    for encoding in ("gz", "br"):
        assert path.with_name(path.name + f".{encoding}").exists()
    for accept, encoding in (("br", "br"), ("gzip", "gzip")):
        response = client.get(url, HTTP_ACCEPT_ENCODING=accept)
        assert response.status_code == 200
        assert response["Content-Encoding"] == encoding
        assert "immutable" in response["Cache-Control"]
        assert "max-age=315360000" in response["Cache-Control"]
        response.close()


def test_long_query_strings_and_junk_headers_never_give_500(client):
    article = ArticleFactory()
    response = client.get(
        article.get_absolute_url() + "?" + "x=" + "a" * 20000,
        HTTP_IF_NONE_MATCH='"' + "\x00junk" * 100,
        HTTP_ACCEPT_ENCODING="\x7f" * 500,
        HTTP_COOKIE="a" * 5000,
    )
    assert response.status_code in (200, 400)
    response = client.get("/en/articles/?page=" + "9" * 5000)
    assert response.status_code in (200, 400, 404)
    # A host name the site doesn't answer to (the page cache reads it
    # first, to store pages per host).
    for host in ("evil.example", "a" * 5000, "\x00", "testserver:80:80"):
        response = client.get(article.get_absolute_url(), HTTP_HOST=host)
        assert response.status_code == 400, host
