"""Each workflow step mails the right people, in their language, through
the notifications queue (run here by django-tasks-db's worker in the test's
process; test_workers.py runs the real worker process)."""

import pytest
from django.db import transaction

from articles import workflow
from articles.models import Article, ReviewEvent
from articles.signals import workflow_step_taken
from inbox.models import Notification
from tests.factories import ArticleFactory, CategoryFactory, UserFactory

from .conftest import choose, draft_by, run_queue, text_of

pytestmark = pytest.mark.django_db

Status = Notification.Status


def mailed(server):
    return {message["To"]: message for message in server.inbox.messages}


def test_a_submission_is_mailed_to_every_reviewer_but_not_the_author(
    smtp_server, steps, writer, reviewer, other_reviewer, publisher
):
    article = draft_by(writer, title="Insulin pumps")

    steps(workflow.submit, article, writer, "Ready for you.")
    run_queue()

    messages = mailed(smtp_server)
    assert set(messages) == {reviewer.email, other_reviewer.email}
    message = messages[reviewer.email]
    assert message["Subject"] == "Waiting for your review: Insulin pumps"
    assert message["Content-Language"] == "en"
    assert message["Auto-Submitted"] == "auto-generated"
    text = text_of(message)
    assert "Hello Ayse Demir," in text
    assert "submitted “Insulin pumps” for medical review." in text
    assert "Comment:\nReady for you." in text
    assert (
        f"https://health.example.org/admin/articles/article/{article.pk}/change/"
        in text
    )
    assert "https://health.example.org/admin/inbox/settings/" in text
    assert set(Notification.objects.values_list("status", flat=True)) == {Status.SENT}


def test_a_reviewer_who_edited_the_text_is_not_asked_to_review_it(
    smtp_server, steps, writer, reviewer, other_reviewer
):
    steps(workflow.submit, draft_by(writer, last_edited_by=reviewer), writer)
    run_queue()

    assert set(mailed(smtp_server)) == {other_reviewer.email}


def test_a_submission_goes_to_the_reviewers_of_its_category(
    smtp_server, steps, writer, reviewer, other_reviewer
):
    cardiology = CategoryFactory(name="Cardiology")
    choose(other_reviewer, categories=[CategoryFactory(name="Oncology")])
    choose(reviewer, categories=[cardiology])

    steps(workflow.submit, draft_by(writer, category=cardiology), writer)
    run_queue()

    assert set(mailed(smtp_server)) == {reviewer.email}


def test_a_submission_no_reviewer_chose_goes_to_them_all(
    smtp_server, steps, writer, reviewer, other_reviewer
):
    choose(reviewer, categories=[CategoryFactory(name="Cardiology")])
    choose(other_reviewer, categories=[CategoryFactory(name="Oncology")])

    steps(workflow.submit, draft_by(writer), writer)
    run_queue()

    assert set(mailed(smtp_server)) == {reviewer.email, other_reviewer.email}


@pytest.mark.parametrize(
    ("language", "subject", "sentence"),
    [
        ("tr", "Size geri gönderildi: Kan şekeri", "Değişmesi gerekenler:"),
        ("ar", "أُعيدت إليك: Kan şekeri", "ما يجب تعديله:"),
        ("ru", "Возвращено вам: Kan şekeri", "Что нужно изменить:"),
        ("de", "An Sie zurückgegeben: Kan şekeri", "Was geändert werden muss:"),
    ],
)
def test_a_return_is_mailed_to_the_author_in_their_language(
    smtp_server, steps, writer, reviewer, language, subject, sentence
):
    choose(writer, language=language)
    article = draft_by(writer, title="Kan şekeri", language="tr")
    steps(workflow.submit, article, writer)
    run_queue()
    smtp_server.inbox.messages.clear()

    steps(workflow.return_to_author, article, reviewer, "Check the units.")
    run_queue()

    [message] = smtp_server.inbox.messages
    assert message["To"] == writer.email
    assert message["Subject"] == subject
    assert message["Content-Language"] == language
    text = text_of(message)
    assert f"{sentence}\nCheck the units." in text
    assert "Hello" not in text


