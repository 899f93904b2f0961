"""Full-text search on PostgreSQL, shared by the apps that search: the
text-search configuration of each language, weighted vectors, the words
of a text, and the query as searched. On SQLite (the zero-set-up default
of ``make run``) the apps fall back to substring matches
(``uses_postgres``)."""

import re

from django.contrib.postgres.search import SearchVector
from django.db import connection

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
CONTROL_CHARS_RE = re.compile(r"[\x00-\x1f\x7f]")


def search_config(language):
    return SEARCH_CONFIGS.get(language, "simple")


def uses_postgres():
    return connection.vendor == "postgresql"


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


def store_search_vector(instance, *fields):
    """Write the row's search vector; PostgreSQL only."""
    if uses_postgres():
        type(instance).objects.filter(pk=instance.pk).update(
            search_vector=weighted_vector(instance.language, *fields)
        )


def words_of(*texts):
    """The distinct words (three letters or more, not numbers), lower-case."""
    return {
        word.lower()
        for text in texts
        for word in WORD_RE.findall(text)
        if not word.isdigit()
    }
