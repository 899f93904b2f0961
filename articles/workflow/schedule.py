"""Updates of live articles that go live at a set time: an approved
working copy replaces its article's content when its time comes
(``publish_due_updates``, run every minute by
``manage.py publish_scheduled_updates``)."""

import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Article
from .base import PUBLISH, Action, Status, TransitionError, lock, record, require
from .steps import publish

logger = logging.getLogger(__name__)


@transaction.atomic
def schedule_update(copy, user, when, comment=""):
    """Have an approved working copy replace its article's content at
    ``when`` (``publish_due_updates``, run every minute, does it)."""
    require(user, PUBLISH)
    copy = lock(copy)
    if not copy.is_working_copy or copy.status != Status.APPROVED:
        raise TransitionError(_("Only an approved working copy can be scheduled."))
    if when <= timezone.now():
        raise TransitionError(_("Choose a time in the future, or publish now."))
    copy.update_due_at, copy.update_scheduled_by = when, user
    record(copy, user, Action.UPDATE_SCHEDULED, comment)
    return copy


@transaction.atomic
def cancel_scheduled_update(copy, user, comment=""):
    require(user, PUBLISH)
    copy = lock(copy)
    if copy.update_due_at is None:
        raise TransitionError(_("This working copy is not scheduled."))
    copy.update_due_at = copy.update_scheduled_by = None
    record(copy, user, Action.UPDATE_UNSCHEDULED, comment)
    return copy


def publish_due_updates(now=None):
    """Publish the working copies whose scheduled time has come, as the
    people who scheduled them; returns the live articles updated. A copy
    its scheduler may no longer publish stays scheduled, and is logged."""
    now = now or timezone.now()
    due = Article.objects.filter(draft_of__isnull=False, update_due_at__lte=now)
    updated = []
    for copy in due.select_related("update_scheduled_by").order_by("update_due_at"):
        if copy.update_scheduled_by is None:  # the account was deleted
            logger.error("Scheduled update of article %s has no publisher", copy.pk)
            continue
        try:
            updated.append(
                publish(copy, copy.update_scheduled_by, _("Scheduled update"))
            )
        except Article.DoesNotExist:
            continue  # published meanwhile by another run of this job
        except (PermissionDenied, TransitionError):
            logger.exception("Scheduled update of article %s not published", copy.pk)
    return updated
