"""Writing, previewing, testing, approving and sending an issue in the admin."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from newsletter.models import Delivery, NewsletterIssue
from tests.factories import UserFactory

from .issue_helpers import approved_issue, confirmed

pytestmark = pytest.mark.django_db


def act(client, issue, action, **data):
    url = reverse("admin:issue_act", args=[issue.pk])
    return client.post(url, {"action": action, **data})


def test_the_html_preview_of_an_arabic_issue_is_right_to_left(admin_client):
    issue = approved_issue("ar", subject="نشرة الربيع")

    response = admin_client.get(reverse("admin:issue_html", args=[issue.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert "نشرة الربيع" in html


def test_the_text_preview_is_plain_text_in_the_issue_language(admin_client):
    issue = approved_issue("de", body="<p>Guten <strong>Tag</strong></p>")

    response = admin_client.get(reverse("admin:issue_text", args=[issue.pk]))

    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Guten Tag" in text and "<strong>" not in text
    assert "/de/newsletter/unsubscribe/" in text


def test_send_a_test_to_me_mails_only_the_staff_member(admin_client, smtp_server):
    confirmed(2)
    issue = approved_issue()
    user = UserFactory(email="comms@hospital.example", is_superuser=True)
    admin_client.force_login(user)

    act(admin_client, issue, "test")

    [message] = smtp_server.inbox.messages
    assert message["To"] == "comms@hospital.example"
    assert message["Subject"].startswith("[TEST] ")
    assert not Delivery.objects.exists()


def test_the_writer_cannot_approve_their_own_issue(client):
    writer, second = UserFactory(), UserFactory()
    approve = Permission.objects.get(codename="approve_newsletterissue")
    change = Permission.objects.get(codename="change_newsletterissue")
    for user in (writer, second):
        user.user_permissions.add(approve, change)
    confirmed(1)
    issue = approved_issue(state=NewsletterIssue.State.DRAFT)
    issue.created_by = writer
    issue.save()

    client.force_login(writer)
    act(client, issue, "approve")
    issue.refresh_from_db()
    assert issue.state == NewsletterIssue.State.DRAFT

    client.force_login(second)
    act(client, issue, "approve")
    issue.refresh_from_db()
    assert issue.state == NewsletterIssue.State.APPROVED
    assert issue.approved_by == second


def test_send_now_clicked_twice_queues_each_subscriber_once(admin_client):
    confirmed(3)
    issue = approved_issue()

    act(admin_client, issue, "send")
    act(admin_client, issue, "send")

    assert Delivery.objects.count() == 3
    issue.refresh_from_db()
    assert issue.state == NewsletterIssue.State.SENDING
    page = admin_client.get(
        reverse("admin:newsletter_newsletterissue_change", args=[issue.pk])
    )
    assert b'<progress max="3" value="0">' in page.content
    progress = admin_client.get(reverse("admin:issue_progress", args=[issue.pk]))
    assert progress.json()["queued"] == 3


def test_an_approved_issue_shows_its_body_as_text_not_markup(admin_client):
    issue = approved_issue("de", body="<p>Guten <strong>Tag</strong></p>")

    response = admin_client.get(
        reverse("admin:newsletter_newsletterissue_change", args=[issue.pk])
    )

    html = response.content.decode()
    assert "<p>Guten <strong>Tag</strong></p>" in html
    assert "&lt;p&gt;" not in html
