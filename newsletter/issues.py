"""What a newsletter issue looks like in the inbox, and the checks it must
pass before it is sent.

The issue's HTML is rendered and its CSS inlined once (``prepare``), with
a marker where each subscriber's unsubscribe link goes; every message is
then built through ``services.build_email`` like any other email to a
subscriber, so the list headers and Message-ID rules apply to it too.
"""

import dataclasses
import functools
import re
from urllib.parse import urlsplit

import css_inline
from django.conf import settings
from django.core.mail import get_connection
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from core.origin import site_url

from . import services
from .models import NewsletterIssue, Subscriber, Suppression

# Stands for the subscriber's unsubscribe link while the issue is rendered
# once for everybody. Letters only, so that escaping and the CSS inliner's
# HTML parser leave it as it is (a control character would not survive).
UNSUBSCRIBE_MARK = "newsletterunsubscribeurl0c9e7d1a"
_inliner = css_inline.CSSInliner(keep_at_rules=True)
_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r'\s(src|alt)="([^"]*)"', re.IGNORECASE)


class IssueNotSendable(Exception):
    """An issue that must be fixed before it goes out; the message says how."""


@dataclasses.dataclass(frozen=True)
class PreparedIssue:
    issue_id: int
    language: str
    subject: str
    html_parts: tuple
    text_parts: tuple


def absolute_images(html):
    """Mail programs have no page address to resolve ``/media/...`` against."""

    def fix(match):
        tag = match.group(0)
        return re.sub(
            r'\ssrc="([^"]*)"', lambda m: f' src="{site_url(m.group(1))}"', tag
        )

    return _IMG.sub(fix, html)


def images_without_alt(html):
    srcs = []
    for tag in _IMG.findall(html or ""):
        attributes = {k.lower(): v for k, v in _ATTR.findall(tag)}
        if not attributes.get("alt", "").strip():
            srcs.append(attributes.get("src", ""))
    return srcs


def problems(issue):
    """Why ``issue`` can't be sent, as sentences for the admin (empty if it
    can)."""
    found = []
    if not issue.subject.strip():
        found.append(_("The issue has no subject."))
    if not strip_tags(issue.body or "").strip() and not issue.articles.exists():
        found.append(_("The issue has neither a body nor article cards."))
    if images_without_alt(issue.body):
        found.append(_("Every image in the body needs a text alternative."))
    other = issue.articles.exclude(language=issue.language)
    if other.exists():
        found.append(_("Some article cards are not in the issue's language."))
    if not recipients(issue).exists():
        found.append(_("No confirmed subscriber reads this language."))
    return found


def recipients(issue):
    """Confirmed subscribers of the issue's language whose address is not
    suppressed: the only people an issue goes to."""
    suppressed = Suppression.objects.values("email")
    return (
        Subscriber.objects.confirmed()
        .filter(language=issue.language)
        .exclude(email__in=suppressed)
    )


def cards(issue):
    return [
        {
            "title": article.title,
            "summary": article.summary,
            "url": site_url(article.get_absolute_url()),
            "image": site_url(article.hero_image.url) if article.hero_image else "",
            "image_alt": article.hero_image_alt or article.title,
        }
        for article in issue.articles.order_by("-published_at", "pk")
    ]


def _split(rendered):
    return tuple(rendered.split(UNSUBSCRIBE_MARK))


def prepare(issue):
    """The issue rendered once, for every subscriber of its language."""
    with translation.override(issue.language):
        context = {
            "issue": issue,
            "language": issue.language,
            "body": absolute_images(issue.body),
            "cards": cards(issue),
            "site_url": settings.SITE_URL.rstrip("/"),
            "unsubscribe_url": UNSUBSCRIBE_MARK,
        }
        html = render_to_string("newsletter/issue/message.html", context)
        text = render_to_string("newsletter/issue/message.txt", context)
    return PreparedIssue(
        issue_id=issue.pk,
        language=issue.language,
        subject=issue.subject,
        html_parts=_split(_inliner.inline(html)),
        text_parts=_split(text),
    )


@functools.lru_cache(maxsize=8)
def _prepared(issue_id, updated_at):
    return prepare(NewsletterIssue.objects.get(pk=issue_id))


def prepared(issue):
    """``prepare(issue)``, kept per worker process while the issue is
    unchanged: a worker sends thousands of messages of one issue."""
    return _prepared(issue.pk, issue.updated_at)


def list_id(language):
    domain = settings.NEWSLETTER_LIST_ID_DOMAIN or urlsplit(settings.SITE_URL).hostname
    return f"Liv Hospital e-newsletter ({language}) <newsletter-{language}.{domain}>"


def build_issue_email(prepared_issue, subscriber):
    message = services.build_email(
        subscriber,
        "issue",
        {
            "subject": prepared_issue.subject,
            "html_parts": prepared_issue.html_parts,
            "text_parts": prepared_issue.text_parts,
        },
    )
    headers = message.extra_headers
    headers["List-Id"] = list_id(prepared_issue.language)
    # RFC 3834: vacation robots must not answer a mailing to thousands.
    headers["Auto-Submitted"] = "auto-generated"
    headers["Precedence"] = "bulk"
    return message


def message_id(message):
    """The Message-ID ``SiteEmail`` gave the message (core.mail)."""
    return message.extra_headers["Message-ID"]


def send_test(issue, addresses):
    """Send the issue as subscribers will get it to staff addresses; their
    unsubscribe link leads to the "invalid link" page. Returns how many
    went."""
    prepared_issue = prepare(issue)
    messages = []
    for address in addresses:
        stand_in = Subscriber(email=address, language=issue.language)
        message = build_issue_email(prepared_issue, stand_in)
        message.subject = "[TEST] " + message.subject
        messages.append(message)
    with get_connection() as connection:
        return connection.send_messages(messages)
