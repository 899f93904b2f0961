"""Who hears about a workflow step: a submission goes to the medical
reviewers (those of its category when some chose categories), a return or
an approval to the people whose text it is, a publication to them and to
the reviewer who approved it. Never to the person who took the step."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from articles.models import ReviewEvent
from articles.permissions import APPROVE

Action = ReviewEvent.Action


def users_with(permission):
    return get_user_model().objects.with_perm(
        permission,
        include_superusers=False,
        # Permissions come from groups, which ModelBackend holds; it must be
        # named as more than one backend is configured (the lockout's).
        backend="django.contrib.auth.backends.ModelBackend",
    )


def reviewers_of(article):
    """The reviewers who review ``article``'s category, or every category;
    all reviewers when none does (a submission must reach someone)."""
    # Nobody approves text they wrote or last edited (articles.workflow).
    writers = [article.created_by_id, article.last_edited_by_id]
    reviewers = users_with(APPROVE).exclude(pk__in=[pk for pk in writers if pk])
    chosen = reviewers.filter(
        Q(inbox_preference__isnull=True)
        | Q(inbox_preference__categories__isnull=True)
        | Q(inbox_preference__categories=article.category_id)
    )
    return list(chosen.distinct()) or list(reviewers)


def _people_of(article):
    """The ids of those whose text it is: who wrote it, the staff account
    of the author it credits, and who last submitted it (for a working
    copy, the colleague who wrote the update)."""
    submitter = (
        article.review_events.filter(action=Action.SUBMITTED)
        .order_by("-created_at", "-pk")
        .values_list("user", flat=True)
        .first()
    )
    author_user = article.author.user_id if article.author_id else None
    return {article.created_by_id, author_user, submitter}


def _approver_of(article):
    reviewer_user = (
        article.medical_reviewer.user_id if article.medical_reviewer_id else None
    )
    return {article.approved_by_id, reviewer_user}


def _users(ids):
    return list(get_user_model().objects.filter(pk__in=ids - {None}))


RECIPIENTS = {
    Action.SUBMITTED: reviewers_of,
    Action.RETURNED: lambda article: _users(_people_of(article)),
    Action.APPROVED: lambda article: _users(_people_of(article)),
    Action.PUBLISHED: lambda article: _users(
        _people_of(article) | _approver_of(article)
    ),
    Action.SCHEDULED: lambda article: _users(
        _people_of(article) | _approver_of(article)
    ),
}


def recipients(event):
    """The active staff with an address who hear about ``event``."""
    find = RECIPIENTS.get(event.action)
    if find is None:
        return []
    return sorted(
        (
            user
            for user in find(event.article)
            if user.is_active and user.email and user.pk != event.user_id
        ),
        key=lambda user: user.pk,
    )
