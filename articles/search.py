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
import re

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Case, Count, F, Q, Value, When, Window
from django.db.models.functions import Concat, Left

# PostgreSQL text-search configurations for the site's languages.
SEARCH_CONFIGS = {
    "en": "english",
    "tr": "turkish",
    "ar": "arabic",
    "ru": "russian",
    "de": "german",
}
MAX_QUERY_LENGTH = 200
WORD_RE = re.compile(r"\w{3,}", re.UNICODE)
# Markers for the highlighted words, chosen so they can't occur in text:
# the snippet is escaped first, then the markers become <mark> elements.
MARK_START, MARK_END = "\x02", "\x03"
SUGGESTION_MIN_SIMILARITY = 0.4
# Snippets are cut from the summary and the start of the body: headlining
# a whole body (tens of kilobytes) costs milliseconds per result.
SNIPPET_BODY_CHARS = 1000
MAX_RESULTS = 100


def search_config(language):
    return SEARCH_CONFIGS.get(language, "simple")


def uses_postgres():
    return connection.vendor == "postgresql"


CONTROL_CHARS_RE = re.compile(r"[\x00-\x1f\x7f]")


def clean_query(raw):
    """The query as searched: no control characters (PostgreSQL refuses
    NUL), whitespace folded, length bounded."""
    text = CONTROL_CHARS_RE.sub(" ", str(raw))
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def weighted_vector(language, *fields):
    """A tsvector over ``fields``, weighted A, B, C… in the order given."""
    config = search_config(language)
    vectors = [
        SearchVector(name, weight=weight, config=config)
        for name, weight in zip(fields, "ABCD", strict=False)
    ]
    combined = vectors[0]
    for vector in vectors[1:]:
        combined += vector
    return combined


def search_vector(language):
    return weighted_vector(language, "title", "summary", "body_text")


def title_summary_vector(language):
    return weighted_vector(language, "title", "summary")


def article_vectors(language):
    """An article's search vectors, as ``update()`` arguments."""
    return {
        "search_vector": search_vector(language),
        "title_summary_vector": title_summary_vector(language),
    }


def store_search_vector(instance, *fields):
    """Write the row's search vector; PostgreSQL only."""
    if uses_postgres():
        type(instance).objects.filter(pk=instance.pk).update(
            search_vector=weighted_vector(instance.language, *fields)
        )


def index_article(article):
    """Refresh the article's search vectors and the lexicon of its words."""
    from .models import Article, SearchWord

    if not uses_postgres():
        return
    Article.objects.filter(pk=article.pk).update(**article_vectors(article.language))
    if article.status == Article.Status.PUBLISHED:
        words = words_of(article.title, article.summary, article.body_text)
        SearchWord.objects.bulk_create(
            [SearchWord(language=article.language, word=w) for w in words],
            ignore_conflicts=True,
        )


def words_of(*texts):
    return {
        word.lower()
        for text in texts
        for word in WORD_RE.findall(text)
        if not word.isdigit()
    }


def search_articles(articles, query, language):
    """Rank ``articles`` (already limited to what visitors may see); each
    result carries its ``snippet`` and the ``total`` number of results."""
    from .models import Article

    total = Window(Count("*"))
    if not uses_postgres():
        matches = articles.filter(
            Q(title__icontains=query)
            | Q(summary__icontains=query)
            | Q(body_text__icontains=query)
        )
        return matches.for_search_results().annotate(snippet=F("summary"), total=total)
    config = search_config(language)
    ts_query = SearchQuery(query, search_type="websearch", config=config)
    candidates = (
        articles.filter(search_vector=ts_query)
        .annotate(title_summary_rank=SearchRank(F("title_summary_vector"), ts_query))
        .order_by("-title_summary_rank", "-published_at", "-pk")
        .values("pk")[:MAX_RESULTS]
    )
    # The candidates are visible: their ids are all the outer query needs.
    return (
        Article.objects.for_search_results()
        .filter(pk__in=candidates)
        .annotate(
            rank=SearchRank(F("search_vector"), ts_query),
            snippet=snippet(ts_query, config),
            total=total,
        )
        .order_by("-rank", "-published_at", "-pk")
    )


def snippet(ts_query, config):
    """The text under a result, matches marked: the whole summary where the
    title or summary match (most results), else the best passages of the
    summary and the start of the body."""

    def headline(text, **options):
        return SearchHeadline(
            text,
            ts_query,
            config=config,
            start_sel=MARK_START,
            stop_sel=MARK_END,
            **options,
        )

    summary_and_body = Concat(
        "summary", Value(" "), Left("body_text", SNIPPET_BODY_CHARS)
    )
    return Case(
        When(
            title_summary_vector=ts_query,
            then=headline("summary", highlight_all=True),
        ),
        default=headline(
            summary_and_body,
            max_words=35,
            min_words=15,
            max_fragments=2,
            fragment_delimiter=" … ",
        ),
    )


class ResultsPaginator(Paginator):
    """Pages of ``search_articles`` results: a page's rows carry the total,
    so a page that exists is read with its count in one query. A page
    number that is not a number, or below 1, gives the first page; one past
    the end, the last page (counted apart)."""

    def get_page(self, number):
        try:
            number = max(int(number), 1)
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


def suggest(query, language):
    """A corrected query ("did you mean …"), or None when nothing is better."""
    from .models import SearchWord

    if not uses_postgres():
        return None
    from django.contrib.postgres.search import TrigramSimilarity

    words = SearchWord.objects.filter(language=language)
    changed, corrected = False, []
    for term in query.split():
        key = term.lower()
        if not WORD_RE.fullmatch(key) or words.filter(word=key).exists():
            corrected.append(term)
            continue
        best = (
            words.filter(word__trigram_similar=key)
            .annotate(similarity=TrigramSimilarity("word", key))
            .filter(similarity__gte=SUGGESTION_MIN_SIMILARITY)
            .order_by("-similarity", "word")
            .values_list("word", flat=True)
            .first()
        )
        corrected.append(best or term)
        changed = changed or best is not None
    return " ".join(corrected) if changed else None
