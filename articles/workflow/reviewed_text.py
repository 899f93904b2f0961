"""The text medical review covers, and its fingerprint.

An article's content is its own fields that staff write, minus the
workflow's own stamps, with its parts (``articles.models.PARTS``). The
review page carries the digest of what it showed, so that an approval
lands only on that text.
"""

import hashlib
import json

from ..models import DERIVED, PARTS, Article
from .base import TextChanged

# Fields that are not the article's content and never move between a
# working copy and its live article; nor does what is derived from the
# content (it is derived again on save).
NOT_COPIED = {
    "id",
    "draft_of",
    "status",
    "published_at",
    "update_due_at",
    "update_scheduled_by",
    "created_at",
    "updated_at",
    "created_by",
    *DERIVED,
}
# Restoring an old version brings back its text, not its place among the
# translations (which may have been set up after that version).
NOT_RESTORED = NOT_COPIED | {
    "translation_group",
    "translation_source",
    "translated_from_revision",
    "translation_out_of_date",
}
# Editable fields that are not what a reviewer reads and approves: the
# review's own stamps and scheduling. Changing one keeps an approval.
NOT_REVIEWED = NOT_COPIED | {
    "medical_reviewer",
    "reviewed_on",
    "featured",
    "review_interval_months",
    "next_review_due",
}


def reviewed_fields():
    """The names of the article's own fields that medical review covers
    (with its ``PARTS``, its whole reviewed content)."""
    return [
        field.name
        for field in Article._meta.concrete_fields
        if field.editable and field.name not in NOT_REVIEWED
    ]


def content_digest(article):
    """A fingerprint of the text a reviewer reads: the reviewed fields and
    the inline rows. The review page carries the digest of what it showed,
    so that an approval lands only on that text."""
    content = {
        name: Article._meta.get_field(name).value_to_string(article)
        for name in reviewed_fields()
    }
    for part in PARTS:
        rows = part.rows(article)
        content[part.related_name] = [
            [getattr(row, f) for f in part.fields] for row in rows
        ]
    serialised = json.dumps(content, sort_keys=True, default=str)
    return hashlib.sha256(serialised.encode()).hexdigest()


def ensure_shown(article, shown):
    """``shown`` is the digest of the text the step was decided on; None
    when no one was shown a text (a scheduled job, a script)."""
    if shown is not None and shown != content_digest(article):
        raise TextChanged
