"""The article page's reads in SQL (articles.models.page_reads) agree with
versions of them across drafts, schedules, working copies and languages."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import PAGE_DEFERRED_FIELDS, Article
from articles.rendering import content
from tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


def field_values(instance):
    loaded = set(instance.__dict__) - instance.get_deferred_fields()
    return {
        field.attname: getattr(instance, field.attname)
        for field in type(instance)._meta.concrete_fields
        if field.attname in loaded
    }


@pytest.fixture
def articles_in_every_state():
    heart = CategoryFactory(
        name="Heart", slug="heart", translations={"tr": {"name": "Kalp"}}
    )
    live = ArticleFactory(slug="live", category=heart, title="Live")
    # A working copy shares its article's slug and is never visible.
    ArticleFactory(
        slug="live",
        draft_of=live,
        category=heart,
        title="Live, rewritten",
        status=Article.Status.APPROVED,
    )
    ArticleFactory(slug="draft", category=heart, draft=True)
    # Taken down after it was published: the date alone doesn't show it.
    ArticleFactory(slug="withdrawn", category=heart, status=Article.Status.DRAFT)
    ArticleFactory(slug="scheduled", category=heart, scheduled=True)
    ArticleFactory(slug="unreviewed", category=heart, medical_reviewer=None)
    ArticleFactory(
        slug="canli",
        language="tr",
        category=heart,
        translation_group=live.translation_group,
    )
    ArticleFactory(
        slug="geplant",
        language="de",
        category=heart,
        scheduled=True,
        translation_group=live.translation_group,
    )
    return live


def test_the_page_is_the_orm_page_of_visible_articles(articles_in_every_state):
    orm_pages = Article.objects.originals().published().for_page()
    for language, slug in [
        ("en", "live"),
        ("en", "draft"),
        ("en", "withdrawn"),
        ("en", "scheduled"),
        ("en", "unreviewed"),
        ("tr", "canli"),
        ("de", "geplant"),
        ("en", "canli"),
        ("en", "missing"),
    ]:
        expected = orm_pages.filter(language=language, slug=slug).first()
        page = Article.objects.visible_page(language, slug)
        if expected is None:
            assert page is None, (language, slug)
            continue
        assert field_values(page) == field_values(expected)
        assert page.get_deferred_fields() == set(PAGE_DEFERRED_FIELDS)
        for relation in ("category", "author", "medical_reviewer"):
            related, expected_related = (
                getattr(page, relation),
                getattr(expected, relation),
            )
            if expected_related is None:
                assert related is None
            else:
                assert field_values(related) == field_values(expected_related)


def test_the_page_reads_json_as_the_orm_does(articles_in_every_state):
    renditions = {"source": "uploads/a.png", "widths": {"480": "a-480.webp"}}
    Article.objects.filter(slug="live").update(hero_renditions=renditions)

    page = Article.objects.visible_page("en", "live")

    assert page.hero_renditions == renditions


def test_the_page_needs_no_further_query(
    articles_in_every_state, django_assert_num_queries
):
    content.for_page(Article.objects.visible_page("en", "live"))  # stored

    with django_assert_num_queries(1):
        page = Article.objects.visible_page("en", "live")
        section = content.for_page(page)
        section.head_html_at("https://example.org")

    assert "Live" in section.html


def test_related_cards_are_the_orm_listing(articles_in_every_state):
    heart = articles_in_every_state.category
    old = timezone.now() - datetime.timedelta(days=30)
    ArticleFactory.create_batch(3, category=heart, published_at=old)
    ArticleFactory(category=CategoryFactory(), title="Other topic")
    live = articles_in_every_state

    cards = Article.objects.related_cards(live, 3)

    expected = list(
        Article.objects.published()
        .in_language("en")
        .filter(category_id=live.category_id)
        .exclude(pk=live.pk)
        .for_cards()[:3]
    )
    assert [card.pk for card in cards] == [article.pk for article in expected]
    assert [field_values(card) for card in cards] == [
        field_values(article) for article in expected
    ]
    assert [card.category.name for card in cards] == ["Heart"] * 3


def test_visible_translations_are_the_published_versions(articles_in_every_state):
    live = articles_in_every_state
    versions = Article.objects.visible_translations(live)
    expected = Article.objects.published().filter(
        translation_group=live.translation_group
    )
    assert sorted((v.language, v.slug) for v in versions) == sorted(
        (v.language, v.slug) for v in expected
    )
    assert sorted(v.language for v in versions) == ["en", "tr"]


def prepared_statements():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return {name for (name,) in cursor.fetchall()}


def test_the_page_is_read_with_a_statement_prepared_once_per_connection(
    articles_in_every_state,
):
    with CaptureQueriesContext(connection) as queries:
        first = Article.objects.visible_page("en", "live")
        again = Article.objects.visible_page("en", "live")

    assert first.pk == again.pk == articles_in_every_state.pk
    statements = [query["sql"] for query in queries]
    assert len(statements) == 2
    assert all(statement.startswith("EXECUTE liv_") for statement in statements)
    assert statements[0].split("(")[0].removeprefix("EXECUTE ") in (
        prepared_statements()
    )


@pytest.mark.django_db(transaction=True)
def test_a_new_connection_prepares_its_statements_again():
    live = ArticleFactory(slug="live")
    Article.objects.visible_page("en", "live")
    connection.close()  # as when the database restarts or CONN_MAX_AGE ends

    assert Article.objects.visible_page("en", "live").pk == live.pk
    assert Article.objects.visible_translations(live) == [live]


def test_statements_are_sent_as_they_are_when_preparing_is_off(
    articles_in_every_state, settings
):
    settings.DATABASE_PREPARED_STATEMENTS = False
    with CaptureQueriesContext(connection) as queries:
        page = Article.objects.visible_page("en", "live")

    assert page.pk == articles_in_every_state.pk
    assert queries[0]["sql"].lstrip().startswith("SELECT")
