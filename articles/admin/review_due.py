"""The list of medical reviews due, and the record of reminders sent."""

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import workflow
from ..models import Article, ReviewReminder


class ReviewDueMixin:
    def review_due_view(self, request):
        user = request.user
        if not (user.has_perm(workflow.APPROVE) or user.has_perm(workflow.PUBLISH)):
            raise PermissionDenied
        today = timezone.localdate()
        articles = list(
            Article.objects.review_due(today, settings.REVIEW_DUE_SOON_DAYS)
        )
        for article in articles:
            article.days_overdue = (
                (today - article.next_review_due).days
                if article.next_review_due
                else None
            )
        return TemplateResponse(
            request,
            "admin/articles/article/review_due.html",
            self._context(
                request,
                title=_("Medical reviews due"),
                articles=articles,
                today=today,
                within_days=settings.REVIEW_DUE_SOON_DAYS,
            ),
        )


@admin.register(ReviewReminder)
class ReviewReminderAdmin(admin.ModelAdmin):
    """What `review_reminders` sent, for audit; written only by the command."""

    list_display = ["sent_on", "kind", "recipient"]
    list_filter = ["kind", "sent_on"]
    list_select_related = ["recipient"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
