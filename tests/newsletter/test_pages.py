"""Visitor pages stay cacheable: no cookies, no per-visitor tokens."""

import pytest

from newsletter import services
from newsletter.consent import CONSENT_VERSION
from newsletter.models import Subscriber
from tests.factories import SubscriberFactory

from .conftest import sign_up, signup_data

pytestmark = pytest.mark.django_db


def status_of(subscriber):
    """The subscriber's status as stored now (refreshing the instance)."""
    subscriber.refresh_from_db()
    return subscriber.status


@pytest.mark.parametrize(
    "path", ["/en/", "/en/articles/", "/tr/newsletter/", "/ar/newsletter/thanks/"]
)
def test_pages_with_the_form_set_no_cookie_and_carry_no_token(client, path):
    response = client.get(path)

    assert response.status_code == 200
    assert response.cookies == {}
    html = response.content.decode()
    assert "csrfmiddlewaretoken" not in html
    assert html.count("<h1") == 1


def test_footer_form_is_on_every_page_and_posts_to_the_signup_url(client):
    html = client.get("/de/articles/").content.decode()

    assert 'action="/de/newsletter/"' in html
    assert 'id="footer-newsletter-email"' in html
    assert 'aria-live="polite"' in html
    assert 'name="source" value="/de/articles/"' in html
    assert "js/newsletter." in html and " defer>" in html
    assert "<script>" not in html and " style=" not in html


def test_footer_form_is_in_each_page_language_and_names_its_own_page(client, settings):
    """Its fields are rendered once per language and kept; the page it is
    on is filled in on every page."""
    settings.PAGE_CACHE_ENABLED = False
    english = client.get("/en/articles/").content.decode()
    turkish = client.get("/tr/articles/").content.decode()
    turkish_faq = client.get("/tr/faq/").content.decode()

    assert "Email address" in english
    assert "E-posta adresi" not in english
    assert "E-posta adresi" in turkish
    assert 'name="source" value="/tr/articles/"' in turkish
    assert 'name="source" value="/tr/faq/"' in turkish_faq


def test_one_visitors_mistake_is_not_shown_in_anyone_elses_form(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    mistake = sign_up(client, data=signup_data("someone@typo"))
    assert 'value="someone@typo"' in mistake.content.decode()

    html = client.get("/en/newsletter/").content.decode()

    assert "someone@typo" not in html
    assert 'aria-invalid="true"' not in html


def test_newsletter_page_shows_one_form_not_two(client):
    html = client.get("/en/newsletter/").content.decode()

    assert html.count("data-newsletter-form") == 1
    assert 'id="newsletter-page-consent"' in html


def test_consent_checkbox_starts_unticked_with_its_wording(client):
    html = client.get("/en/newsletter/").content.decode()

    checkbox = html.split('id="newsletter-page-consent"')[0].rsplit("<input", 1)[1]
    checkbox += html.split('id="newsletter-page-consent"')[1].split(">")[0]
    assert "checked" not in checkbox
    assert "I agree to receive the Liv Hospital e-newsletter" in html


def test_signup_answers_set_no_cookie(client, mailoutbox):
    response = sign_up(client)
    thanks = client.get(response["Location"])

    assert (response.status_code, thanks.status_code) == (302, 200)
    assert response.cookies == {}
    assert thanks.cookies == {}
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    assert len(mailoutbox) == 1


def test_signup_page_and_thank_you_page_run_only_the_header_queries(
    client, django_assert_num_queries, mailoutbox
):
    # The header's topics, and when the next scheduled article is due (how
    # long they may be kept); once, since the cache was emptied.
    with django_assert_num_queries(2):
        signup = client.get("/en/newsletter/")
    with django_assert_num_queries(0):
        thanks = client.get("/en/newsletter/thanks/")

    assert signup.status_code == 200
    assert "<h1>Subscribe to the Liv E-newsletter</h1>" in signup.content.decode()
    assert 'id="newsletter-page-email"' in signup.content.decode()
    assert thanks.status_code == 200
    assert "<h1>Check your inbox</h1>" in thanks.content.decode()
    # Looking at the pages subscribes no one.
    assert not Subscriber.objects.exists()
    assert mailoutbox == []


def test_confirm_and_unsubscribe_pages_run_few_queries(
    client, django_assert_num_queries, mailoutbox
):
    subscriber = SubscriberFactory()
    confirm = f"/en/newsletter/confirm/{services.make_confirm_token(subscriber)}/"
    leave = f"/en/newsletter/unsubscribe/{services.make_unsubscribe_token(subscriber)}/"

    # The subscriber; the header's topics and when the next scheduled
    # article is due, once (later pages find the topics rendered).
    with django_assert_num_queries(3):
        asked = client.get(confirm)
    assert (asked.status_code, status_of(subscriber)) == (200, "pending")
    assert "Yes, subscribe me" in asked.content.decode()

    # read, lock, update, lift a suppression (inside a savepoint: the test
    # runs in a transaction)
    with django_assert_num_queries(6):
        confirmed = client.post(confirm)
    assert (confirmed.status_code, status_of(subscriber)) == (200, "confirmed")
    assert "<h1>You are subscribed</h1>" in confirmed.content.decode()
    assert subscriber.confirmed_at is not None

    with django_assert_num_queries(1):
        asked = client.get(leave)
    assert (asked.status_code, status_of(subscriber)) == (200, "confirmed")
    assert "<h1>Unsubscribe from the newsletter</h1>" in asked.content.decode()

    with django_assert_num_queries(5):
        left = client.post(leave)
    assert (left.status_code, status_of(subscriber)) == (200, "unsubscribed")
    assert "<h1>You are unsubscribed</h1>" in left.content.decode()
    assert subscriber.unsubscribed_at is not None
    assert mailoutbox == []  # no "goodbye" or "welcome" email


def test_signup_of_a_new_address_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, mailoutbox
):
    # look up; insert; lock, record the sent email (each block in a savepoint,
    # as the test runs inside a transaction)
    with django_assert_num_queries(8):
        response = sign_up(client, "new.reader@example.com")

    assert response.status_code == 302
    assert response["Location"] == "/en/newsletter/thanks/"
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "new.reader@example.com"
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.consent_version == CONSENT_VERSION
    assert subscriber.consented_at is not None
    assert subscriber.confirmation_sent_at is not None
    [message] = mailoutbox
    assert message.to == ["new.reader@example.com"]
    assert "/en/newsletter/confirm/" in message.body
