"""Versions in the article admin: every save is a django-reversion
revision with the article's parts and a note; the history lists them,
compares two, previews one as patients would see it, and restores one
as a draft."""

import difflib

import reversion
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from core.rich_text import plain_text

from .. import workflow
from ..body.compare import FIELDS_COMPARED, body_lines
from ..models import Article
from ..rendering import content
from ..views import article_page_context


class VersionsMixin:
    def add_view(self, request, form_url="", extra_context=None):
        with reversion.create_revision():
            reversion.set_user(request.user)
            return super().add_view(request, form_url, extra_context)

    def _log_comment(self, request, entry):
        if reversion.is_active():
            note = request.POST.get("revision_comment", "").strip()
            message = entry.get_change_message()
            reversion.set_comment(f"{note} ({message})" if note else message)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self._log_comment(request, entry)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        self._log_comment(request, entry)
        return entry

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        # Only a change to what the reviewer approved (the workflow says
        # which fields) voids the approval.
        content_changed = not change or (
            set(form.changed_data) & set(workflow.reviewed_fields())
            or any(formset.has_changed() for formset in formsets)
        )
        if not content_changed:
            return
        if workflow.record_edit(article, request.user):
            self.message_user(
                request,
                _("The text changed after approval, so it is a draft again."),
                messages.WARNING,
            )

    def _require_view(self, request, article=None):
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied

    def _versions(self, article):
        return (
            Version.objects.get_for_object(article)
            .select_related("revision__user")
            .order_by("-pk")
        )

    def versions_view(self, request, object_id):
        article = self._article_or_404(request, object_id)
        self._require_view(request, article)
        versions = list(self._versions(article))
        # Numbered from the first save, as people name them ("version 3").
        for number, version in enumerate(reversed(versions), start=1):
            version.number = number
        # Compared by default: the text last approved with the latest one.
        approved = last_approved_version(article)
        compare_from = None
        if approved is not None and versions and approved.pk != versions[0].pk:
            compare_from = approved.pk
        return TemplateResponse(
            request,
            "admin/articles/article/versions.html",
            self._context(
                request,
                title=_("Versions of “%(title)s”") % {"title": article.title},
                original=article,
                versions=versions,
                compare_from=compare_from,
                can_restore=request.user.has_perm(workflow.CHANGE),
            ),
        )

    def _version(self, article, version_id):
        try:
            return self._versions(article).get(pk=version_id)
        except (Version.DoesNotExist, ValueError, TypeError):
            raise Http404 from None

    def compare_view(self, request, object_id):
        article = self._article_or_404(request, object_id)
        self._require_view(request, article)
        older = self._version(article, request.GET.get("from"))
        newer = self._version(article, request.GET.get("to"))
        if older.pk > newer.pk:
            older, newer = newer, older
        changes = _changes(older, newer)
        return TemplateResponse(
            request,
            "admin/articles/article/compare.html",
            self._context(
                request,
                title=_("Changes to “%(title)s”") % {"title": article.title},
                original=article,
                older=older,
                newer=newer,
                **changes,
            ),
        )

    def preview_view(self, request, object_id, version_id=None):
        """The patient page as it would look, for the current text of any
        article (working copies included) or for an earlier version."""
        article = self._article_or_404(request, object_id)
        self._require_view(request, article)
        takeaways = None
        if version_id is not None:
            version = self._version(article, version_id)
            shown = version._object_version.object
            takeaways = workflow.version_takeaways(version)
            shown._refresh_derived_body()
        else:
            shown = article
        # In the article's language and direction, interface included, as
        # its patients will see it (whatever the staff member's language).
        with translation.override(shown.language):
            response = TemplateResponse(
                request,
                "articles/article_detail.html",
                {
                    "article": shown,
                    "related_cards": [],
                    "is_preview": True,
                    **article_page_context(
                        shown, request, content.render(shown, takeaways)
                    ),
                },
            ).render()
        add_never_cache_headers(response)
        return response

    def restore_view(self, request, object_id, version_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article_or_404(request, object_id)
        version = self._version(article, version_id)
        target = workflow.restore_version(version, request.user)
        self.message_user(
            request,
            _(
                "The earlier version is restored as a draft; it goes live only "
                "after review and publishing."
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self._url("change", str(target.pk)))


def _changes(older, newer):
    """What changed between two versions of an article, as the template
    shows it: the fields, then line diffs of the body and of each part."""
    old, new = older.field_dict, newer.field_dict
    parts = workflow.version_parts(older), workflow.version_parts(newer)

    def part_diff(name, line):
        return _diff(*([line(row) for row in side[name]] for side in parts))

    return {
        "field_changes": [
            (Article._meta.get_field(name).verbose_name, old.get(name), new.get(name))
            for name in FIELDS_COMPARED
            if old.get(name) != new.get(name)
        ],
        "body_diff": _diff(body_lines(old.get("body")), body_lines(new.get("body"))),
        "takeaway_diff": part_diff("takeaways", lambda t: t.text),
        "faq_diff": part_diff("faq_entries", _faq_line),
        "reference_diff": part_diff("article_citations", lambda c: str(c.citation)),
    }


def _diff(before, after):
    return list(difflib.unified_diff(before, after, lineterm="", n=1))[2:]


def _faq_line(entry):
    line = f"{entry.question} {plain_text(entry.answer)}"
    if not entry.is_published():
        line += f" ({entry.get_status_display()})"
    return line


def last_approved_version(article):
    """The saved version of ``article``'s text a reviewer last approved: its
    own approval, or for a working copy its live article's; else None."""
    root = article.draft_of or article
    revision_id = article.approved_revision_id or root.approved_revision_id
    if revision_id is None:
        return None
    return (
        Version.objects.get_for_model(Article)
        .filter(revision_id=revision_id, object_id__in=[str(root.pk), str(article.pk)])
        .first()
    )


def changes_since_approval(article):
    """The template context of what changed from the last approved text to
    the latest saved one, or None when there is nothing to compare."""
    approved = last_approved_version(article)
    latest = Version.objects.get_for_object(article).order_by("-pk").first()
    if approved is None or latest is None or approved.pk == latest.pk:
        return None
    return {"older": approved, "newer": latest, **_changes(approved, latest)}
