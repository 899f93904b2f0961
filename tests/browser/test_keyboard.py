"""A visitor who uses only the keyboard can reach and use the page."""

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTICLE = "/en/articles/china-stem-cell-integrative-therapies-type-1-diabetes/"


@pytest.fixture
def demo_content():
    call_command("load_demo", verbosity=0)


def focused(page):
    return page.evaluate(
        "document.activeElement.id || document.activeElement.className"
        " || document.activeElement.tagName"
    )


def test_skip_link_is_first_and_moves_focus_to_the_content(
    site_server, page, demo_content
):
    page.goto(site_server + ARTICLE)
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert focused(page) == "skip-link"
    assert skip.is_visible()
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline == "solid"

    page.keyboard.press("Enter")
    assert focused(page) == "main"


def test_search_from_the_header_with_the_keyboard(site_server, page, demo_content):
    page.goto(site_server + "/en/")
    for _ in range(10):
        page.keyboard.press("Tab")
        if focused(page) == "header-search":
            break
    assert focused(page) == "header-search"
    page.keyboard.type("insullin")
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/search/?q=insullin")

    assert "Showing results for" in page.locator("main").inner_text()
    result = page.get_by_role("link", name="How Is China Pioneering")
    result.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**" + ARTICLE)


def test_topics_menu_opens_with_the_keyboard(site_server, page, demo_content):
    page.goto(site_server + "/en/")
    page.locator(".site-nav__topics summary").focus()
    page.keyboard.press("Enter")
    link = page.get_by_role("link", name="Diabetes & Endocrinology").first
    assert link.is_visible()


def test_subscribe_to_the_newsletter_with_the_keyboard(
    site_server, page, demo_content, mailoutbox
):
    from django.core.cache import cache

    from newsletter.models import Subscriber

    cache.clear()
    page.goto(site_server + "/en/")
    email = page.locator("#footer-newsletter-email")
    email.focus()
    page.keyboard.type("keyboard.reader@example.com")
    page.keyboard.press("Tab")
    assert focused(page) == "footer-newsletter-consent"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    page.locator("footer [aria-live='polite']").get_by_text("Thank you.").wait_for()
    assert Subscriber.objects.get().email == "keyboard.reader@example.com"
