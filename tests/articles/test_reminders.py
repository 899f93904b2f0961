"""Review reminders through a real SMTP server on 127.0.0.1."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles.models import ReviewReminder
from articles.workflow.reminders import send_review_reminders
from tests.factories import ArticleFactory, UserFactory
from tests.smtp import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def inbox(smtp_server, settings):
    settings.REVIEW_ESCALATION_DAYS = 14
    return smtp_server.inbox


def days_from_today(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def body(message):
    return message.get_payload(decode=True).decode()


def test_each_reviewer_gets_their_list_once_a_day(inbox, reviewer, other_reviewer):
    overdue = ArticleFactory(
        title="Overdue insulin article",
        medical_reviewer=reviewer.author_profile,
        next_review_due=days_from_today(-3),
    )
    ArticleFactory(
        title="Due soon heart article",
        medical_reviewer=other_reviewer.author_profile,
        next_review_due=days_from_today(10),
    )
    ArticleFactory(title="Far off article", next_review_due=days_from_today(200))
    ArticleFactory(
        title="Draft nobody sees",
        draft=True,
        medical_reviewer=reviewer.author_profile,
        next_review_due=days_from_today(-3),
    )

    call_command("review_reminders", verbosity=0)
    call_command("review_reminders", verbosity=0)  # cron again, same day

    [mine] = inbox.to(reviewer.email)
    [theirs] = inbox.to(other_reviewer.email)
    assert "Overdue insulin article" in body(mine)
    assert "overdue by 3 days" in body(mine)
    assert "Due soon heart article" not in body(mine)
    assert "Due soon heart article" in body(theirs)
    for text in ("Far off article", "Draft nobody sees"):
        assert text not in body(mine) + body(theirs)
    assert len(inbox.messages) == 2
    assert ReviewReminder.objects.get(recipient=reviewer).article_ids == [overdue.pk]


def test_next_day_sends_again(inbox, reviewer):
    ArticleFactory(
        medical_reviewer=reviewer.author_profile, next_review_due=days_from_today(5)
    )
    send_review_reminders(today=timezone.localdate())
    send_review_reminders(today=timezone.localdate() + datetime.timedelta(days=1))
    assert len(inbox.to(reviewer.email)) == 2


def test_articles_without_a_linked_reviewer_go_to_every_reviewer(
    inbox, reviewer, other_reviewer
):
    ArticleFactory(title="Team reviewed", next_review_due=days_from_today(1))
    send_review_reminders()
    assert len(inbox.to(reviewer.email)) == 1
    assert len(inbox.to(other_reviewer.email)) == 1


def test_long_overdue_articles_escalate_to_publishers_once(
    inbox, reviewer, publisher, writer
):
    ArticleFactory(
        title="Badly overdue",
        medical_reviewer=reviewer.author_profile,
        next_review_due=days_from_today(-20),
    )
    ArticleFactory(
        title="Slightly overdue",
        medical_reviewer=reviewer.author_profile,
        next_review_due=days_from_today(-2),
    )

    send_review_reminders()
    send_review_reminders()

    [escalation] = inbox.to(publisher.email)
    assert "Badly overdue" in body(escalation)
    assert "Slightly overdue" not in body(escalation)
    assert "overdue" in escalation["Subject"].lower()
    assert inbox.to(writer.email) == []
    assert len(inbox.to(reviewer.email)) == 1


def test_dry_run_sends_and_records_nothing(inbox, reviewer):
    ArticleFactory(
        medical_reviewer=reviewer.author_profile, next_review_due=days_from_today(1)
    )
    call_command("review_reminders", "--dry-run", verbosity=0)
    assert inbox.messages == []
    assert not ReviewReminder.objects.exists()


def test_a_failed_mail_is_not_recorded_and_the_next_run_retries(
    settings, inbox, reviewer
):
    ArticleFactory(
        medical_reviewer=reviewer.author_profile, next_review_due=days_from_today(1)
    )
    working_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nothing listens there
    settings.EMAIL_TIMEOUT = 2
    with pytest.raises(CommandError, match=reviewer.email):
        call_command("review_reminders", verbosity=0)
    assert not ReviewReminder.objects.exists()

    settings.EMAIL_PORT = working_port
    call_command("review_reminders", verbosity=0)
    assert len(inbox.to(reviewer.email)) == 1


def test_nobody_to_remind_sends_nothing(inbox, reviewer):
    UserFactory(username="unrelated")
    call_command("review_reminders", verbosity=0)
    assert inbox.messages == []


def test_a_page_published_without_review_is_listed_and_escalated(
    inbox, reviewer, publisher
):
    ArticleFactory(title="Never reviewed page", medical_reviewer=None, reviewed_on=None)
    send_review_reminders()
    [to_reviewer] = inbox.to(reviewer.email)
    [to_publisher] = inbox.to(publisher.email)
    for message in (to_reviewer, to_publisher):
        assert "Never reviewed page" in body(message)
        assert "published without a medical review" in body(message)


def test_the_message_id_names_the_site_not_this_machine(inbox, reviewer, settings):
    settings.SITE_URL = "https://health.example.org"
    ArticleFactory(
        medical_reviewer=reviewer.author_profile,
        next_review_due=days_from_today(-3),
    )

    call_command("review_reminders", verbosity=0)

    [reminder] = inbox.to(reviewer.email)
    assert reminder["Message-ID"].endswith("@health.example.org>")
