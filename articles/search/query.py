"""Full-text search over published articles, one language at a time.

On PostgreSQL each article keeps a weighted ``tsvector`` (title A, summary B,
body C) built with its language's text-search configuration, found through
a GIN index, and a small one of its title and summary alone. Ranking with
the full vector reads kilobytes per article, so only the best
``MAX_RESULTS`` matches by title and summary (then the newest) are ranked
with it. Misspellings are caught with trigram similarity against
a lexicon of the words that published articles use. On SQLite (the
zero-set-up default of ``make run``) a plain substring search keeps the
page working.
"""

import html
from functools import cache

from django.core.paginator import Paginator
from django.db import router
from django.db.models import Count, F, Q, Window

from core import publication
from core.raw_sql import Shape, rows, split_row, with_columns
from core.text_search import WORD_RE, search_config, uses_postgres

from ..models import Article, Category, SearchWord

# Markers for the highlighted words, chosen so they can't occur in text:
# the snippet is escaped first, then the markers become <mark> elements.
MARK_START, MARK_END = "\x02", "\x03"
SUGGESTION_MIN_SIMILARITY = 0.4
# Snippets are cut from the summary and the start of the body: headlining
# a whole body (tens of kilobytes) costs milliseconds per result.
SNIPPET_BODY_CHARS = 1000
MAX_RESULTS = 100


def search_articles(articles, query, language):
    """The published articles of ``language`` that match ``query``, best
    first, for ``ResultsPaginator``: each result carries its ``snippet``
    and the ``total`` number of results. ``articles`` (what visitors may
    see in ``language``) is searched on SQLite; on PostgreSQL the same
    conditions are written in ``RESULTS_SQL``."""
    if not uses_postgres():
        matches = articles.filter(
            Q(title__icontains=query)
            | Q(summary__icontains=query)
            | Q(body_text__icontains=query)
        )
        return matches.for_search_results().annotate(
            snippet=F("summary"), total=Window(Count("*"))
        )
    return RankedArticles(query, language)


# Ranking with the full vector reads kilobytes per article, so only the
# best MAX_RESULTS matches by title and summary (then the newest) are
# ranked with it. Headlines are cut for the page's rows alone: the whole
# summary where the title or summary match (most results), else the best
# passages of the summary and the start of the body. The visibility
# conditions are core.publication.SQL; a test checks that the results agree with
# ArticleQuerySet.published() (tests/website/test_search.py).
_MATCHES = f"""
    FROM articles_article article
    WHERE article.language = %(language)s
    AND {publication.SQL.format(a="article")}
    AND article.search_vector @@ websearch_to_tsquery(%(config)s, %(query)s)
"""
CANDIDATES_SQL = f"""
SELECT article.id
{_MATCHES}
ORDER BY
    ts_rank(article.title_summary_vector,
            websearch_to_tsquery(%(config)s, %(query)s)) DESC,
    article.published_at DESC, article.id DESC
LIMIT %(max_results)s
"""
RESULTS_SQL = f"""
WITH ranked AS (
    SELECT article.id, article.published_at,
        ts_rank(article.search_vector,
                websearch_to_tsquery(%(config)s, %(query)s)) AS rank,
        count(*) OVER () AS total
    FROM ({CANDIDATES_SQL}) candidate
    JOIN articles_article article USING (id)
    ORDER BY rank DESC, article.published_at DESC, article.id DESC
    LIMIT %(limit)s OFFSET %(offset)s
)
SELECT {{columns}}, ranked.total,
    CASE WHEN article.title_summary_vector
              @@ websearch_to_tsquery(%(config)s, %(query)s)
    THEN ts_headline(%(config)s, article.summary,
                     websearch_to_tsquery(%(config)s, %(query)s),
                     %(summary_options)s)
    ELSE ts_headline(%(config)s,
                     article.summary || ' ' || left(article.body_text, %(body_chars)s),
                     websearch_to_tsquery(%(config)s, %(query)s),
                     %(passage_options)s)
    END AS snippet
FROM ranked
JOIN articles_article article USING (id)
JOIN articles_category category ON category.id = article.category_id
ORDER BY ranked.rank DESC, ranked.published_at DESC, ranked.id DESC
"""
COUNT_SQL = f"SELECT count(*) FROM ({CANDIDATES_SQL}) candidate"
# ts_headline's options, quoted as Django's SearchHeadline quotes them.
_SELECTORS = f"StartSel='{MARK_START}', StopSel='{MARK_END}'"
SUMMARY_OPTIONS = f"{_SELECTORS}, HighlightAll=true"
PASSAGE_OPTIONS = (
    f"{_SELECTORS}, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=' … '"
)
RESULT_FIELDS = {"language", "title", "slug", "published_at"}
RESULT_CATEGORY_FIELDS = {"name", "slug", "translations"}


