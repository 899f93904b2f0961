"""The medical-review workflow in the article admin, as one mixin made of
one per concern: the review's columns and fields (``review_columns``),
the workflow's buttons and actions (``workflow_steps``), versions with
diff, preview and restore (``versions``) and the reviews-due list
(``review_due``). ``ArticleAdmin`` (``articles``) adds its own fields
and inlines without touching these.
"""

import reversion
from django.contrib.admin.utils import quote, unquote
from django.http import Http404
from django.urls import path, reverse

from .review_columns import ReviewColumnsMixin
from .review_due import ReviewDueMixin
from .review_form import ArticleReviewForm
from .versions import VersionsMixin
from .workflow_steps import WorkflowStepsMixin


class ReviewWorkflowAdminMixin(
    ReviewColumnsMixin, WorkflowStepsMixin, VersionsMixin, ReviewDueMixin
):
    form = ArticleReviewForm

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, unquote(object_id))
        extra_context = {
            **(extra_context or {}),
            **self._workflow_context(request, article),
        }
        with reversion.create_revision():
            reversion.set_user(request.user)
            return super().change_view(request, object_id, form_url, extra_context)

    # URLs and views -----------------------------------------------------

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path(
                "review-due/",
                wrap(self.review_due_view),
                name=f"{prefix}_review_due",
            ),
            path(
                "<path:object_id>/workflow/<str:action>/",
                wrap(self.transition_view),
                name=f"{prefix}_transition",
            ),
            path(
                "<path:object_id>/working-copy/",
                wrap(self.working_copy_view),
                name=f"{prefix}_working_copy",
            ),
            path(
                "<path:object_id>/schedule-update/",
                wrap(self.schedule_update_view),
                name=f"{prefix}_schedule_update",
            ),
            path(
                "<path:object_id>/versions/",
                wrap(self.versions_view),
                name=f"{prefix}_versions",
            ),
            path(
                "<path:object_id>/versions/compare/",
                wrap(self.compare_view),
                name=f"{prefix}_compare",
            ),
            path(
                "<path:object_id>/versions/<int:version_id>/preview/",
                wrap(self.preview_view),
                name=f"{prefix}_preview_version",
            ),
            path(
                "<path:object_id>/versions/<int:version_id>/restore/",
                wrap(self.restore_view),
                name=f"{prefix}_restore",
            ),
            path(
                "<path:object_id>/preview/",
                wrap(self.preview_view),
                name=f"{prefix}_preview",
            ),
            *super().get_urls(),
        ]

    def _url(self, name, *args):
        info = self.opts.app_label, self.opts.model_name
        return reverse(
            f"{self.admin_site.name}:{info[0]}_{info[1]}_{name}",
            args=[quote(a) if isinstance(a, str) else a for a in args],
        )

    def _article_or_404(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        return article

    def _context(self, request, **kwargs):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "app_label": self.opts.app_label,
            **kwargs,
        }
