"""The steps of medical review and publication (see the package's
docstring for the states). Each checks the user's permission and the
article's state, locks the row, and records itself."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from reversion.models import Version

from .. import translations
from ..body.checks import check_article
from ..models import Article, Author, ReviewEvent, add_months
from .base import (
    APPROVE,
    PUBLISH,
    SUBMIT,
    Action,
    Status,
    TransitionError,
    clear_approval,
    lock,
    record,
    require,
)
from .copies import copy_article_content
from .permissions import is_own_text
from .reviewed_text import ensure_shown


@transaction.atomic
def submit(article, user, comment=""):
    require(user, SUBMIT)
    article = lock(article)
    if article.status != Status.DRAFT:
        raise TransitionError(_("Only a draft can be submitted for review."))
    article.status = Status.IN_REVIEW
    record(article, user, Action.SUBMITTED, comment)
    return article


def _reviewer_profile(user):
    profile = Author.objects.filter(user=user).first()
    if profile is None:
        raise TransitionError(
            _(
                "Your account is not linked to an author profile with your "
                "credentials, which the page shows as its medical reviewer. "
                "Ask a site admin to link it."
            )
        )
    return profile


def _ensure_reviewable(article, user):
    if is_own_text(article, user):
        # A second pair of eyes is the point of medical review.
        raise PermissionDenied(_("You can't approve text you wrote or edited."))
    errors = check_article(article).errors
    if errors:
        raise TransitionError(
            _("Fix the content check errors first: %(errors)s")
            % {"errors": "; ".join(str(e.message) for e in errors)}
        )
    return _reviewer_profile(user)


def _stamp_review(article, user, profile):
    today = timezone.localdate()
    article.medical_reviewer = profile
    article.reviewed_on = today
    article.next_review_due = add_months(today, article.review_interval())
    article.approved_by = user
    article.approved_at = timezone.now()


@transaction.atomic
def approve(article, user, comment="", shown=None):
    """Approve the text in review; with ``shown``, only if it is still the
    text with that digest (``content_digest``)."""
    require(user, APPROVE)
    article = lock(article)
    if article.status != Status.IN_REVIEW:
        raise TransitionError(_("Only an article in review can be approved."))
    ensure_shown(article, shown)
    profile = _ensure_reviewable(article, user)
    _stamp_review(article, user, profile)
    article.status = Status.APPROVED
    revision = record(article, user, Action.APPROVED, comment)
    # The approval names the exact revision that was read and approved.
    Article.objects.filter(pk=article.pk).update(approved_revision=revision)
    article.approved_revision = revision
    translations.after_approval(article, revision)
    return article


@transaction.atomic
def return_to_author(article, user, comment, shown=None):
    require(user, APPROVE)
    article = lock(article)
    if article.status not in (Status.IN_REVIEW, Status.APPROVED):
        raise TransitionError(_("Only an article in review can be returned."))
    ensure_shown(article, shown)
    if not (comment or "").strip():
        raise TransitionError(_("Say what needs to change: a comment is required."))
    article.status = Status.DRAFT
    clear_approval(article)
    record(article, user, Action.RETURNED, comment.strip())
    return article


@transaction.atomic
def confirm_review(article, user, comment=""):
    """A scheduled re-review of a live article that needs no change."""
    require(user, APPROVE)
    article = lock(article)
    if not article.is_live_row:
        raise TransitionError(_("Only a published article's review can be confirmed."))
    profile = _ensure_reviewable(article, user)
    _stamp_review(article, user, profile)
    revision = record(article, user, Action.REVIEW_CONFIRMED, comment)
    Article.objects.filter(pk=article.pk).update(approved_revision=revision)
    return article


@transaction.atomic
def publish(article, user, comment=""):
    """Publish (or schedule) an approved article; an approved working copy
    replaces the content of its live article. Returns the live article."""
    require(user, PUBLISH)
    article = lock(article)
    if article.status != Status.APPROVED:
        raise TransitionError(_("Only an approved article can be published."))
    if article.is_working_copy:
        live = lock(article.draft_of)
        copy_article_content(article, live)
        live.status = Status.PUBLISHED
        live.approved_revision_id = article.approved_revision_id
        ReviewEvent.objects.filter(article=article).update(article=live)
        # The copy's versions join the article's history, so every edit
        # made in it stays listed, comparable and restorable.
        Version.objects.get_for_object(article).update(object_id=str(live.pk))
        article.delete()
        record(live, user, Action.PUBLISHED, comment)
        return live
    article.status = Status.PUBLISHED
    if article.published_at is None:
        article.published_at = timezone.now()
    scheduled = article.published_at > timezone.now()
    record(article, user, Action.SCHEDULED if scheduled else Action.PUBLISHED, comment)
    return article


@transaction.atomic
def unpublish(article, user, comment=""):
    require(user, PUBLISH)
    article = lock(article)
    if not article.is_live_row:
        raise TransitionError(_("Only a published article can be unpublished."))
    # Coming back needs a fresh approval.
    article.status = Status.DRAFT
    record(article, user, Action.UNPUBLISHED, comment)
    return article


@transaction.atomic
def take_back(article, user, comment=""):
    """The author takes a text out of review (or an approved one back) to
    change it: a draft again, with any approval void."""
    require(user, SUBMIT)
    article = lock(article)
    if article.status not in (Status.IN_REVIEW, Status.APPROVED):
        raise TransitionError(_("Only an article in review can be taken back."))
    article.status = Status.DRAFT
    clear_approval(article)
    record(article, user, Action.TAKEN_BACK, comment)
    return article


def record_edit(article, user):
    """Note that ``user`` changed the text of ``article`` and save it. An
    approval was of the old text, so it goes: returns True if one did."""
    article.last_edited_by = user
    voided = article.status == Status.APPROVED
    if voided:
        article.status = Status.DRAFT
        clear_approval(article)
    article.save()
    return voided