@cache
def _results_statement():
    """``RESULTS_SQL`` with the columns of the instances its rows make."""
    return with_columns(
        RESULTS_SQL,
        Shape(Article, "article", fields=RESULT_FIELDS),
        Shape(Category, "category", fields=RESULT_CATEGORY_FIELDS),
    )


class RankedArticles:
    """Search results on PostgreSQL as ``ResultsPaginator`` reads them:
    a slice is one query (its rows carry the total), ``count()`` another.
    Written in SQL because the ORM spent longer building these queries
    than PostgreSQL takes to run them (docs/performance.md, "Search")."""

    def __init__(self, query, language):
        # The replica, when there is one, as for the ORM's reads.
        self.db = router.db_for_read(Article)
        self.params = {
            "query": query,
            "config": search_config(language),
            "language": language,
            "max_results": MAX_RESULTS,
        }

    def __getitem__(self, page):
        statement, shapes = _results_statement()
        params = {
            **self.params,
            "offset": page.start,
            "limit": page.stop - page.start,
            "summary_options": SUMMARY_OPTIONS,
            "passage_options": PASSAGE_OPTIONS,
            "body_chars": SNIPPET_BODY_CHARS,
        }
        return [self._result(row, shapes) for row in rows(self.db, statement, params)]

    def count(self):
        return rows(self.db, COUNT_SQL, self.params)[0][0]

    def _result(self, row, shapes):
        article_values, category_values = split_row(row, shapes)
        article = shapes[0].instance(self.db, article_values)
        article.category = shapes[1].instance(self.db, category_values)
        article.total, article.snippet = row[-2:]
        return article


class ResultsPaginator(Paginator):
    """Pages of ``search_articles`` results: a page's rows carry the total,
    so a page that exists is read with its count in one query. A page
    number that is not a number, or below 1, gives the first page; one past
    the end, the last page (counted apart)."""

    # Far past any search's results, and an OFFSET the database can hold.
    MAX_PAGE_NUMBER = 10_000

    def get_page(self, number):
        try:
            number = min(max(int(number), 1), self.MAX_PAGE_NUMBER)
        except (TypeError, ValueError):
            number = 1
        start = (number - 1) * self.per_page
        rows = list(self.object_list[start : start + self.per_page])
        if not rows and number > 1:
            return super().get_page(number)
        self.count = rows[0].total if rows else 0
        return self._get_page(rows, number, self)


def highlighted(snippet):
    """HTML for a snippet: everything escaped, then the matches marked."""
    escaped = html.escape(snippet or "")
    return escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


# "Did you mean": the first few distinct words of a query that could be
# misspellings, each compared with the lexicon in one query, so a long
# query costs no more than a short one.
MAX_SUGGESTED_WORDS = 5
MAX_SUGGESTED_WORD_LENGTH = 30
# For each word, itself if the lexicon has it, else its most similar word
# (the GIN trigram index finds the candidates: ``%`` is pg_trgm's
# similarity operator), else NULL.
SUGGESTIONS_SQL = """
SELECT term.word, (
    SELECT lexicon.word
    FROM articles_searchword lexicon
    WHERE lexicon.language = %(language)s
    AND lexicon.word %% term.word
    AND similarity(lexicon.word, term.word) >= %(min_similarity)s
    ORDER BY lexicon.word = term.word DESC,
        similarity(lexicon.word, term.word) DESC, lexicon.word
    LIMIT 1
)
FROM unnest(%(words)s::text[]) AS term(word)
"""


def suggest(query, language):
    """A corrected query ("did you mean …"), or None when nothing is better."""
    if not uses_postgres():
        return None
    terms = query.split()
    words = list(dict.fromkeys(t.lower() for t in terms if _may_be_misspelt(t)))
    if not words:
        return None
    params = {
        "language": language,
        "min_similarity": SUGGESTION_MIN_SIMILARITY,
        "words": words[:MAX_SUGGESTED_WORDS],
    }
    best = dict(rows(router.db_for_read(SearchWord), SUGGESTIONS_SQL, params))
    corrected = [_corrected(term, best) for term in terms]
    return " ".join(corrected) if corrected != terms else None


def _may_be_misspelt(term):
    return (
        len(term) <= MAX_SUGGESTED_WORD_LENGTH
        and bool(WORD_RE.fullmatch(term))
        and not term.isdigit()
    )


def _corrected(term, best):
    """``term`` as typed, unless the lexicon has a word like it instead."""
    replacement = best.get(term.lower())
    return replacement if replacement and replacement != term.lower() else term
