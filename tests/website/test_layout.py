"""The layout every visitor page shares: its header and footer parts that
depend only on the language are rendered once per worker and reused, so
they must still follow the page's language and section."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def visit(path):
    # A new client each time: nothing carried over but the worker itself.
    response = Client().get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_header_and_footer_follow_the_language_of_each_page():
    english = visit("/en/faq/")
    turkish = visit("/tr/faq/")
    arabic = visit("/ar/faq/")
    assert "Health Library" in english and "Privacy notice" in english
    assert "Sağlık Kütüphanesi" in turkish and "Gizlilik bildirimi" in turkish
    assert "Health Library" not in turkish and "Privacy notice" not in turkish
    assert "المكتبة الصحية" in arabic and "إشعار الخصوصية" in arabic
    # Links stay in the page's language too.
    assert 'href="/tr/privacy/"' in turkish and 'href="/en/privacy/"' not in turkish


def test_only_the_section_being_read_is_marked_current():
    faq = visit("/en/faq/")
    articles = visit("/en/articles/")
    search = visit("/en/search/?q=heart")
    assert '<a href="/en/faq/" aria-current="page">FAQ</a>' in faq
    assert '<a href="/en/articles/">Articles</a>' in faq
    assert '<a href="/en/articles/" aria-current="page">Articles</a>' in articles
    assert '<a href="/en/faq/">FAQ</a>' in articles
    assert 'aria-current="page">' not in search.split("</header>")[0]


def test_newsletter_signup_records_the_page_it_was_sent_from():
    assert 'name="source" value="/en/faq/"' in visit("/en/faq/")
    assert 'name="source" value="/en/articles/"' in visit("/en/articles/")
