"""Content translations: each language version of an article is its own
row, and rows sharing ``translation_group`` translate one another.
``services`` starts translations and keeps them in step with their
source; ``admin`` is the staff's side of it."""

from .services import (
    after_approval,
    latest_approved_revision_id,
    published_translations,
    root_of,
    source_diff,
    start_translation,
)

__all__ = [
    "after_approval",
    "latest_approved_revision_id",
    "published_translations",
    "root_of",
    "source_diff",
    "start_translation",
]
