"""Full-text search over published FAQ entries, beside article search."""

from functools import cache

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import router
from django.db.models import F, Q

from core import publication
from core.raw_sql import Shape, rows, split_row, with_columns
from core.text_search import search_config, uses_postgres

from .models import FaqEntry

# FaqEntryQuerySet.published() and search_faq(), in SQL: the ORM spent
# longer building this query than PostgreSQL took to run it
# (docs/performance.md, "Search's questions in SQL").
MATCHING_SQL = """
    SELECT {columns}
    FROM faq_faqentry entry
    LEFT JOIN articles_article article ON article.id = entry.article_id
    WHERE entry.status = %(entry_published)s
    AND entry.language = %(language)s
    AND (entry.article_id IS NULL OR {visible_article})
    AND entry.search_vector @@ websearch_to_tsquery(%(config)s, %(query)s)
    ORDER BY
        ts_rank(entry.search_vector, websearch_to_tsquery(%(config)s, %(query)s)) DESC,
        entry.position, entry.id
    LIMIT %(limit)s
"""
# What a result shows (question, answer) and links to (the entry on its
# article's page): the article's other columns stay behind.
ENTRY_FIELDS = {"question", "answer", "language", "article_id"}
ARTICLE_FIELDS = {"language", "slug"}


def search_faq(entries, query, language):
    """Rank ``entries`` (already limited to what visitors may see)."""
    if not uses_postgres():
        return entries.filter(Q(question__icontains=query) | Q(answer__icontains=query))
    ts_query = SearchQuery(
        query, search_type="websearch", config=search_config(language)
    )
    return (
        entries.filter(search_vector=ts_query)
        .annotate(rank=SearchRank(F("search_vector"), ts_query))
        .order_by("-rank", "position", "pk")
    )


def matching_questions(query, language, limit):
    """The best ``limit`` published entries of ``language`` for ``query``,
    with their article's address."""
    if not uses_postgres():
        entries = FaqEntry.objects.published().in_language(language)
        return list(search_faq(entries.for_search_results(), query, language)[:limit])

    statement, shapes = _matching_statement()
    db = router.db_for_read(FaqEntry)
    params = {
        "entry_published": FaqEntry.Status.PUBLISHED,
        "language": language,
        "config": search_config(language),
        "query": query,
        "limit": limit,
    }
    entries = []
    for row in rows(db, statement, params):
        entry_values, article_values = split_row(row, shapes)
        entry = shapes[0].instance(db, entry_values)
        entry.article = (
            shapes[1].instance(db, article_values) if entry.article_id else None
        )
        entries.append(entry)
    return entries


@cache
def _matching_statement():
    # The entry's own article model, as its foreign key names it.
    article_model = FaqEntry._meta.get_field("article").related_model
    statement = MATCHING_SQL.replace(
        "{visible_article}", publication.SQL.format(a="article")
    )
    return with_columns(
        statement,
        Shape(FaqEntry, "entry", fields=ENTRY_FIELDS),
        Shape(article_model, "article", fields=ARTICLE_FIELDS),
    )
