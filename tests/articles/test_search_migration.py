"""The search migrations: the title and summary vector, the search index."""

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("articles", "0012_article_content_section")]
AFTER = [("articles", "0013_article_title_summary_vector")]


def test_existing_articles_get_a_title_and_summary_vector_in_their_language(
    migrate,
):
    apps = migrate(BEFORE)
    try:
        Category = apps.get_model("articles", "Category")
        Author = apps.get_model("articles", "Author")
        Article = apps.get_model("articles", "Article")
        common = {
            "category": Category.objects.create(name="Heart", slug="heart"),
            "author": Author.objects.create(name="Team"),
            "body": "Pulse",
        }
        Article.objects.create(
            title="Heart care", slug="heart", summary="Beats.", **common
        )
        Article.objects.create(
            language="tr", title="Kalp", slug="kalp", summary="Kalpler.", **common
        )
    finally:
        apps = migrate(AFTER)

    articles = apps.get_model("articles", "Article").objects
    assert not articles.filter(title_summary_vector__isnull=True).exists()

    def matches(word, config):
        query = SearchQuery(word, config=config)
        return list(articles.filter(title_summary_vector=query).values_list("slug"))

    # Each in its language's configuration (stemmed), the body left out.
    assert matches("beat", "english") == [("heart",)]
    assert matches("kalpler", "turkish") == [("kalp",)]
    assert matches("pulse", "english") == []


def test_one_index_answers_both_the_language_and_the_words():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes "
            "WHERE tablename = 'articles_article' AND indexdef LIKE '%search_vector%'"
        )
        indexes = cursor.fetchall()
    assert [(name, definition.split(" USING ")[1]) for name, definition in indexes] == [
        ("article_search_idx", "gin (language, search_vector) WITH (fastupdate=off)")
    ]


def test_search_indexes_take_new_entries_at_once():
    # A GIN pending list makes every search read the entries waiting in it
    # and steers the planner away from the index until a vacuum.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.reloptions FROM pg_class c "
            "JOIN pg_am am ON am.oid = c.relam WHERE am.amname = 'gin' "
            "ORDER BY c.relname"
        )
        indexes = cursor.fetchall()
    assert indexes == [
        ("article_search_idx", ["fastupdate=off"]),
        ("faq_search_vector_idx", ["fastupdate=off"]),
        ("search_word_trigram_idx", ["fastupdate=off"]),
    ]
