"""The reads behind every article page a visitor asks for, in SQL.

An uncached article page reads the article, three related articles and
the article's published translations. The ORM spent several times
longer building those queries than PostgreSQL takes to run them, on every
page that missed the cache (docs/performance.md, "An article page on a
miss"). They join nothing: the page's topic and people are in its stored
section (articles.rendering.content), and joining them cost PostgreSQL
more to plan than to run the rest.

Which articles visitors may see is ``core.publication.SQL``, the rule of
``ArticleQuerySet.published()``; tests/articles/test_page_reads.py checks
that each statement agrees with the ORM's version of it. The querysets
pass their model in (these functions serve them, they don't import them).
"""

from functools import cache

from django.db import connections

from core import publication
from core.raw_sql import Shape, rows

from .columns import CARD_FIELDS, PAGE_DEFERRED_FIELDS, STORED_CARD_FIELDS

VISIBLE = publication.SQL.format(a="article")


@cache
def _page(article_model):
    shape = Shape(article_model, "article", exclude=PAGE_DEFERRED_FIELDS)
    sql = f"""
        SELECT {shape.columns}
        FROM articles_article article
        WHERE article.language = %(language)s
        AND article.slug = %(slug)s
        AND {VISIBLE}
    """
    return sql, shape


@cache
def _cards(article_model):
    shape = Shape(
        article_model,
        "article",
        fields={
            *(name for name in CARD_FIELDS if "__" not in name),
            *STORED_CARD_FIELDS,
            "category_id",
        },
    )
    sql = f"""
        SELECT {shape.columns}
        FROM articles_article article
        WHERE article.language = %(language)s
        AND article.category_id = %(category)s
        AND article.id <> %(exclude)s
        AND {VISIBLE}
        ORDER BY article.published_at DESC, article.id DESC
        LIMIT %(limit)s
    """
    return sql, shape


@cache
def _translations(article_model):
    shape = Shape(article_model, "article", fields={"language", "slug"})
    sql = f"""
        SELECT {shape.columns}
        FROM articles_article article
        WHERE article.translation_group = %(group)s
        AND {VISIBLE}
    """
    return sql, shape


@cache
def _menu(category_model):
    shape = Shape(category_model, "category", fields={"name", "slug", "translations"})
    # One index probe per category (article_category_listing_idx) rather
    # than counting every article.
    sql = f"""
        SELECT {shape.columns}
        FROM articles_category category
        WHERE EXISTS (
            SELECT 1 FROM articles_article article
            WHERE article.category_id = category.id
            AND article.language = %(language)s
            AND {VISIBLE}
        )
        ORDER BY category.name
    """
    return sql, shape


def visible_page(article_model, db, language, slug):
    """The article visitors see at ``slug`` in ``language``; None if there
    is none."""
    sql, shape = _page(article_model)
    found = rows(db, sql, {"language": language, "slug": slug})
    return shape.instance(db, found[0]) if found else None


def related_cards(article_model, db, article, limit):
    """The newest ``limit`` visible articles of ``article``'s category and
    language, itself left out, as cards (``for_cards()``'s columns; the
    stored card names the category)."""
    sql, shape = _cards(article_model)
    params = {
        "language": article.language,
        "category": article.category_id,
        "exclude": article.pk,
        "limit": limit,
    }
    return [shape.instance(db, row) for row in rows(db, sql, params)]


def visible_translations(article_model, db, article):
    """The visible versions of ``article`` (itself included, if visible),
    with their language and slug."""
    sql, shape = _translations(article_model)
    field = article_model._meta.get_field("translation_group")
    group = field.get_db_prep_value(article.translation_group, connections[db])
    return [shape.instance(db, row) for row in rows(db, sql, {"group": group})]


def menu(category_model, db, language):
    """The categories with an article visitors may read in ``language``,
    by name."""
    sql, shape = _menu(category_model)
    return [shape.instance(db, row) for row in rows(db, sql, {"language": language})]
