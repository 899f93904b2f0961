"""FAQ search in SQL (faq.search.matching_questions) finds, ranks and links
what the ORM's version of it does, and nothing visitors may not see."""

import pytest

from faq.models import FaqEntry
from faq.search import matching_questions, search_faq
from tests.factories import ArticleFactory, CategoryFactory, FaqEntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries_in_every_state():
    live = ArticleFactory(slug="live")
    topic = CategoryFactory()
    FaqEntryFactory(article=live, question="Is fasting safe with diabetes?")
    FaqEntryFactory(
        article=live,
        question="Fasting, fasting and fasting: how long?",
        answer="<p>Fasting for a day is usually safe with advice.</p>",
    )
    FaqEntryFactory(article=None, topic=topic, question="Who plans my fasting?")
    FaqEntryFactory(article=live, question="A fasting draft?", status="draft")
    FaqEntryFactory(
        article=ArticleFactory(draft=True), question="Fasting on a draft article?"
    )
    FaqEntryFactory(
        article=ArticleFactory(scheduled=True),
        question="Fasting on a scheduled article?",
    )
    FaqEntryFactory(
        article=ArticleFactory(language="de", slug="fasten"),
        language="de",
        question="Darf ich fasten?",
    )
    FaqEntryFactory(article=live, question="Unrelated: how do I sleep better?")


def orm_results(query, language, limit):
    entries = FaqEntry.objects.published().in_language(language)
    return list(search_faq(entries.for_search_results(), query, language)[:limit])


@pytest.mark.parametrize(
    ("query", "language", "limit"),
    [("fasting", "en", 5), ("fasting", "en", 2), ("fasten", "de", 5), ("x", "en", 5)],
)
def test_the_questions_are_the_orm_results(
    entries_in_every_state, query, language, limit
):
    expected = orm_results(query, language, limit)
    found = matching_questions(query, language, limit)

    assert [entry.pk for entry in found] == [entry.pk for entry in expected]
    assert [entry.get_absolute_url() for entry in found] == [
        entry.get_absolute_url() for entry in expected
    ]
    assert [(entry.question, entry.answer) for entry in found] == [
        (entry.question, entry.answer) for entry in expected
    ]


def test_only_visible_questions_are_found_best_first(entries_in_every_state):
    found = matching_questions("fasting", "en", 5)

    assert [entry.question for entry in found] == [
        "Fasting, fasting and fasting: how long?",
        "Is fasting safe with diabetes?",
        "Who plans my fasting?",
    ]
    assert found[0].get_absolute_url().startswith("/en/articles/live/#faq-")
    assert found[2].article is None
    assert found[2].get_absolute_url().startswith("/en/faq/#faq-")
