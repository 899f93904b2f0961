"""Mail reviewers the articles whose medical review is due, once a day.

Each medical reviewer gets the list of their articles overdue or due within
``REVIEW_DUE_SOON_DAYS`` (articles whose credited reviewer has no staff
account go to every medical reviewer). Publishers get the articles overdue
by more than ``REVIEW_ESCALATION_DAYS``. A ``ReviewReminder`` row per
recipient, kind and day makes a second run on the same day send nothing,
so cron may run it hourly; a mail that fails is retried on the next run.
"""

import logging
import smtplib
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from core.mail import SiteEmail

from ..models import Article, ReviewReminder

logger = logging.getLogger(__name__)


@dataclass
class ReminderRun:
    sent: list = field(default_factory=list)  # (kind, email, article count)
    already_sent: int = 0
    failed: list = field(default_factory=list)  # emails, retried next run


def _users_with(permission):
    return (
        get_user_model()
        # Permissions come from groups, which ModelBackend holds; it must be
        # named as more than one backend is configured (the lockout's).
        .objects.with_perm(
            permission,
            include_superusers=False,
            backend="django.contrib.auth.backends.ModelBackend",
        )
        .filter(is_active=True)
        .exclude(email="")
        .order_by("pk")
    )


def _recipients(today):
    due = list(Article.objects.review_due(today, settings.REVIEW_DUE_SOON_DAYS))
    reviewers = list(_users_with("articles.approve_article"))
    by_reviewer = defaultdict(list)
    for article in due:
        credited = article.medical_reviewer and article.medical_reviewer.user
        if credited and credited in reviewers:
            by_reviewer[credited].append(article)
        else:
            for reviewer in reviewers:
                by_reviewer[reviewer].append(article)
    escalated = [
        a
        for a in due
        if _days_overdue(today, a) is None
        or _days_overdue(today, a) > settings.REVIEW_ESCALATION_DAYS
    ]
    by_publisher = {}
    if escalated:
        by_publisher = dict.fromkeys(_users_with("articles.publish_article"), escalated)
    return [
        *((ReviewReminder.Kind.REMINDER, u, a) for u, a in by_reviewer.items()),
        *((ReviewReminder.Kind.ESCALATION, u, a) for u, a in by_publisher.items()),
    ]


def _days_overdue(today, article):
    """Days past the due date, or ``None`` for a page never reviewed."""
    if article.next_review_due is None:
        return None
    return (today - article.next_review_due).days


def send_review_reminders(today=None, dry_run=False):
    today = today or timezone.localdate()
    run = ReminderRun()
    for kind, user, articles in _recipients(today):
        if ReviewReminder.objects.filter(
            sent_on=today, recipient=user, kind=kind
        ).exists():
            run.already_sent += 1
            continue
        if not dry_run:
            try:
                _send(today, kind, user, articles)
            except IntegrityError:
                # Another run sent it a moment ago.
                run.already_sent += 1
                continue
            except (OSError, smtplib.SMTPException):
                # One bad address or a mail server hiccup must not stop the
                # others; nothing was recorded, so the next run retries.
                logger.exception("Review reminder to %s failed", user.email)
                run.failed.append(user.email)
                continue
        run.sent.append((kind, user.email, len(articles)))
    return run


@transaction.atomic
def _send(today, kind, user, articles):
    # Recorded first, in the same transaction: if the mail fails, the row
    # goes too and the next run tries again.
    ReviewReminder.objects.create(
        sent_on=today,
        recipient=user,
        kind=kind,
        article_ids=[a.pk for a in articles],
    )
    context = {
        "user": user,
        "articles": [
            {"article": a, "days_overdue": _days_overdue(today, a)} for a in articles
        ],
        "escalation": kind == ReviewReminder.Kind.ESCALATION,
        "escalation_days": settings.REVIEW_ESCALATION_DAYS,
    }
    if kind == ReviewReminder.Kind.ESCALATION:
        subject = _("Medical reviews overdue: %(count)d articles") % {
            "count": len(articles)
        }
    else:
        subject = _("Medical reviews due: %(count)d articles") % {
            "count": len(articles)
        }
    SiteEmail(
        subject,
        render_to_string("articles/email/review_reminder.txt", context),
        to=[user.email],
    ).send()
