"""The editorial workflow: who may move an article from one state to the next.

    draft ─submit→ in review ─approve→ approved ─publish→ published
      ↑               │  return (with a comment)              (scheduled when
      └───────────────┘                                    published_at is ahead)

Every function checks the user's permission itself (``PermissionDenied``,
which the admin answers with 403) and the article's state
(``TransitionError``, shown to the editor), so no view can skip a rule.
Each transition is saved as a django-reversion revision and a
``ReviewEvent``, inside one transaction.

A published article is never edited in place: its edits go to a working
copy (``copies``). The modules: ``base`` (permissions, errors, recording),
``steps`` (the transitions), ``permissions`` (what a user may do now),
``reviewed_text`` (what review covers, its digest), ``copies``,
``schedule`` (updates that go live at a set time), ``roles`` (the staff
groups) and ``reminders`` (reviews due).
"""

from .base import (
    APPROVE,
    CHANGE,
    PUBLISH,
    SUBMIT,
    TextChanged,
    TransitionError,
    clear_approval,
)
from .copies import (
    copy_article_content,
    discard_working_copy,
    restore_version,
    start_working_copy,
    version_parts,
    version_takeaways,
)
from .permissions import available_steps, is_own_text, may_edit
from .reviewed_text import content_digest, reviewed_fields
from .schedule import cancel_scheduled_update, publish_due_updates, schedule_update
from .steps import (
    approve,
    confirm_review,
    publish,
    record_edit,
    return_to_author,
    submit,
    take_back,
    unpublish,
)

__all__ = [
    "APPROVE",
    "CHANGE",
    "PUBLISH",
    "SUBMIT",
    "TextChanged",
    "TransitionError",
    "approve",
    "available_steps",
    "cancel_scheduled_update",
    "clear_approval",
    "confirm_review",
    "content_digest",
    "copy_article_content",
    "discard_working_copy",
    "is_own_text",
    "may_edit",
    "publish",
    "publish_due_updates",
    "record_edit",
    "restore_version",
    "return_to_author",
    "reviewed_fields",
    "schedule_update",
    "start_working_copy",
    "submit",
    "take_back",
    "unpublish",
    "version_parts",
    "version_takeaways",
]
