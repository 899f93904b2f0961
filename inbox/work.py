"""What waits for a staff member: the lists of the admin home and of the
daily digest. Which articles each list holds is said once, here, as
methods of the article queryset."""

import dataclasses
from collections.abc import Callable

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article, ArticleQuerySet, ReviewEvent
from articles.permissions import ADD, APPROVE, PUBLISH, SUBMIT

from .models import Preference

Status = Article.Status
Action = ReviewEvent.Action


def _last_step(field):
    return models.Subquery(
        ReviewEvent.objects.filter(article=models.OuterRef("pk"))
        .order_by("-created_at", "-pk")
        .values(field)[:1]
    )


class WorkQuerySet(ArticleQuerySet):
    def with_last_step(self):
        """Each article with its latest workflow step: what, when, by whom."""
        return self.annotate(
            last_action=_last_step("action"),
            last_step_at=_last_step("created_at"),
            last_step_by=_last_step("user__username"),
        )

    def waiting_for_review_by(self, user):
        """In review, in the categories ``user`` reviews (all when they
        chose none), and not written or last edited by them: nobody
        approves their own text."""
        found = (
            self.filter(status=Status.IN_REVIEW)
            .exclude(created_by=user)
            .exclude(last_edited_by=user)
        )
        categories = Preference.categories.through.objects.filter(
            preference__user=user
        ).values("category")
        if categories.exists():
            found = found.filter(category__in=categories)
        return found

    def returned_to(self, user):
        """Drafts whose last step was a return, that ``user`` wrote, is
        credited with or submitted."""
        submitted = ReviewEvent.objects.filter(
            action=Action.SUBMITTED, user=user
        ).values("article")
        return (
            self.filter(status=Status.DRAFT)
            .filter(
                models.Q(created_by=user)
                | models.Q(author__user=user)
                | models.Q(pk__in=submitted)
            )
            .annotate(_last_action=_last_step("action"))
            .filter(_last_action=Action.RETURNED)
        )

    def ready_to_publish(self):
        """Approved, and not already scheduled to replace its article."""
        return self.filter(status=Status.APPROVED, update_due_at__isnull=True)

    def reviews_due_for(self, user, today=None):
        """Published articles whose medical review is due soon or overdue:
        a reviewer's own (credited to them, or to nobody with an account);
        all of them for a publisher."""
        today = today or timezone.localdate()
        due = self.review_due(today, settings.REVIEW_DUE_SOON_DAYS)
        if user.has_perm(PUBLISH):
            return due
        return due.filter(
            models.Q(medical_reviewer__user=user)
            | models.Q(medical_reviewer__user__isnull=True)
        )

    def translations_to_update(self):
        return self.originals().out_of_date_translations()


def articles():
    return WorkQuerySet(model=Article)


@dataclasses.dataclass(frozen=True)
class WorkList:
    slug: str
    title: str
    # The list shows to users with any of these permissions.
    permissions: tuple
    select: Callable  # (WorkQuerySet, user) -> the articles
    empty: str
    # The list page's date column: the last step, or the review's due date.
    shows_review_due: bool = False

    def articles(self, user):
        found = self.select(articles(), user).select_related("category")
        if self.shows_review_due:
            return found  # most overdue first (``review_due``)
        # Oldest waiting first: a queue, worked from the front.
        return found.with_last_step().order_by(
            models.F("last_step_at").asc(nulls_first=True), "pk"
        )

    def is_for(self, user):
        return any(user.has_perm(permission) for permission in self.permissions)

    def get_absolute_url(self):
        return reverse("admin:inbox_work", args=[self.slug])


WORK_LISTS = [
    WorkList(
        "review",
        _("Waiting for my review"),
        (APPROVE,),
        lambda found, user: found.waiting_for_review_by(user),
        _("No article waits for your review."),
    ),
    WorkList(
        "returned",
        _("Returned to me"),
        (SUBMIT,),
        lambda found, user: found.returned_to(user),
        _("No article of yours was returned."),
    ),
    WorkList(
        "approved",
        _("Approved, ready to publish"),
        (PUBLISH,),
        lambda found, user: found.ready_to_publish(),
        _("No approved article waits to be published."),
    ),
    WorkList(
        "reviews-due",
        _("Reviews due soon or overdue"),
        # Reviewers do them; publishers see them all, to chase.
        (APPROVE, PUBLISH),
        lambda found, user: found.reviews_due_for(user),
        _("No medical review is due soon."),
        shows_review_due=True,
    ),
    WorkList(
        "translations",
        _("Translations out of date"),
        (ADD,),
        lambda found, user: found.translations_to_update(),
        _("Every translation follows its source's approved text."),
    ),
]
BY_SLUG = {work_list.slug: work_list for work_list in WORK_LISTS}


def lists_for(user):
    return [work_list for work_list in WORK_LISTS if work_list.is_for(user)]


@dataclasses.dataclass(frozen=True)
class WorkCount:
    work_list: WorkList
    count: int


def summary(user):
    """``user``'s lists with how many articles each holds."""
    return [
        WorkCount(work_list, work_list.articles(user).count())
        for work_list in lists_for(user)
    ]
