"""The reads behind every article page a visitor asks for, in SQL.

An uncached article page reads the article, three related articles and
the article's published translations. The ORM spent several times
longer building those queries than PostgreSQL takes to run them, on every
page that missed the cache (docs/performance.md, "An article page on a
miss"). They join nothing: the
page's topic and people are in its stored section (articles.content), and
joining them cost PostgreSQL more to plan than to run the rest.

The statements name the models' own columns (``Shape``), so a new field is
read without a change here, and make the instances the ORM would make
(``from_db``, with the fields' converters). Which articles visitors may
see is ``VISIBLE``, the SQL of ``ArticleQuerySet.published()``;
tests/articles/test_sql.py checks that each statement agrees with the
ORM's version of it.
"""

import hashlib
import re
import weakref
from functools import cache, lru_cache

from django.conf import settings
from django.db import connections
from django.utils import timezone

# ArticleQuerySet.published() (published_conditions()) for the row ``{a}``.
VISIBLE = """
    {a}.status = %(published)s
    AND {a}.published_at <= %(now)s
    AND {a}.draft_of_id IS NULL
"""


class Shape:
    """The columns of ``model`` under ``alias`` in a row, and the instance
    they make. ``fields`` (attribute names) limits them, as ``only()``
    does; ``exclude`` leaves some out, as ``defer()`` does."""

    def __init__(self, model, alias, fields=None, exclude=()):
        self.model, self.alias = model, alias
        self.fields = [
            field
            for field in model._meta.concrete_fields
            if (fields is None or field.primary_key or field.attname in fields)
            and field.attname not in exclude
        ]
        self.attnames = [field.attname for field in self.fields]
        self._converters_by_vendor = {}

    def __len__(self):
        return len(self.fields)

    @property
    def columns(self):
        return ", ".join(f'{self.alias}."{field.column}"' for field in self.fields)

    def instance(self, db, values):
        connection = connections[db]
        values = list(values)
        for index, column, converters in self._converters(connection):
            for converter in converters:
                values[index] = converter(values[index], column, connection)
        return self.model.from_db(db, self.attnames, values)

    def _converters(self, connection):
        """What the ORM applies to each column it reads (JSON on
        PostgreSQL; dates and UUIDs too on SQLite), as the ORM's compiler
        finds them, worked out once per backend."""
        if connection.vendor not in self._converters_by_vendor:
            found = []
            for index, field in enumerate(self.fields):
                column = field.get_col(self.alias)
                converters = connection.ops.get_db_converters(
                    column
                ) + column.get_db_converters(connection)
                if converters:
                    found.append((index, column, converters))
            self._converters_by_vendor[connection.vendor] = found
        return self._converters_by_vendor[connection.vendor]


@cache
def _page():
    from .models import PAGE_DEFERRED_FIELDS, Article

    shape = Shape(Article, "article", exclude=PAGE_DEFERRED_FIELDS)
    sql = f"""
        SELECT {shape.columns}
        FROM articles_article article
        WHERE article.language = %(language)s
        AND article.slug = %(slug)s
        AND {VISIBLE.format(a="article")}
    """
    return sql, shape


