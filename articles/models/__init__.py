"""The articles' models, one module per kind of row; imported from here.

Every admin save keeps a version of the article with its parts (``PARTS``,
registered with django-reversion here), without what is derived from them
(``columns.DERIVED``): a version holds what staff wrote, never rendered
HTML.
"""

import reversion

from .article import SUMMARY_MAX_LENGTH, Article
from .columns import (
    CARD_FIELDS,
    DERIVED,
    PAGE_DEFERRED_FIELDS,
    STORED_CARD_FIELDS,
    stale_token,
)
from .pages import SITE_NAME, page_path
from .parts import PARTS, KeyTakeaway, Part
from .people import Author, staff_member
from .querysets import ArticleQuerySet
from .review import (
    DEFAULT_REVIEW_INTERVAL_MONTHS,
    ReviewEvent,
    ReviewReminder,
    add_months,
)
from .search_words import SearchWord
from .taxonomy import Category, CategoryQuerySet

__all__ = [
    "CARD_FIELDS",
    "DEFAULT_REVIEW_INTERVAL_MONTHS",
    "DERIVED",
    "PAGE_DEFERRED_FIELDS",
    "PARTS",
    "SITE_NAME",
    "STORED_CARD_FIELDS",
    "SUMMARY_MAX_LENGTH",
    "Article",
    "ArticleQuerySet",
    "Author",
    "Category",
    "CategoryQuerySet",
    "KeyTakeaway",
    "Part",
    "ReviewEvent",
    "ReviewReminder",
    "SearchWord",
    "add_months",
    "page_path",
    "stale_token",
    "staff_member",
]

# FAQ entries and citation links register themselves in their own apps.
reversion.register(KeyTakeaway)
reversion.register(
    Article,
    follow=[part.related_name for part in PARTS],
    exclude=list(DERIVED),
)
