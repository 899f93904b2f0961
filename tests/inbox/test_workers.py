"""The notifications queue as production runs it: steps taken in the admin,
a real ``manage.py db_worker`` process, a real SMTP server that may be
down."""

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.models import Article
from inbox.delivery import QUEUE
from inbox.models import Notification
from tests.articles.conftest import as_shown

from .conftest import choose, draft_by, run_worker_process

pytestmark = pytest.mark.django_db(transaction=True)

BASE = "/admin/articles/article/"


def take_step(client, user, article, step, data=None):
    """Press a workflow button in the admin as ``user``."""
    client.force_login(user)
    response = client.post(
        f"{BASE}{article.pk}/workflow/{step}/", data or {}, follow=True
    )
    assert response.status_code == 200
    return response


def test_each_step_reaches_the_right_people_in_their_language(
    client, smtp_server, writer, reviewer, other_reviewer, publisher
):
    choose(writer, language="de")
    choose(reviewer, language="tr")
    article = draft_by(writer, title="Diabetes")

    take_step(client, writer, article, "submit")
    run_worker_process(smtp_server.port)

    subjects = {m["To"]: m["Subject"] for m in smtp_server.inbox.messages}
    assert subjects == {
        reviewer.email: "İncelemenizi bekliyor: Diabetes",
        other_reviewer.email: "Waiting for your review: Diabetes",
    }
    smtp_server.inbox.messages.clear()

    take_step(client, reviewer, article, "approve", as_shown(article))
    run_worker_process(smtp_server.port)

    [message] = smtp_server.inbox.messages
    assert message["To"] == writer.email
    assert message["Subject"] == "Freigegeben: Diabetes"
    assert message["Content-Language"] == "de"


def test_with_the_mail_server_down_the_step_is_done_and_mailed_later(
    client, stopped_smtp_server, writer, reviewer
):
    article = draft_by(writer, title="Asthma")

    response = take_step(client, writer, article, "submit")

    assert "Submitted for medical review." in response.content.decode()
    assert Article.objects.get(pk=article.pk).status == Article.Status.IN_REVIEW

    run_worker_process(stopped_smtp_server.port)
    notification = Notification.objects.get()
    assert notification.status == Notification.Status.QUEUED
    assert notification.attempts == 1
    assert "ConnectionRefusedError" in notification.error
    assert notification.next_attempt_at > timezone.now()
    # The retry waits for its time: a worker now sends nothing.
    stopped_smtp_server.start()
    run_worker_process(stopped_smtp_server.port)
    assert stopped_smtp_server.inbox.messages == []

    # The back-off has passed.
    DBTaskResult.objects.filter(queue_name=QUEUE).update(run_after=timezone.now())
    run_worker_process(stopped_smtp_server.port)
    run_worker_process(stopped_smtp_server.port)

    [message] = stopped_smtp_server.inbox.messages
    assert message["To"] == reviewer.email
    assert message["Subject"] == "Waiting for your review: Asthma"
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert notification.error == ""
