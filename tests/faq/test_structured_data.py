"""The FAQPage JSON-LD lists exactly the questions a visitor can read."""

import pytest

from core.templatetags.structured_data import json_ld
from faq.structured_data import SCHEMA_ANSWER_TAGS, faq_page
from tests.factories import ArticleFactory, CategoryFactory, FaqEntryFactory

from .pages import faq_from_json_ld, json_ld_blocks, visible_faq

pytestmark = pytest.mark.django_db

RICH_ANSWER = (
    "<h3>Short answer</h3><p>Yes, with <strong>care</strong><sup>1</sup>.</p>"
    '<figure class="table"><table><tbody><tr><td>Dose</td><td>5 mg</td></tr>'
    '</tbody></table></figure><p>See <a href="https://example.org/a">'
    "the guideline</a> &amp; ask your doctor.</p>"
)


def squash(text):
    return "".join(text.split())


def assert_json_ld_matches_the_visible_faq(html, expected_count):
    blocks = [b for b in json_ld_blocks(html) if b.get("@type") == "FAQPage"]
    assert len(blocks) == 1
    assert blocks[0]["@context"] == "https://schema.org"
    structured, tags = faq_from_json_ld(blocks[0])
    visible = visible_faq(html)
    assert len(visible) == expected_count
    # Questions match character for character; answers by their words and
    # punctuation (markup may put line breaks in different places).
    assert [q for q, _ in structured] == [q for q, _ in visible]
    assert [squash(a) for _, a in structured] == [squash(a) for _, a in visible]
    assert tags <= SCHEMA_ANSWER_TAGS


def test_article_page_json_ld_matches_its_visible_faq(client):
    article = ArticleFactory()
    FaqEntryFactory(article=article, question="Is it <safe>?", answer=RICH_ANSWER)
    FaqEntryFactory(article=article, question="Does it hurt?")
    FaqEntryFactory(article=article, question="Draft question?", status="draft")
    FaqEntryFactory(question="Another article's question?")

    html = client.get(article.get_absolute_url()).content.decode()

    assert_json_ld_matches_the_visible_faq(html, expected_count=2)
    assert "Draft question?" not in html
    assert "Another article's question?" not in html


def test_faq_page_json_ld_matches_its_visible_faq(client):
    topic = CategoryFactory(name="Heart health")
    FaqEntryFactory(article=None, topic=topic, answer=RICH_ANSWER)
    FaqEntryFactory.create_batch(3)
    FaqEntryFactory(article=None, topic=topic, language="de")

    html = client.get("/en/faq/").content.decode()

    assert_json_ld_matches_the_visible_faq(html, expected_count=4)


def test_answers_keep_only_the_html_the_schema_allows():
    entry = FaqEntryFactory.build(question="Q?", answer=RICH_ANSWER)
    text = faq_page([entry])["mainEntity"][0]["acceptedAnswer"]["text"]
    assert text == (
        "<h3>Short answer</h3><p>Yes, with <strong>care</strong>1.</p>"
        'Dose5 mg<p>See <a href="https://example.org/a">the guideline</a> '
        "&amp; ask your doctor.</p>"
    )


def test_nothing_in_a_question_can_close_the_script_element():
    entry = FaqEntryFactory.build(
        question="</script><script>alert(1)</script> & <!-- ?", answer="<p>A</p>"
    )
    script = json_ld(faq_page([entry]))
    inner = script.removeprefix('<script type="application/ld+json">')
    inner = inner.removesuffix("</script>")
    assert "<" not in inner and ">" not in inner and "&" not in inner
    assert json_ld_blocks(script)[0]["mainEntity"][0]["name"] == entry.question


def test_a_page_without_questions_has_no_faq_json_ld(client):
    article = ArticleFactory()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "FAQPage" not in html
