"""The daily digest: one mail a day to those who chose it, with what
happened and what waits; never the same day's twice."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles import workflow
from inbox import delivery
from inbox.digest import queue_digests
from inbox.models import Digest, Notification

from .conftest import choose, draft_by, run_queue, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def digest_reviewer(reviewer):
    choose(reviewer, delivery="digest", language="ru")
    return reviewer


def send_digests(**options):
    call_command("send_inbox_digest", verbosity=0, **options)
    run_queue()


def test_a_digest_reader_gets_one_mail_with_the_days_steps_and_work(
    smtp_server, steps, writer, digest_reviewer
):
    steps(workflow.submit, draft_by(writer, title="Asthma"), writer)
    steps(workflow.submit, draft_by(writer, title="Gout"), writer)
    run_queue()
    assert smtp_server.inbox.messages == []

    send_digests()

    [message] = smtp_server.inbox.messages
    assert message["To"] == digest_reviewer.email
    assert message["Subject"].strip().startswith("Ваша редакционная сводка за ")
    assert message["Content-Language"] == "ru"
    text = text_of(message)
    assert "Что произошло с последней сводки:" in text
    assert "отправил(а) «Asthma» на медицинскую проверку." in text
    assert "отправил(а) «Gout» на медицинскую проверку." in text
    assert "Что ждёт вас:\n\n- Ждут моей проверки (2)\n" in text
    assert "https://health.example.org/admin/inbox/work/review/" in text
    digest = Digest.objects.get()
    assert digest.status == Digest.Status.SENT
    assert set(digest.notifications.values_list("status", flat=True)) == {
        Notification.Status.SENT
    }


def test_the_same_days_digest_is_never_sent_twice(
    smtp_server, steps, writer, digest_reviewer
):
    steps(workflow.submit, draft_by(writer), writer)
    send_digests()

    send_digests()
    steps(workflow.submit, draft_by(writer), writer)
    send_digests()

    assert len(smtp_server.inbox.messages) == 1
    assert Digest.objects.count() == 1


def test_the_next_days_digest_has_only_the_new_steps(
    smtp_server, steps, writer, digest_reviewer
):
    steps(workflow.submit, draft_by(writer, title="Asthma"), writer)
    send_digests()
    steps(workflow.submit, draft_by(writer, title="Gout"), writer)
    smtp_server.inbox.messages.clear()

    queue_digests(day=timezone.localdate() + datetime.timedelta(days=1))
    run_queue()

    [message] = smtp_server.inbox.messages
    text = text_of(message)
    assert "«Gout»" in text
    assert "«Asthma»" not in text
    assert "Ждут моей проверки (2)" in text


def test_nothing_happened_and_nothing_waits_sends_nothing(smtp_server, digest_reviewer):
    send_digests()

    assert smtp_server.inbox.messages == []
    assert not Digest.objects.exists()


def test_work_waiting_is_worth_a_digest_on_a_quiet_day(
    smtp_server, steps, writer, digest_reviewer
):
    draft = draft_by(writer)
    workflow.submit(draft, writer)  # long ago: no notification of it

    send_digests()

    [message] = smtp_server.inbox.messages
    text = text_of(message)
    assert "Что произошло" not in text
    assert "Ждут моей проверки (1)" in text


def test_only_digest_readers_get_a_digest(
    smtp_server, steps, writer, reviewer, other_reviewer
):
    choose(other_reviewer, delivery="digest")
    steps(workflow.submit, draft_by(writer), writer)
    run_queue()
    smtp_server.inbox.messages.clear()

    send_digests()

    assert [m["To"] for m in smtp_server.inbox.messages] == [other_reviewer.email]


def test_a_dry_run_queues_nothing(smtp_server, steps, writer, digest_reviewer):
    steps(workflow.submit, draft_by(writer), writer)

    send_digests(dry_run=True)

    assert smtp_server.inbox.messages == []
    assert not Digest.objects.exists()


def test_the_command_says_what_it_did(steps, writer, digest_reviewer, capsys):
    steps(workflow.submit, draft_by(writer), writer)

    call_command("send_inbox_digest")
    call_command("send_inbox_digest")

    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Queued 1 digests; 0 already done today;")
    assert out[1].startswith("Queued 0 digests; 1 already done today;")


def test_a_mail_whose_task_was_lost_is_queued_again(
    smtp_server, steps, writer, reviewer
):
    """A worker killed while running a task leaves it "running" for ever;
    the daily command gives its mail a new task."""
    steps(workflow.submit, draft_by(writer), writer)
    DBTaskResult.objects.all().delete()
    Notification.objects.update(created_at=timezone.now() - datetime.timedelta(hours=2))

    send_digests()

    assert [m["To"] for m in smtp_server.inbox.messages] == [reviewer.email]
    assert delivery.requeue_stalled() == 0
