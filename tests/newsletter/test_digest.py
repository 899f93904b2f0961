"""Digest issues: the articles published in a language since that
language's previous digest, made by `manage.py make_digest` from cron."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from articles.models import Article
from newsletter import delivery
from newsletter.digest import make_digest
from newsletter.models import NewsletterIssue
from tests.factories import ArticleFactory

from .issue_helpers import confirmed

pytestmark = pytest.mark.django_db

Kind = NewsletterIssue.Kind
State = NewsletterIssue.State


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 630), "teal").save(buffer, format="PNG")
    return buffer.getvalue()


def sent_digest(language, covers_until):
    return NewsletterIssue.objects.create(
        language=language,
        kind=Kind.DIGEST,
        subject="Last week",
        state=State.SENT,
        covers_from=covers_until - datetime.timedelta(days=7),
        covers_until=covers_until,
    )


def run(*args):
    out = io.StringIO()
    call_command("make_digest", *args, stdout=out)
    return out.getvalue()


def titles(issue):
    return set(issue.articles.values_list("title", flat=True))


def test_a_digest_holds_exactly_what_patients_saw_published_since_the_last():
    last = sent_digest("tr", timezone.now() - datetime.timedelta(days=7))
    at_boundary = last.covers_until
    ArticleFactory(language="tr", title="In the last digest", published_at=at_boundary)
    ArticleFactory(
        language="tr",
        title="Just after",
        published_at=at_boundary + datetime.timedelta(microseconds=1),
    )
    live = ArticleFactory(language="tr", title="Yesterday")
    ArticleFactory(language="de", title="German, this week")
    ArticleFactory(language="tr", title="Not published yet", draft=True)
    ArticleFactory(language="tr", title="Next week", scheduled=True)
    # Taken down after it was published: only its status shows it.
    ArticleFactory(language="tr", title="Withdrawn", status=Article.Status.DRAFT)
    # A working copy has its article's dates but is never visible.
    ArticleFactory(
        language="tr",
        title="Yesterday, rewritten",
        slug=live.slug,
        draft_of=live,
        status=Article.Status.APPROVED,
    )

    issue = make_digest("tr").issue

    assert titles(issue) == {"Just after", "Yesterday"}
    assert issue.kind == Kind.DIGEST
    assert issue.covers_from == last.covers_until
    assert issue.subject == "Liv Hospital'dan yeni sağlık yazıları"


def test_the_next_digest_starts_where_the_last_one_ended():
    made_at = timezone.now() - datetime.timedelta(minutes=10)
    ArticleFactory(language="tr", title="First week")
    # Scheduled, at the time of the first digest, for five minutes later.
    ArticleFactory(
        language="tr",
        title="Appeared later",
        published_at=made_at + datetime.timedelta(minutes=5),
    )
    first = make_digest("tr", now=made_at).issue
    NewsletterIssue.objects.filter(pk=first.pk).update(state=State.SENT)

    second = make_digest("tr").issue

    assert titles(first) == {"First week"}
    assert titles(second) == {"Appeared later"}
    assert second.covers_from == first.covers_until
    assert make_digest("tr").issue is None


def test_no_digest_is_made_without_new_articles():
    sent_digest("tr", timezone.now() - datetime.timedelta(days=7))
    ArticleFactory(language="de")

    output = run("--language", "tr", "--verbosity", "2")

    assert NewsletterIssue.objects.filter(state=State.DRAFT).count() == 0
    assert "tr: no new articles." in output


def test_a_digest_waiting_for_approval_holds_back_the_next_one():
    ArticleFactory(language="tr")
    waiting = make_digest("tr").issue
    ArticleFactory(language="tr", published_at=timezone.now())

    output = run("--language", "tr")

    assert NewsletterIssue.objects.filter(kind=Kind.DIGEST).count() == 1
    assert f"digest {waiting.pk} is still a draft" in output


def test_digests_wait_for_a_second_person_by_default():
    confirmed(1, language="tr")
    ArticleFactory(language="tr")

    output = run("--all-languages", "--schedule")

    issue = NewsletterIssue.objects.get(kind=Kind.DIGEST)
    assert issue.state == State.DRAFT
    assert issue.approved_by is None
    assert "waiting for approval" in output
    assert delivery.start_due_issues() == []


def test_automatic_digests_go_out_on_the_next_cron_run(settings, smtp_server):
    settings.NEWSLETTER_DIGEST_AUTO_APPROVE = True
    [reader] = confirmed(1, language="tr")
    ArticleFactory(
        language="tr",
        title="Kalp sağlığı",
        summary="Kalbinizi korumanın yolları.",
        hero_image=ContentFile(png(), name="heart.png"),
        hero_image_alt="Bir stetoskop ve kırmızı bir kalp",
    )
    ArticleFactory(language="de", title="Herzgesundheit")

    run("--all-languages", "--schedule")
    call_command("send_newsletters", verbosity=0)
    [issue] = NewsletterIssue.objects.filter(state=State.SENDING)
    delivery.send_issue(issue.pk)

    [message] = smtp_server.inbox.to(reader.email)
    html = message.get_body(preferencelist=("html",)).get_content()
    article = issue.articles.get()
    link = f"https://health.example.org{article.get_absolute_url()}"
    assert f'href="{link}"' in html
    assert "Kalp sağlığı" in html
    assert "Kalbinizi korumanın yolları." in html
    assert 'alt="Bir stetoskop ve kırmızı bir kalp"' in html
    assert f'src="https://health.example.org{article.hero_image.url}"' in html
    assert "Herzgesundheit" not in html
    # German readers: none, so the German digest waits as a draft.
    assert NewsletterIssue.objects.get(language="de").state == State.DRAFT
