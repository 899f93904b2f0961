"""The editorial workflow: who may move an article from one state to the next.

    draft ─submit→ in review ─approve→ approved ─publish→ published
      ↑               │  return (with a comment)              (scheduled when
      └───────────────┘                                    published_at is ahead)

Every function checks the user's permission itself (``PermissionDenied``,
which the admin answers with 403) and the article's state
(``TransitionError``, shown to the editor), so no view can skip a rule.
Each transition is saved as a django-reversion revision and a
``ReviewEvent``, inside one transaction.

A published article is never edited in place: ``start_working_copy``
makes a linked copy (``draft_of``) that goes through review, and
publishing the approved copy copies it into the live row
(``copy_article_content``) and deletes the copy.
"""

import hashlib
import json
import logging

import reversion
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from reversion.models import Version

from .checks import check_article
from .models import Article, Author, ReviewEvent, add_months
from .signals import workflow_step_taken

logger = logging.getLogger(__name__)

Status = Article.Status
Action = ReviewEvent.Action

SUBMIT = "articles.submit_article"
APPROVE = "articles.approve_article"
PUBLISH = "articles.publish_article"
CHANGE = "articles.change_article"

# Fields that are not the article's content and never move between a
# working copy and its live article.
_NOT_COPIED = {
    "id",
    "draft_of",
    "status",
    "published_at",
    "update_due_at",
    "update_scheduled_by",
    "created_at",
    "updated_at",
    "created_by",
}
# Restoring an old version brings back its text, not its place among the
# translations (which may have been set up after that version).
_NOT_RESTORED = _NOT_COPIED | {
    "translation_group",
    "translation_source",
    "translated_from_revision",
    "translation_out_of_date",
}


# Editable fields that are not what a reviewer reads and approves: the
# review's own stamps and scheduling. Changing one keeps an approval.
_NOT_REVIEWED = _NOT_COPIED | {
    "medical_reviewer",
    "reviewed_on",
    "featured",
    "review_interval_months",
    "next_review_due",
}


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


def reviewed_fields():
    """The names of the article's own fields that medical review covers
    (with ``article_inlines``, its whole reviewed content)."""
    return [
        field.name
        for field in Article._meta.concrete_fields
        if field.editable and field.name not in _NOT_REVIEWED
    ]


def content_digest(article):
    """A fingerprint of the text a reviewer reads: the reviewed fields and
    the inline rows. The review page carries the digest of what it showed,
    so that an approval lands only on that text."""
    content = {
        name: Article._meta.get_field(name).value_to_string(article)
        for name in reviewed_fields()
    }
    for name, (_model, fields) in article_inlines().items():
        rows = getattr(article, name).order_by("position", "pk")
        content[name] = [[getattr(row, f) for f in fields] for row in rows]
    serialised = json.dumps(content, sort_keys=True, default=str)
    return hashlib.sha256(serialised.encode()).hexdigest()


def _ensure_shown(article, shown):
    """``shown`` is the digest of the text the step was decided on; None
    when no one was shown a text (a scheduled job, a script)."""
    if shown is not None and shown != content_digest(article):
        raise TextChanged


def _require(user, permission):
    if not user.has_perm(permission):
        raise PermissionDenied


def _record(article, user, action, comment=""):
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


def _lock(article):
    """Re-read the article's row under a lock: two reviewers clicking at
    once must not both act on the state they saw."""
    return Article.objects.select_for_update().get(pk=article.pk)


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


@transaction.atomic
def submit(article, user, comment=""):
    _require(user, SUBMIT)
    article = _lock(article)
    if article.status != Status.DRAFT:
        raise TransitionError(_("Only a draft can be submitted for review."))
    article.status = Status.IN_REVIEW
    _record(article, user, Action.SUBMITTED, comment)
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
    _require(user, APPROVE)
    article = _lock(article)
    if article.status != Status.IN_REVIEW:
        raise TransitionError(_("Only an article in review can be approved."))
    _ensure_shown(article, shown)
    profile = _ensure_reviewable(article, user)
    _stamp_review(article, user, profile)
    article.status = Status.APPROVED
    revision = _record(article, user, Action.APPROVED, comment)
    # The approval names the exact revision that was read and approved.
    Article.objects.filter(pk=article.pk).update(approved_revision=revision)
    article.approved_revision = revision
    # Imported here: translations imports this module's models too.
    from .translations import after_approval

    after_approval(article, revision)
    return article


