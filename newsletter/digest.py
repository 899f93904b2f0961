"""Digest issues: the articles published in a language since that
language's previous digest, as cards.

A digest covers the articles published in ``(covers_from, covers_until]``;
the next one starts where it ended, so each article is in exactly one
digest of its language, even one scheduled to appear between two runs.
Deleting an unsent digest gives its articles back to the next one.
"""

import dataclasses
import datetime

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import issues
from .models import NewsletterIssue

# The first digest of a language has no previous one to start from.
FIRST_DIGEST_COVERS = datetime.timedelta(days=7)
PREHEADER_MAX_LENGTH = NewsletterIssue._meta.get_field("preheader").max_length

Kind = NewsletterIssue.Kind
State = NewsletterIssue.State


@dataclasses.dataclass(frozen=True)
class DigestResult:
    language: str
    issue: NewsletterIssue | None = None
    # Why no digest was made, or why it still waits for approval.
    note: str = ""


def previous_digest(language):
    return (
        NewsletterIssue.objects.filter(kind=Kind.DIGEST, language=language)
        .order_by("-covers_until", "-pk")
        .first()
    )


def articles_between(language, since, until):
    """What patients can see in ``language``, published in (since, until].

    The articles are reached through the issue's own relation to them:
    the newsletter needs only their ``published()``, ``title`` and
    ``published_at``, not the articles app."""
    articles = NewsletterIssue._meta.get_field("articles").related_model
    return articles.objects.published().filter(
        language=language, published_at__gt=since, published_at__lte=until
    )


def make_digest(language, *, now=None, schedule=False, dry_run=False):
    """Create the digest of ``language`` if there is anything new.

    With ``NEWSLETTER_DIGEST_AUTO_APPROVE`` the digest is approved at once
    (and scheduled for ``now`` with ``schedule``), so cron sends it without
    anyone; otherwise it waits, as a draft, for a second person.
    """
    now = now or timezone.now()
    with transaction.atomic():
        _lock_language(language)
        previous = previous_digest(language)
        if previous is not None and previous.state == State.DRAFT:
            return DigestResult(
                language,
                note=f"digest {previous.pk} is still a draft: approve or delete it",
            )
        since = previous.covers_until if previous else now - FIRST_DIGEST_COVERS
        articles = list(
            articles_between(language, since, now).order_by("-published_at", "pk")
        )
        if not articles:
            return DigestResult(language, note="no new articles")
        if dry_run:
            return DigestResult(language, note=f"would cover {len(articles)} articles")
        issue = _create(language, articles, since, now, schedule)
        return DigestResult(language, issue, _approve_automatically(issue, now))


def _lock_language(language):
    # One digest maker per language at a time: two cron runs overlapping
    # would otherwise both cover the same articles. Held until commit.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtext(%s))",
            [f"newsletter.digest:{language}"],
        )


def _create(language, articles, since, until, schedule):
    with translation.override(language):
        subject = _("New health articles from Liv Hospital")
    issue = NewsletterIssue.objects.create(
        language=language,
        kind=Kind.DIGEST,
        subject=subject,
        preheader=" · ".join(a.title for a in articles)[:PREHEADER_MAX_LENGTH],
        covers_from=since,
        covers_until=until,
        scheduled_for=until if schedule else None,
    )
    issue.articles.set(articles)
    return issue


def _approve_automatically(issue, now):
    """Approve (and schedule) the digest when the settings say digests
    need no second person. Returns why it still waits, if it does."""
    if not settings.NEWSLETTER_DIGEST_AUTO_APPROVE:
        return "waiting for approval"
    problems = issues.problems(issue)
    if problems:
        return " ".join(problems)
    issue.state = State.SCHEDULED if issue.scheduled_for else State.APPROVED
    issue.approved_at = now
    issue.save(update_fields=["state", "approved_at", "updated_at"])
    return ""


def make_digests(languages, **options):
    now = timezone.now()
    return [make_digest(code, now=now, **options) for code in languages]
