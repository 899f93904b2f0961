"""The staff mails, written in each recipient's language: one about a
workflow step, and the daily digest."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.models import ReviewEvent
from core.mail import SiteEmail

from . import work
from .models import Preference

Action = ReviewEvent.Action

SUBJECTS = {
    Action.SUBMITTED: gettext_lazy("Waiting for your review: %(title)s"),
    Action.RETURNED: gettext_lazy("Returned to you: %(title)s"),
    Action.APPROVED: gettext_lazy("Approved: %(title)s"),
    Action.PUBLISHED: gettext_lazy("Published: %(title)s"),
    Action.SCHEDULED: gettext_lazy("Scheduled: %(title)s"),
}
WHAT_HAPPENED = {
    Action.SUBMITTED: gettext_lazy(
        "%(user)s submitted “%(title)s” for medical review."
    ),
    Action.RETURNED: gettext_lazy(
        "%(user)s returned “%(title)s” for changes before it can be approved."
    ),
    Action.APPROVED: gettext_lazy(
        "%(user)s approved “%(title)s”: a publisher can publish it now."
    ),
    Action.PUBLISHED: gettext_lazy(
        "%(user)s published “%(title)s”: patients can read it."
    ),
    Action.SCHEDULED: gettext_lazy(
        "%(user)s scheduled “%(title)s” to go live on %(date)s."
    ),
}


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def _wants_mail(user):
    """The preference of a user who can still be mailed, else None."""
    if not (user.is_active and user.email):
        return None
    preference = Preference.for_user(user)
    if preference.delivery == Preference.Delivery.NONE:
        return None
    return preference


def _person(user):
    if user is None:  # the account was deleted since
        return _("A colleague")
    return user.get_full_name() or user.get_username()


def what_happened(event):
    """One sentence, in the active language."""
    article = event.article
    when = article.published_at and timezone.localtime(article.published_at)
    return WHAT_HAPPENED[event.action] % {
        "user": _person(event.user),
        "title": article.title,
        "date": when and formats.date_format(when, "DATETIME_FORMAT"),
    }


def _email(user, preference, subject, template, context):
    with translation.override(preference.language):
        context = {
            "name": _person(user),
            "settings_url": absolute(reverse("admin:inbox_settings")),
            **context,
        }
        body = render_to_string(template, context)
        subject = str(subject)
    return SiteEmail(
        subject=" ".join(subject.split()),
        body=body,
        to=[user.email],
        headers={
            "Content-Language": preference.language,
            # RFC 3834: out-of-office robots should not answer it.
            "Auto-Submitted": "auto-generated",
        },
    )


def step_email(notification):
    """The mail about one step, or None when it should not be sent."""
    user = notification.recipient
    preference = _wants_mail(user)
    if preference is None:
        return None
    event = notification.event
    article = event.article
    with translation.override(preference.language):
        subject = SUBJECTS[event.action] % {"title": article.title}
        context = {
            "event": event,
            "article": article,
            "what_happened": what_happened(event),
            "returned": event.action == Action.RETURNED,
            "url": absolute(
                reverse("admin:articles_article_change", args=[article.pk])
            ),
        }
    return _email(user, preference, subject, "inbox/email/step.txt", context)


def digest_email(digest):
    """The daily digest, or None when it should not be sent."""
    user = digest.recipient
    preference = _wants_mail(user)
    if preference is None:
        return None
    steps = digest.notifications.select_related(
        "event__article", "event__user"
    ).order_by("event__created_at", "pk")
    with translation.override(preference.language):
        happened = [
            {
                "at": timezone.localtime(n.event.created_at),
                "text": what_happened(n.event),
                "url": absolute(
                    reverse("admin:articles_article_change", args=[n.event.article_id])
                ),
            }
            for n in steps
        ]
        waiting = [
            {
                "title": str(count.work_list.title),
                "count": count.count,
                "url": absolute(count.work_list.get_absolute_url()),
            }
            for count in work.summary(user)
            if count.count
        ]
        subject = _("Your editorial digest of %(date)s") % {
            "date": formats.date_format(digest.day, "DATE_FORMAT")
        }
    context = {"happened": happened, "waiting": waiting}
    return _email(user, preference, subject, "inbox/email/digest.txt", context)
