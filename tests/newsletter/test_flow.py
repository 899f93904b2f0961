"""The whole journey against a real SMTP server: signup, the email, confirm,
one-click unsubscribe."""

import pytest
from django.test import Client

from newsletter.models import Subscriber

from .conftest import link_in, sign_up

pytestmark = pytest.mark.django_db


def test_signup_confirm_and_one_click_unsubscribe(client, smtp_server):
    response = sign_up(client, "Patient@Example.com", language="tr")
    assert response.status_code == 302
    assert response["Location"] == "/tr/newsletter/thanks/"

    [message] = smtp_server.inbox.messages
    assert message["To"] == "patient@example.com"
    assert message["Content-Language"] == "tr"
    unsubscribe_path = link_in(message, "unsubscribe")
    assert message["List-Unsubscribe"].strip() == (
        f"<https://health.example.org{unsubscribe_path}>"
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Auto-Submitted"] == "auto-generated"
    html = message.get_body(preferencelist=("html",)).get_content()
    assert '<html lang="tr"' in html
    confirm_path = link_in(message, "confirm")
    assert confirm_path.startswith("/tr/newsletter/confirm/")
    assert f"https://health.example.org{confirm_path}" in html

    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.language == "tr"
    assert subscriber.confirmation_sent_at is not None

    page = client.get(confirm_path)
    assert page.status_code == 200
    assert "Evet, abone olmak istiyorum" in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING  # a GET changes nothing

    confirmed = client.post(confirm_path)
    assert confirmed.status_code == 200
    assert "Abone oldunuz" in confirmed.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.confirmed_at is not None

    # What a mail client does for RFC 8058: a bare POST, no cookie, no token.
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        unsubscribe_path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None


@pytest.mark.parametrize(
    ("language", "direction"), [("en", "ltr"), ("de", "ltr"), ("ar", "rtl")]
)
def test_email_is_written_in_the_language_of_the_signup_page(
    client, smtp_server, language, direction
):
    sign_up(client, language=language)

    [message] = smtp_server.inbox.messages
    assert message["Content-Language"] == language
    html = message.get_body(preferencelist=("html",)).get_content()
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert link_in(message, "confirm").startswith(f"/{language}/newsletter/")
    assert link_in(message, "unsubscribe").startswith(f"/{language}/newsletter/")


def test_email_has_a_plain_text_and_an_html_part(client, smtp_server):
    sign_up(client)

    [message] = smtp_server.inbox.messages
    assert message.get_content_type() == "multipart/alternative"
    parts = [part.get_content_type() for part in message.iter_parts()]
    assert parts == ["text/plain", "text/html"]
    assert message["Subject"] == (
        "Please confirm your Liv Hospital e-newsletter subscription"
    )


def test_unsubscribe_page_asks_before_unsubscribing(client, smtp_server):
    sign_up(client)
    path = link_in(smtp_server.inbox.messages[0], "unsubscribe")

    page = client.get(path)

    assert page.status_code == 200
    assert "Unsubscribe from the newsletter" in page.content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    client.post(path)
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED
    assert "You are unsubscribed" in client.get(path).content.decode()
