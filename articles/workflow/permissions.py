"""Who may do what to an article now: the one place the admin asks
(``available_steps``, ``may_edit``)."""

from reversion.models import Version

from ..models import ReviewEvent
from .base import APPROVE, CHANGE, PUBLISH, SUBMIT, Action, Status

# Workflow steps save a revision too; these don't change the text.
_STEPS_THAT_ARE_NOT_EDITS = [
    Action.SUBMITTED,
    Action.APPROVED,
    Action.RETURNED,
    Action.PUBLISHED,
    Action.SCHEDULED,
    Action.UNPUBLISHED,
    Action.REVIEW_CONFIRMED,
    Action.TAKEN_BACK,
]
_REVIEW_DONE = [Action.APPROVED, Action.REVIEW_CONFIRMED, Action.PUBLISHED]


def is_own_text(article, user):
    """Did ``user`` write ``article`` or edit it since its last review?"""
    if user.pk is None:
        return False
    if user.pk in (article.created_by_id, article.last_edited_by_id):
        return True
    last_review = (
        article.review_events.filter(action__in=_REVIEW_DONE)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    edits = Version.objects.get_for_object(article).filter(revision__user=user)
    if last_review is not None:
        edits = edits.filter(revision__date_created__gt=last_review)
    steps = ReviewEvent.objects.filter(
        article=article, action__in=_STEPS_THAT_ARE_NOT_EDITS
    ).values("revision")
    return edits.exclude(revision__in=steps).exists()


def may_edit(article, user):
    """May ``user`` change the text of ``article`` (the admin's form)? The
    live row is frozen (edits go to a working copy), and a text in review
    stays the one the reviewer reads: its author takes it back first."""
    if article.is_live_row:
        return False
    return article.status != Status.IN_REVIEW or user.has_perm(APPROVE)


def available_steps(article, user):
    """The workflow steps ``user`` may take on ``article`` now, by name."""
    status = article.status
    may = user.has_perm
    steps = []
    if status == Status.DRAFT and may(SUBMIT):
        steps.append("submit")
    if status in (Status.IN_REVIEW, Status.APPROVED) and may(SUBMIT):
        steps.append("take_back")
    if status == Status.IN_REVIEW and may(APPROVE):
        if not is_own_text(article, user):
            steps.append("approve")
        steps.append("return")
    if status == Status.APPROVED and may(PUBLISH):
        steps.append("publish")
    if article.is_live_row and may(APPROVE) and not is_own_text(article, user):
        steps.append("confirm_review")
    if article.is_live_row and may(PUBLISH):
        steps.append("unpublish")
    if article.is_working_copy and status == Status.APPROVED and may(PUBLISH):
        steps.append("unschedule" if article.update_due_at else "schedule")
    if article.is_working_copy and may(CHANGE):
        steps.append("discard")
    return steps
