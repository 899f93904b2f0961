"""The footer signup form in Chromium, with and without JavaScript."""

import pytest
from django.core.cache import cache

from newsletter.models import Subscriber

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()


def fill_footer_form(page, address):
    # By id, not by label: the labels are translated on the Turkish pages.
    footer = page.locator("footer")
    footer.locator("#footer-newsletter-email").fill(address)
    footer.locator("#footer-newsletter-consent").check()
    footer.locator("button[type=submit]").click()
    return footer


def test_with_javascript_the_answer_is_announced_in_place(
    site_server, page, mailoutbox
):
    page.goto(site_server + "/tr/articles/")

    footer = fill_footer_form(page, "Reader@Example.com")

    status = footer.locator("[aria-live='polite']")
    status.get_by_text("Teşekkürler.").wait_for()
    assert page.url == site_server + "/tr/articles/"
    assert footer.locator("#footer-newsletter-email").input_value() == ""
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "reader@example.com"
    assert subscriber.language == "tr"
    assert subscriber.source_path == "/tr/articles/"
    assert len(mailoutbox) == 1
    assert page.context.cookies() == []
    # newsletter.js posted the form with fetch() under connect-src 'self'.
    assert page.csp_violations == []


def test_with_javascript_field_errors_are_shown_on_the_field(site_server, page):
    page.goto(site_server + "/en/articles/")
    footer = page.locator("footer")
    footer.get_by_label("Email address", exact=True).fill("reader@example.com")
    # Skip the browser's own check to see the server's answer.
    footer.locator("form").evaluate("form => form.noValidate = true")
    footer.get_by_role("button", name="Subscribe").click()

    error = footer.locator("#footer-newsletter-consent-error")
    error.get_by_text("Tick the box to agree").wait_for()
    checkbox = footer.get_by_label("I agree to receive the Liv Hospital e-newsletter")
    assert checkbox.get_attribute("aria-invalid") == "true"
    assert not Subscriber.objects.exists()


def test_without_javascript_the_form_posts_and_shows_the_thank_you_page(
    site_server, browser, mailoutbox
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_server + "/en/articles/")

    fill_footer_form(page, "nojs@example.com")

    page.wait_for_url(site_server + "/en/newsletter/thanks/")
    assert page.locator("h1").inner_text() == "Check your inbox"
    assert context.cookies() == []
    context.close()
    assert Subscriber.objects.get().email == "nojs@example.com"
    assert len(mailoutbox) == 1