@cache
def _cards():
    from .models import CARD_FIELDS, STORED_CARD_FIELDS, Article

    shape = Shape(
        Article,
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
        AND {VISIBLE.format(a="article")}
        ORDER BY article.published_at DESC, article.id DESC
        LIMIT %(limit)s
    """
    return sql, shape


@cache
def _translations():
    from .models import Article

    shape = Shape(Article, "article", fields={"language", "slug"})
    sql = f"""
        SELECT {shape.columns}
        FROM articles_article article
        WHERE article.translation_group = %(group)s
        AND {VISIBLE.format(a="article")}
    """
    return sql, shape


@cache
def _menu():
    from .models import Category

    shape = Shape(Category, "category", fields={"name", "slug", "translations"})
    # One index probe per category (article_category_listing_idx) rather
    # than counting every article.
    sql = f"""
        SELECT {shape.columns}
        FROM articles_category category
        WHERE EXISTS (
            SELECT 1 FROM articles_article article
            WHERE article.category_id = category.id
            AND article.language = %(language)s
            AND {VISIBLE.format(a="article")}
        )
        ORDER BY category.name
    """
    return sql, shape


def visible_params(db):
    """The parameters ``VISIBLE`` names, for a statement run on ``db``."""
    from .models import Article

    return {
        "published": Article.Status.PUBLISHED,
        "now": connections[db].ops.adapt_datetimefield_value(timezone.now()),
    }


def rows(db, sql, params):
    """The rows of ``sql`` on ``db``, with ``VISIBLE``'s parameters too."""
    connection = connections[db]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and settings.DATABASE_PREPARED_STATEMENTS:
            sql = _prepared(cursor, sql)
        cursor.execute(sql, {**visible_params(db), **params})
        return cursor.fetchall()


# The statements prepared on each PostgreSQL connection.
_prepared_on = weakref.WeakKeyDictionary()


def _prepared(cursor, sql):
    """``sql`` as an EXECUTE of a statement prepared once per connection.

    PostgreSQL plans a statement every time it is sent; for these small
    reads the planning took longer than running them, on every page that
    missed the cache (docs/performance.md, "Prepared statements"). A prepared one is
    planned once, then its plan is reused. Persistent connections
    (``CONN_MAX_AGE``) keep the prepared statements between requests."""
    name, prepare, execute = _statement(sql)
    # Sent on the driver's own cursor, as Django sends its own set-up of a
    # new connection: part of the connection, not a query of the page.
    driver_cursor = cursor.cursor
    prepared = _prepared_on.setdefault(driver_cursor.connection, set())
    if name not in prepared:
        driver_cursor.execute(prepare)
        prepared.add(name)
    return execute


@lru_cache(maxsize=64)
def _statement(sql):
    """(name, PREPARE statement, EXECUTE with ``sql``'s named parameters)."""
    names = list(dict.fromkeys(_PARAMETER.findall(sql)))
    numbered = _PARAMETER.sub(lambda match: f"${names.index(match[1]) + 1}", sql)
    numbered = numbered.replace("%%", "%")  # sent without parameters
    name = "liv_" + hashlib.sha256(sql.encode()).hexdigest()[:16]
    arguments = ", ".join(f"%({parameter})s" for parameter in names)
    return name, f"PREPARE {name} AS {numbered}", f"EXECUTE {name}({arguments})"


_PARAMETER = re.compile(r"%\((\w+)\)s")


def with_columns(template, *shapes):
    """(``template`` with ``{columns}`` naming the columns of ``shapes``,
    the shapes), for a statement whose rows make one instance per shape."""
    columns = ", ".join(shape.columns for shape in shapes)
    return template.format(columns=columns), shapes


def split_row(row, shapes):
    """``row``'s values, one tuple per shape in ``shapes``, in order."""
    start = 0
    for shape in shapes:
        yield row[start : start + len(shape)]
        start += len(shape)


def visible_page(db, language, slug):
    """The article visitors see at ``slug`` in ``language``; None if there
    is none."""
    sql, shape = _page()
    found = rows(db, sql, {"language": language, "slug": slug})
    return shape.instance(db, found[0]) if found else None


def related_cards(db, article, limit):
    """The newest ``limit`` visible articles of ``article``'s category and
    language, itself left out, as cards (``for_cards()``'s columns; the
    stored card names the category)."""
    sql, shape = _cards()
    params = {
        "language": article.language,
        "category": article.category_id,
        "exclude": article.pk,
        "limit": limit,
    }
    return [shape.instance(db, row) for row in rows(db, sql, params)]


def visible_translations(db, article):
    """The visible versions of ``article`` (itself included, if visible),
    with their language and slug."""
    sql, shape = _translations()
    field = type(article)._meta.get_field("translation_group")
    group = field.get_db_prep_value(article.translation_group, connections[db])
    return [shape.instance(db, row) for row in rows(db, sql, {"group": group})]


def menu(db, language):
    """The categories with an article visitors may read in ``language``,
    by name."""
    sql, shape = _menu()
    return [shape.instance(db, row) for row in rows(db, sql, {"language": language})]
