"""Working copies and earlier versions: a published article is never
edited in place. ``start_working_copy`` makes a linked copy (``draft_of``)
that goes through review; publishing the approved copy copies it into the
live row (``copy_article_content``) and deletes the copy. Restoring an
earlier version brings it back as a draft, never onto the live page."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import PARTS, Article, ReviewEvent
from .base import (
    CHANGE,
    Action,
    Status,
    TransitionError,
    clear_approval,
    lock,
    record,
    require,
)
from .reviewed_text import NOT_COPIED, NOT_RESTORED


def copy_article_content(source, target):
    """Copy the content of ``source`` (fields and parts) onto ``target``
    and save it."""
    for field in Article._meta.concrete_fields:
        if field.name not in NOT_COPIED:
            setattr(target, field.attname, getattr(source, field.attname))
    target.save()
    replace_parts(target, current_parts(source))
    return target


def current_parts(article):
    return {part.related_name: list(part.rows(article)) for part in PARTS}


def replace_parts(target, rows):
    """Make ``target``'s parts copies of ``rows`` ({related name: rows}).
    Saved one by one: FAQ entries index themselves for search on save."""
    for part in PARTS:
        getattr(target, part.related_name).all().delete()
        for row in rows.get(part.related_name, []):
            values = {f: getattr(row, f) for f in part.fields}
            part.model(article=target, **values).save()


@transaction.atomic
def start_working_copy(article, user):
    """The working copy of a published article, made on first use."""
    require(user, CHANGE)
    article = lock(article)
    if not article.is_live_row:
        raise TransitionError(_("Only a published article needs a working copy."))
    existing = article.working_copies.first()
    if existing is not None:
        return existing
    copy = Article(draft_of=article, status=Status.DRAFT, created_by=user)
    copy_article_content(article, copy)
    copy.last_edited_by = user
    copy.published_at = None
    record(copy, user, Action.WORKING_COPY)
    return copy


@transaction.atomic
def discard_working_copy(copy, user, comment=""):
    """Delete a working copy and the changes in it; the page patients see
    stays as it is. The article's history says who discarded it."""
    require(user, CHANGE)
    copy = lock(copy)
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
    require(user, CHANGE)
    article = Article.objects.get(pk=version.object_id)
    # Never onto the live page: into its working copy.
    live = article.is_live_row
    target = start_working_copy(article, user) if live else lock(article)
    old = version._object_version.object
    for field in Article._meta.concrete_fields:
        if field.name not in NOT_RESTORED and field.attname in version.field_dict:
            setattr(target, field.attname, getattr(old, field.attname))
    target.status = Status.DRAFT
    target.last_edited_by = user
    clear_approval(target)
    target.save()
    replace_parts(target, version_parts(version))
    when = timezone.localtime(version.revision.date_created)
    record(
        target,
        user,
        Action.RESTORED,
        _("Restored the version of %(date)s") % {"date": f"{when:%Y-%m-%d %H:%M}"},
    )
    return target


def version_parts(version):
    """The part rows saved in the same revision as ``version``, unsaved,
    by related name and in their order."""
    names = {part.model: part.related_name for part in PARTS}
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
    return version_parts(version)["takeaways"]
