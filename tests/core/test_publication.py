""" "Visible to visitors" is one rule (core.publication), used in three
forms: the ORM's Q object, the SQL of the prepared statements, and the
check on one loaded row. They agree for every combination of state,
publication time and working copy, for articles and for the FAQ entries
on them."""

import datetime
import itertools

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Article
from core import publication
from core.raw_sql import rows
from faq.models import FaqEntry
from faq.search import matching_questions
from tests.factories import ArticleFactory, CategoryFactory, FaqEntryFactory

pytestmark = pytest.mark.django_db

Status = Article.Status
NOW = timezone.now()
TIMES = {
    "never": None,
    "past": NOW - datetime.timedelta(days=1),
    "future": NOW + datetime.timedelta(days=1),
}


@pytest.fixture
def every_case():
    """An article (with an FAQ entry about 'vaccines') for each state and
    publication time, as an original and, where allowed, a working copy;
    and one entry on no article."""
    topic = CategoryFactory()
    cases = {}
    for number, (status, (when, published_at)) in enumerate(
        itertools.product(Status, TIMES.items())
    ):
        live = ArticleFactory(
            slug=f"case-{number}",
            status=status,
            category=topic,
            published_at=published_at,
        )
        if status == Status.PUBLISHED and published_at is None:
            # Saving a published article without a date dates it now.
            when = "now"
        cases[(status, when, False)] = live
        if status != Status.PUBLISHED:  # a working copy is never published
            copy = ArticleFactory(
                slug=f"case-{number}",
                status=status,
                draft_of=live,
                category=topic,
                published_at=published_at,
            )
            cases[(status, when, True)] = copy
    for article in cases.values():
        FaqEntryFactory(
            article=article, question="Are vaccines safe?", answer="<p>Yes.</p>"
        )
    FaqEntryFactory(
        article=None, topic=topic, question="Do vaccines hurt?", answer="<p>No.</p>"
    )
    return cases


def expected(cases):
    return {
        article.pk
        for (status, when, copy), article in cases.items()
        if status == Status.PUBLISHED and when in ("past", "now") and not copy
    }


def test_the_orm_the_sql_and_the_row_check_agree(every_case):
    visible = expected(every_case)
    assert visible  # the fixture has visible and hidden cases
    assert len(visible) < len(every_case)

    by_orm = set(Article.objects.published().values_list("pk", flat=True))
    statement = (
        "SELECT article.id FROM articles_article article WHERE "
        + publication.SQL.format(a="article")
    )
    by_sql = {pk for (pk,) in rows(connection.alias, statement, {})}
    by_row = {a.pk for a in Article.objects.all() if publication.is_visible(a)}
    by_method = {a.pk for a in Article.objects.all() if a.is_published()}

    assert by_orm == by_sql == by_row == by_method == visible


def test_faq_entries_follow_their_articles_everywhere(every_case):
    visible = expected(every_case)
    on_visible_articles = set(
        FaqEntry.objects.filter(article__in=visible).values_list("pk", flat=True)
    )
    on_no_article = set(
        FaqEntry.objects.filter(article=None).values_list("pk", flat=True)
    )

    by_orm = set(FaqEntry.objects.published().values_list("pk", flat=True))
    found = matching_questions("vaccines", "en", limit=100)

    assert by_orm == on_visible_articles | on_no_article
    assert {entry.pk for entry in found} == by_orm