@transaction.atomic
def return_to_author(article, user, comment, shown=None):
    _require(user, APPROVE)
    article = _lock(article)
    if article.status not in (Status.IN_REVIEW, Status.APPROVED):
        raise TransitionError(_("Only an article in review can be returned."))
    _ensure_shown(article, shown)
    if not (comment or "").strip():
        raise TransitionError(_("Say what needs to change: a comment is required."))
    article.status = Status.DRAFT
    _clear_approval(article)
    _record(article, user, Action.RETURNED, comment.strip())
    return article


@transaction.atomic
def confirm_review(article, user, comment=""):
    """A scheduled re-review of a live article that needs no change."""
    _require(user, APPROVE)
    article = _lock(article)
    if not article.is_live_row:
        raise TransitionError(_("Only a published article's review can be confirmed."))
    profile = _ensure_reviewable(article, user)
    _stamp_review(article, user, profile)
    revision = _record(article, user, Action.REVIEW_CONFIRMED, comment)
    Article.objects.filter(pk=article.pk).update(approved_revision=revision)
    return article


@transaction.atomic
def publish(article, user, comment=""):
    """Publish (or schedule) an approved article; an approved working copy
    replaces the content of its live article. Returns the live article."""
    _require(user, PUBLISH)
    article = _lock(article)
    if article.status != Status.APPROVED:
        raise TransitionError(_("Only an approved article can be published."))
    if article.is_working_copy:
        live = _lock(article.draft_of)
        copy_article_content(article, live)
        live.status = Status.PUBLISHED
        live.approved_revision_id = article.approved_revision_id
        ReviewEvent.objects.filter(article=article).update(article=live)
        # The copy's versions join the article's history, so every edit
        # made in it stays listed, comparable and restorable.
        Version.objects.get_for_object(article).update(object_id=str(live.pk))
        article.delete()
        _record(live, user, Action.PUBLISHED, comment)
        return live
    article.status = Status.PUBLISHED
    if article.published_at is None:
        article.published_at = timezone.now()
    scheduled = article.published_at > timezone.now()
    _record(article, user, Action.SCHEDULED if scheduled else Action.PUBLISHED, comment)
    return article


@transaction.atomic
def unpublish(article, user, comment=""):
    _require(user, PUBLISH)
    article = _lock(article)
    if not article.is_live_row:
        raise TransitionError(_("Only a published article can be unpublished."))
    # Coming back needs a fresh approval.
    article.status = Status.DRAFT
    _record(article, user, Action.UNPUBLISHED, comment)
    return article


@transaction.atomic
def take_back(article, user, comment=""):
    """The author takes a text out of review (or an approved one back) to
    change it: a draft again, with any approval void."""
    _require(user, SUBMIT)
    article = _lock(article)
    if article.status not in (Status.IN_REVIEW, Status.APPROVED):
        raise TransitionError(_("Only an article in review can be taken back."))
    article.status = Status.DRAFT
    _clear_approval(article)
    _record(article, user, Action.TAKEN_BACK, comment)
    return article


def record_edit(article, user):
    """Note that ``user`` changed the text of ``article`` and save it. An
    approval was of the old text, so it goes: returns True if one did."""
    article.last_edited_by = user
    voided = article.status == Status.APPROVED
    if voided:
        article.status = Status.DRAFT
        _clear_approval(article)
    article.save()
    return voided


def _clear_approval(article):
    article.approved_by = None
    article.approved_at = None
    article.approved_revision = None
    # What was scheduled to go live is no longer what was approved.
    article.update_due_at = None
    article.update_scheduled_by = None


@transaction.atomic
def schedule_update(copy, user, when, comment=""):
    """Have an approved working copy replace its article's content at
    ``when`` (``publish_due_updates``, run every minute, does it)."""
    _require(user, PUBLISH)
    copy = _lock(copy)
    if not copy.is_working_copy or copy.status != Status.APPROVED:
        raise TransitionError(_("Only an approved working copy can be scheduled."))
    if when <= timezone.now():
        raise TransitionError(_("Choose a time in the future, or publish now."))
    copy.update_due_at, copy.update_scheduled_by = when, user
    _record(copy, user, Action.UPDATE_SCHEDULED, comment)
    return copy


@transaction.atomic
def cancel_scheduled_update(copy, user, comment=""):
    _require(user, PUBLISH)
    copy = _lock(copy)
    if copy.update_due_at is None:
        raise TransitionError(_("This working copy is not scheduled."))
    copy.update_due_at = copy.update_scheduled_by = None
    _record(copy, user, Action.UPDATE_UNSCHEDULED, comment)
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


