"""What every workflow step shares: the permissions it checks, the errors
it raises, and how it records itself (a revision and a ``ReviewEvent``)."""

import reversion
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from reversion.models import Version

from ..models import Article, ReviewEvent
from ..permissions import APPROVE, CHANGE, PUBLISH, SUBMIT  # noqa: F401 (re-exported)
from ..signals import workflow_step_taken

Status = Article.Status
Action = ReviewEvent.Action


class TransitionError(Exception):
    """The article is not in a state where this step is possible."""


class TextChanged(TransitionError):
    """The article's text is no longer the one the reviewer was shown."""

    def __init__(self):
        super().__init__(
            _(
                "The article changed since you opened it, so nothing was "
                "done. Read the changes and decide again."
            )
        )


def require(user, permission):
    if not user.has_perm(permission):
        raise PermissionDenied


def record(article, user, action, comment=""):
    """Save ``article`` as a new revision and log the step."""
    with reversion.create_revision():
        article.save()
        reversion.set_user(user)
        reversion.set_comment(
            f"{Action(action).label}: {comment}" if comment else Action(action).label
        )
    revision = (
        Version.objects.get_for_object(article)
        .select_related("revision")
        .order_by("-pk")
        .first()
        .revision
    )
    event = ReviewEvent.objects.create(
        article=article, user=user, action=action, comment=comment, revision=revision
    )
    # After the commit, so a step that rolls back notifies nobody; robust,
    # so a failing receiver never turns a done step into an error page.
    transaction.on_commit(
        lambda: workflow_step_taken.send(
            Article,
            article=article,
            user=user,
            action=action,
            comment=comment,
            event=event,
        ),
        robust=True,
    )
    return revision


def lock(article):
    """Re-read the article's row under a lock: two reviewers clicking at
    once must not both act on the state they saw."""
    return Article.objects.select_for_update().get(pk=article.pk)


def clear_approval(article):
    article.approved_by = None
    article.approved_at = None
    article.approved_revision = None
    # What was scheduled to go live is no longer what was approved.
    article.update_due_at = None
    article.update_scheduled_by = None
