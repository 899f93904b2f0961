"""Content translations: each language version of an article is its own row.

Rows sharing ``translation_group`` are translations of one another. A
translation started with ``start_translation`` remembers its source
(``translation_source``) and the approved revision of the source it was
made from (``translated_from_revision``). When the source gets a newly
approved version, ``after_approval`` marks its translations out of date;
approving an updated translation clears the flag and records the source
revision it now follows.
"""

import difflib

import reversion
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from reversion.models import Version

from ..body.compare import body_lines
from ..models import PARTS, Article, ReviewEvent
from ..permissions import CHANGE
from .translators import translator_profile

# What a new translation starts from; everything else (status, review,
# publication) belongs to the translation itself.
_PREFILLED = [
    "title",
    "summary",
    "body",
    "hero_image",
    "hero_image_alt",
    "hero_image_caption",
    "category_id",
    "review_interval_months",
]


def root_of(article):
    """The row with its own page: a working copy stands for its article."""
    return article.draft_of if article.is_working_copy else article


@transaction.atomic
def start_translation(source, language, user, slug=None):
    """A new draft of ``source`` in ``language`` by ``user``, its author,
    prefilled with the source's text, takeaways, FAQ (as drafts, for the
    translator to translate and publish) and references. Raises ``ValidationError``
    with field errors (``language``, ``slug``) when it can't be made."""
    if not user.has_perm(CHANGE):
        raise PermissionDenied
    source = root_of(source)
    slug = (slug or source.slug).strip()
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose one of the site's languages.")})
    if source.translations().filter(language=language).exists() or (
        language == source.language
    ):
        raise ValidationError(
            {"language": _("This article already has a version in this language.")}
        )
    translation = Article(
        language=language,
        slug=slug,
        translation_group=source.translation_group,
        translation_source=source,
        translated_from_revision=source.approved_revision,
        status=Article.Status.DRAFT,
        created_by=user,
        last_edited_by=user,
    )
    for attname in _PREFILLED:
        setattr(translation, attname, getattr(source, attname))
    # The translator wrote this text; the source keeps its author's credit
    # (translators.original_author).
    translation.author = translator_profile(user)
    # Field errors (a slug clash in the new language) reach the form.
    translation.full_clean(exclude=["hero_image"])
    with reversion.create_revision():
        translation.save()
        _copy_parts(source, translation)
        reversion.set_user(user)
        reversion.set_comment(
            _("Translation started from %(language)s")
            % {"language": source.get_language_display()}
        )
    ReviewEvent.objects.create(
        article=translation,
        user=user,
        action=ReviewEvent.Action.TRANSLATION_STARTED,
        comment=_("Translation of “%(title)s”") % {"title": source.title},
    )
    return translation


def _copy_parts(source, translation):
    """The translation starts with copies of the source's parts (as each
    part says: FAQ entries wait, as drafts, for their translator)."""
    for part in PARTS:
        for row in part.rows(source):
            values = {f: getattr(row, f) for f in part.fields}
            values.update(part.in_translation)
            part.model(article=translation, **values).save()


def latest_approved_revision_id(article):
    """The revision of ``article`` (or of its working copies) approved last."""
    root = root_of(article)
    return (
        ReviewEvent.objects.filter(
            action=ReviewEvent.Action.APPROVED,
            article__in=[root.pk, *root.working_copies.values_list("pk", flat=True)],
        )
        .order_by("-created_at", "-pk")
        .values_list("revision_id", flat=True)
        .first()
    )


def after_approval(article, revision):
    """Called by ``workflow.approve`` inside its transaction."""
    root = root_of(article)
    # A newly approved source: every translation made from it (and their
    # working copies) no longer says what the source says.
    Article.objects.filter(translation_source=root).update(translation_out_of_date=True)
    if root.translation_source_id is None:
        return
    # An approved translation follows the source's latest approved text.
    followed = latest_approved_revision_id(root.translation_source)
    rows = [article.pk, root.pk]
    Article.objects.filter(pk__in=rows).update(
        translation_out_of_date=False, translated_from_revision_id=followed
    )
    article.translation_out_of_date = False
    article.translated_from_revision_id = followed


def _body_at(revision_id):
    if revision_id is None:
        return ""
    version = (
        Version.objects.get_for_model(Article).filter(revision_id=revision_id).first()
    )
    return version.field_dict.get("body", "") if version else ""


def source_diff(translation):
    """Line diff of the source's text between the version the translation
    was made from and the source's latest approved version."""
    source = translation.translation_source
    if source is None:
        return []
    new_id = latest_approved_revision_id(source)
    old_id = translation.translated_from_revision_id
    if new_id is None or new_id == old_id:
        return []
    return list(
        difflib.unified_diff(
            body_lines(_body_at(old_id)),
            body_lines(_body_at(new_id)),
            fromfile=_("source as translated"),
            tofile=_("source as approved now"),
            lineterm="",
            n=1,
        )
    )


def published_translations(article):
    """{language: article} of the published versions, ``article`` included."""
    return {
        a.language: a
        for a in Article.objects.published().filter(
            translation_group=article.translation_group
        )
    }