def copy_article_content(source, target):
    """Copy the content of ``source`` (fields and inlines) onto ``target``
    and save it. With ``article_inlines``, the one place that knows what an
    article's content is."""
    for field in Article._meta.concrete_fields:
        if field.name not in _NOT_COPIED:
            setattr(target, field.attname, getattr(source, field.attname))
    target.save()
    replace_inlines(target, current_inlines(source))
    return target


def article_inlines():
    """The rows that are part of an article's content, by related name, with
    the fields that make each one: copied with the article, restored with
    its versions."""
    from faq.models import FaqEntry
    from references.models import ArticleCitation

    from .models import KeyTakeaway

    return {
        "takeaways": (KeyTakeaway, ["text", "position"]),
        "faq_entries": (
            FaqEntry,
            ["question", "answer", "language", "status", "position", "topic_id"],
        ),
        "article_citations": (ArticleCitation, ["citation_id", "position"]),
    }


def current_inlines(article):
    return {name: list(getattr(article, name).all()) for name in article_inlines()}


def replace_inlines(target, rows):
    """Make ``target``'s inlines copies of ``rows`` ({related name: rows}).
    Saved one by one: FAQ entries index themselves for search on save."""
    for name, (model, fields) in article_inlines().items():
        getattr(target, name).all().delete()
        for row in rows.get(name, []):
            model(article=target, **{f: getattr(row, f) for f in fields}).save()


@transaction.atomic
def start_working_copy(article, user):
    """The working copy of a published article, made on first use."""
    _require(user, CHANGE)
    article = _lock(article)
    if not article.is_live_row:
        raise TransitionError(_("Only a published article needs a working copy."))
    existing = article.working_copies.first()
    if existing is not None:
        return existing
    copy = Article(draft_of=article, status=Status.DRAFT, created_by=user)
    copy_article_content(article, copy)
    copy.last_edited_by = user
    copy.published_at = None
    _record(copy, user, Action.WORKING_COPY)
    return copy


@transaction.atomic
def discard_working_copy(copy, user, comment=""):
    """Delete a working copy and the changes in it; the page patients see
    stays as it is. The article's history says who discarded it."""
    _require(user, CHANGE)
    copy = _lock(copy)
    if not copy.is_working_copy:
        raise TransitionError(_("Only a working copy can be discarded."))
    article = copy.draft_of
    copy.delete()
    ReviewEvent.objects.create(
        article=article,
        user=user,
        action=Action.WORKING_COPY_DISCARDED,
        comment=comment,
    )
    return article


@transaction.atomic
def restore_version(version, user):
    """Bring back an earlier version of an article, with its inlines, as a
    draft: into the article itself when it isn't live, else into its
    working copy. Never onto the page patients see."""
    _require(user, CHANGE)
    article = Article.objects.get(pk=version.object_id)
    if article.is_live_row:
        target = start_working_copy(article, user)
    else:
        target = _lock(article)
    old = version._object_version.object
    for field in Article._meta.concrete_fields:
        if field.name not in _NOT_RESTORED and field.attname in version.field_dict:
            setattr(target, field.attname, getattr(old, field.attname))
    target.status = Status.DRAFT
    target.last_edited_by = user
    _clear_approval(target)
    target.save()
    replace_inlines(target, version_inlines(version))
    when = timezone.localtime(version.revision.date_created)
    _record(
        target,
        user,
        Action.RESTORED,
        _("Restored the version of %(date)s") % {"date": f"{when:%Y-%m-%d %H:%M}"},
    )
    return target


def version_inlines(version):
    """The inline rows saved in the same revision as ``version``, unsaved,
    by related name and in their order."""
    names = {model: name for name, (model, _fields) in article_inlines().items()}
    # Compared with the pk saved in the version, not version.object_id: a
    # working copy's versions are moved to its article when it is published.
    article_pk = version._object_version.object.pk
    rows = {name: [] for name in names.values()}
    for saved in version.revision.version_set.all():
        name = names.get(saved._model)
        row = saved._object_version.object if name else None
        if row is not None and row.article_id == article_pk:
            rows[name].append(row)
    for found in rows.values():
        found.sort(key=lambda row: (row.position, row.pk or 0))
    return rows


def version_takeaways(version):
    return version_inlines(version)["takeaways"]
