"""The article form is written in the article's language (issue 20): an
Arabic article's fields and CKEditor are right to left."""

import json
from html.parser import HTMLParser

import pytest

from articles.models import KeyTakeaway
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


class Page(HTMLParser):
    """Each element's attributes by id, the text of the elements with an
    id, and the addresses of the scripts."""

    def __init__(self, html):
        super().__init__()
        self.attributes, self.text, self.scripts = {}, {}, []
        self._open = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.attributes[attrs["id"]] = attrs
            self._open = attrs["id"]
        if tag == "script" and "src" in attrs:
            self.scripts.append(attrs["src"])

    def handle_data(self, data):
        if self._open:
            self.text[self._open] = self.text.get(self._open, "") + data

    def handle_endtag(self, tag):
        self._open = None


def form_page(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code == 200
    return Page(response.content.decode())


def change_form(admin_client, article):
    return form_page(admin_client, f"/admin/articles/article/{article.pk}/change/")


def editor_config(page):
    return json.loads(page.text["id_body_script"])


def test_an_arabic_article_is_edited_right_to_left(admin_client):
    article = ArticleFactory(draft=True, language="ar")
    KeyTakeaway.objects.create(article=article, position=1, text="نص")

    page = change_form(admin_client, article)

    for field in ("title", "summary", "hero_image_alt", "hero_image_caption"):
        widget = page.attributes[f"id_{field}"]
        assert (widget["lang"], widget["dir"]) == ("ar", "rtl"), field
    takeaway = page.attributes["id_takeaways-0-text"]
    assert (takeaway["lang"], takeaway["dir"]) == ("ar", "rtl")
    assert editor_config(page)["language"] == {"ui": "en", "content": "ar"}


def test_an_english_article_stays_left_to_right(admin_client):
    article = ArticleFactory(draft=True, language="en")

    page = change_form(admin_client, article)

    title = page.attributes["id_title"]
    assert (title["lang"], title["dir"]) == ("en", "ltr")
    assert editor_config(page)["language"]["content"] == "en"


def test_the_language_select_names_the_right_to_left_languages(admin_client):
    page = form_page(admin_client, "/admin/articles/article/add/")

    assert page.attributes["id_language"]["data-rtl-languages"] == "ar"
    assert page.attributes["id_title"]["dir"] == "ltr"
    assert any("js/article_language" in src for src in page.scripts)
    assert any("translations/ar" in src for src in page.scripts)
