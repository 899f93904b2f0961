"""A newsletter issue written, approved by a second person and sent from
the admin in Chromium, as the communication team does it in Turkish: a
real `db_worker` process sends it through a real SMTP server."""

import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import translation
from playwright.sync_api import expect

from newsletter.models import NewsletterIssue
from tests.factories import SubscriberFactory, UserFactory
from tests.workers import worker_env

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

READERS = 12


def sign_in(browser, site_server, user):
    """A Turkish browser (Accept-Language: tr) carrying ``user``'s session."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="tr-TR"
    )
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": site_server,
            }
        ]
    )
    return context.new_page()


def communication_officer(username):
    user = UserFactory(username=username)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="newsletter")
    )
    return user


@pytest.fixture
def worker(smtp_server):
    """`manage.py db_worker` on the newsletter queue, in a process of its
    own, on the test database and the test's SMTP server."""
    env = worker_env(smtp_server.port, SITE_URL=settings.SITE_URL)
    process = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--queue-name", "newsletter"]
        + ["--interval", "0.2", "--no-startup-delay"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    yield process
    process.terminate()
    process.wait(timeout=30)


def test_written_approved_by_a_second_person_and_sent_with_progress_in_turkish(
    site_server, browser, smtp_server, worker
):
    readers = SubscriberFactory.create_batch(READERS, confirmed=True, language="tr")
    writer = communication_officer("elif")
    approver = communication_officer("can")

    page = sign_in(browser, site_server, writer)
    page.goto(f"{site_server}/admin/newsletter/newsletterissue/add/")
    page.get_by_label("Dil").select_option("tr")
    page.get_by_label("Konu").fill("Ekim sağlık bülteni")
    page.locator(".ck-editor__editable").first.click()
    page.keyboard.type("Merhaba, bu ay diyabet hakkında yazdık.")
    page.get_by_role("button", name="Kaydet ve düzenlemeye devam et").click()
    issue = NewsletterIssue.objects.get()
    page.get_by_role("button", name="Bana test gönder").click()
    expect(page.locator(".messagelist")).to_contain_text("Test 1 adrese gönderildi")
    [test_message] = smtp_server.inbox.to(writer.email)
    assert test_message["Subject"] == "[TEST] Ekim sağlık bülteni"
    page.get_by_role("button", name="Onayla").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "Sayıyı ikinci bir kişi onaylamalıdır."
    )
    page.context.close()

    page = sign_in(browser, site_server, approver)
    page.goto(f"{site_server}/admin/newsletter/newsletterissue/{issue.pk}/change/")
    page.get_by_role("button", name="Onayla").click()
    expect(page.locator(".messagelist")).to_contain_text("Sayı onaylandı.")
    page.get_by_role("button", name="Şimdi gönder").click()

    # The page refreshes its counts every 3 seconds until the issue is sent.
    with translation.override("tr"):
        sent = str(NewsletterIssue.State.SENT.label)
    expect(page.locator(".issue-state")).to_have_text(sent, timeout=60_000)
    expect(page.locator("#issue-progress .counts")).to_contain_text(
        f"{READERS} içinden {READERS} gönderildi"
    )
    expect(page.locator("#issue-progress .reported")).to_contain_text(
        "E-posta sağlayıcısı 0 geri dönme"
    )
    page.context.close()
    received = sorted(m["To"] for m in smtp_server.inbox.messages)
    assert received == sorted([writer.email] + [r.email for r in readers])
