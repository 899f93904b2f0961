"""The language switcher, hreflang alternates in <head> and the sitemap,
RTL and localized dates."""

import re
import xml.etree.ElementTree as ET

import pytest

from tests.factories import ArticleFactory, FaqEntryFactory

pytestmark = pytest.mark.django_db

HREFLANG_RE = re.compile(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">')
SWITCHER_RE = re.compile(r'<nav class="language-switcher".*?</nav>', re.DOTALL)
LINK_RE = re.compile(r'<a href="([^"]*)" hreflang="([^"]+)"')


def head_alternates(client, url):
    return dict(HREFLANG_RE.findall(client.get(url).content.decode()))


def switcher(client, url):
    content = client.get(url).content.decode()
    nav = SWITCHER_RE.search(content).group(0)
    return {code: href for href, code in LINK_RE.findall(nav)}


@pytest.fixture
def diabetes():
    """An article published in English and Turkish, drafted in Arabic."""
    english = ArticleFactory(language="en", slug="diabetes")
    turkish = ArticleFactory(
        language="tr", slug="diyabet", translation_group=english.translation_group
    )
    arabic = ArticleFactory(
        language="ar",
        slug="alsukari",
        translation_group=english.translation_group,
        draft=True,
    )
    return english, turkish, arabic


class TestSwitcher:
    def test_article_links_to_published_translations_and_else_the_list(
        self, client, diabetes
    ):
        links = switcher(client, "/en/articles/diabetes/")
        assert links["en"] == "/en/articles/diabetes/"
        assert links["tr"] == "/tr/articles/diyabet/"
        # The Arabic translation is a draft: never linked.
        assert links["ar"] == "/ar/articles/?from=en"
        assert links["de"] == "/de/articles/?from=en"

    def test_the_list_says_the_article_is_not_yet_translated(self, client):
        notice = "ist noch nicht auf Deutsch"
        content = client.get("/de/articles/?from=en").content.decode()
        assert notice in content
        assert notice not in client.get("/de/articles/").content.decode()
        # Anything else in ?from= is ignored.
        assert "not yet available" not in (
            client.get("/de/articles/?from=<script>").content.decode()
        )

    def test_other_pages_link_to_the_same_page_in_each_language(self, client):
        FaqEntryFactory(article=ArticleFactory(language="ru"), language="ru")
        links = switcher(client, "/ru/faq/")
        assert links == {
            "en": "/en/faq/",
            "tr": "/tr/faq/",
            "ar": "/ar/faq/",
            "ru": "/ru/faq/",
            "de": "/de/faq/",
        }

    def test_the_404_page_links_to_each_language_home(self, client):
        response = client.get("/tr/articles/no-such-page/")
        assert response.status_code == 404
        assert switcher(client, "/tr/articles/no-such-page/")["ar"] == "/ar/"


class TestHreflang:
    def test_article_alternates_are_symmetric_and_skip_unpublished(
        self, client, diabetes
    ):
        english = head_alternates(client, "/en/articles/diabetes/")
        turkish = head_alternates(client, "/tr/articles/diyabet/")
        expected = {
            "en": "http://testserver/en/articles/diabetes/",
            "tr": "http://testserver/tr/articles/diyabet/",
            "x-default": "http://testserver/en/articles/diabetes/",
        }
        assert english == turkish == expected

    def test_every_page_alternates_to_itself_in_each_language(self, client):
        alternates = head_alternates(client, "/ar/articles/")
        assert alternates["ar"] == "http://testserver/ar/articles/"
        assert alternates["de"] == "http://testserver/de/articles/"
        assert alternates["x-default"] == "http://testserver/en/articles/"
        for code in ("en", "tr", "ru", "de"):
            assert head_alternates(client, f"/{code}/articles/") == alternates

    def test_the_sitemap_alternates_match_each_page_head(self, client, diabetes):
        ArticleFactory(language="de")
        tree = ET.fromstring(client.get("/sitemap.xml").content)
        ns = {
            "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
            "x": "http://www.w3.org/1999/xhtml",
        }
        checked = 0
        for url in tree.findall("s:url", ns):
            location = url.find("s:loc", ns).text
            in_sitemap = {
                link.get("hreflang"): link.get("href")
                for link in url.findall("x:link", ns)
            }
            path = location.removeprefix("http://testserver")
            assert in_sitemap == head_alternates(client, path), location
            checked += 1
        assert checked >= 10
        assert (
            "/ar/articles/alsukari/" not in client.get("/sitemap.xml").content.decode()
        )


class TestLanguages:
    def test_unknown_language_prefix_is_404(self, client):
        assert client.get("/xx/articles/").status_code == 404
        assert client.get("/zz/").status_code == 404

    def test_arabic_pages_are_right_to_left(self, client):
        content = client.get("/ar/articles/").content.decode()
        assert '<html lang="ar" dir="rtl">' in content
        assert '<html lang="tr" dir="ltr">' in client.get("/tr/").content.decode()

    @pytest.mark.parametrize(
        ("language", "month"),
        [("de", "Oktober"), ("tr", "Ekim"), ("ru", "октября"), ("ar", "أكتوبر")],
    )
    def test_review_and_update_dates_are_written_in_the_page_language(
        self, client, language, month
    ):
        import datetime

        article = ArticleFactory(
            language=language, slug="datum", reviewed_on=datetime.date(2025, 10, 21)
        )
        content = client.get(article.get_absolute_url()).content.decode()
        assert f"21 {month}" in content or f"21. {month}" in content


def test_staff_preview_of_a_draft_links_to_itself_and_has_no_hreflang(
    editor_client, diabetes
):
    _english, turkish, arabic = diabetes
    content = editor_client.get("/ar/articles/alsukari/").content.decode()
    links = {
        code: href
        for href, code in LINK_RE.findall(SWITCHER_RE.search(content).group(0))
    }
    assert links["ar"] == arabic.get_absolute_url()
    assert links["tr"] == turkish.get_absolute_url()
    assert HREFLANG_RE.findall(content) == []


def test_admin_preview_of_an_article_has_no_hreflang(admin_client):
    article = ArticleFactory(language="tr", draft=True)
    content = admin_client.get(
        f"/admin/articles/article/{article.pk}/preview/"
    ).content.decode()
    assert HREFLANG_RE.findall(content) == []
    links = {
        code: href
        for href, code in LINK_RE.findall(SWITCHER_RE.search(content).group(0))
    }
    assert links["de"] == "/de/"