def test_approval_goes_to_the_author_and_publication_to_author_and_reviewer(
    smtp_server, steps, writer, reviewer, other_reviewer, publisher
):
    choose(writer, language="de")
    article = draft_by(writer, title="Schilddrüse")
    steps(workflow.submit, article, writer)
    run_queue()
    smtp_server.inbox.messages.clear()

    steps(workflow.approve, article, reviewer, "Doses checked.")
    run_queue()
    [approval] = smtp_server.inbox.messages
    assert approval["To"] == writer.email
    assert approval["Subject"] == "Freigegeben: Schilddrüse"
    assert "Der Artikel kann jetzt veröffentlicht werden." in text_of(approval)
    smtp_server.inbox.messages.clear()

    steps(workflow.publish, Article.objects.get(pk=article.pk), publisher)
    run_queue()
    messages = mailed(smtp_server)
    assert set(messages) == {writer.email, reviewer.email}
    assert messages[writer.email]["Subject"] == "Veröffentlicht: Schilddrüse"
    assert messages[reviewer.email]["Subject"] == "Published: Schilddrüse"


def test_publishing_a_working_copy_tells_who_wrote_the_update(
    smtp_server, steps, writer, reviewer, publisher, roles
):
    live = ArticleFactory(created_by=writer, title="Asthma")
    colleague = UserFactory(username="colleague", groups=["Author"])
    copy = workflow.start_working_copy(live, colleague)
    workflow.submit(copy, colleague)
    workflow.approve(copy, reviewer)

    steps(workflow.publish, Article.objects.get(pk=copy.pk), publisher)
    run_queue()

    assert set(mailed(smtp_server)) == {
        writer.email,
        colleague.email,
        reviewer.email,
    }


def test_a_step_rolled_back_notifies_nobody(
    django_capture_on_commit_callbacks, writer, reviewer
):
    article = draft_by(writer)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        workflow.submit(article, writer)
        raise RuntimeError("the request failed after the step")

    assert callbacks == []
    assert not ReviewEvent.objects.exists()
    assert not Notification.objects.exists()


def test_steps_nobody_is_told_of_make_no_notifications(steps, writer, reviewer):
    article = draft_by(writer)
    steps(workflow.submit, article, writer)
    Notification.objects.all().delete()

    steps(workflow.take_back, article, writer)

    assert not Notification.objects.exists()


def test_no_one_is_mailed_who_chose_no_email(smtp_server, steps, writer, reviewer):
    choose(reviewer, delivery="none")

    steps(workflow.submit, draft_by(writer), writer)
    run_queue()

    assert smtp_server.inbox.messages == []
    assert not Notification.objects.exists()


def test_a_digest_reader_is_not_mailed_at_each_step(
    smtp_server, steps, writer, reviewer
):
    choose(reviewer, delivery="digest")

    steps(workflow.submit, draft_by(writer), writer)
    run_queue()

    assert smtp_server.inbox.messages == []
    assert Notification.objects.get().status == Status.DIGEST


def test_a_notification_whose_reader_left_is_not_sent(
    smtp_server, steps, writer, reviewer
):
    steps(workflow.submit, draft_by(writer), writer)
    reviewer.is_active = False
    reviewer.save()

    run_queue()

    assert smtp_server.inbox.messages == []
    assert Notification.objects.get().status == Status.SKIPPED


def test_a_recipient_refused_by_the_server_is_not_retried(
    smtp_server, steps, writer, reviewer
):
    async def refuse(server, session, envelope, address, rcpt_options):
        return "550 No such mailbox"

    smtp_server.inbox.handle_RCPT = refuse
    steps(workflow.submit, draft_by(writer), writer)

    run_queue()

    notification = Notification.objects.get()
    assert notification.status == Status.FAILED
    assert notification.attempts == 1
    assert "550" in notification.error


def test_a_failing_receiver_never_breaks_the_step(
    client, django_capture_on_commit_callbacks, writer, reviewer
):
    def broken(**kwargs):
        raise RuntimeError("a bug in some receiver")

    article = draft_by(writer)
    client.force_login(writer)
    workflow_step_taken.connect(broken, dispatch_uid="broken-receiver")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                f"/admin/articles/article/{article.pk}/workflow/submit/", follow=True
            )
    finally:
        workflow_step_taken.disconnect(dispatch_uid="broken-receiver")

    assert "Submitted for medical review." in response.content.decode()
    assert Article.objects.get(pk=article.pk).status == Article.Status.IN_REVIEW
    # The inbox's own receiver ran all the same.
    assert Notification.objects.get().recipient == reviewer
