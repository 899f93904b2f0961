"""Visitor pages stay cacheable: no cookies, no per-visitor tokens."""

import pytest

from newsletter import services
from tests.factories import SubscriberFactory

from .conftest import sign_up, signup_data

pytestmark = pytest.mark.django_db


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

    assert response.cookies == {}
    assert thanks.cookies == {}


def test_signup_page_and_thank_you_page_run_only_the_header_queries(
    client, django_assert_num_queries
):
    # The header's topics, and when the next scheduled article is due (how
    # long they may be kept); once, since the cache was emptied.
    with django_assert_num_queries(2):
        client.get("/en/newsletter/")
    with django_assert_num_queries(0):
        client.get("/en/newsletter/thanks/")


def test_confirm_and_unsubscribe_pages_run_few_queries(
    client, django_assert_num_queries
):
    subscriber = SubscriberFactory()
    confirm = f"/en/newsletter/confirm/{services.make_confirm_token(subscriber)}/"
    leave = f"/en/newsletter/unsubscribe/{services.make_unsubscribe_token(subscriber)}/"

    # The subscriber; the header's topics and when the next scheduled
    # article is due, once (later pages find the topics rendered).
    with django_assert_num_queries(3):
        client.get(confirm)
    # read, lock, update (inside a savepoint: the test runs in a transaction)
    with django_assert_num_queries(5):
        client.post(confirm)
    with django_assert_num_queries(1):
        client.get(leave)
    with django_assert_num_queries(5):
        client.post(leave)


def test_signup_of_a_new_address_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, mailoutbox
):
    # look up; insert; lock, record the sent email (each block in a savepoint,
    # as the test runs inside a transaction)
    with django_assert_num_queries(8):
        sign_up(client)
