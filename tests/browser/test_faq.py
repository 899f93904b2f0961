import pytest

from tests.factories import ArticleFactory, FaqEntryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def article_with_faq():
    article = ArticleFactory(body="<p>Short body.</p>")
    entries = [
        FaqEntryFactory(article=article, question="First question?", position=1),
        FaqEntryFactory(article=article, question="Second question?", position=2),
    ]
    return article, entries


def tab_to(page, selector, limit=80):
    """Press Tab until the element matching ``selector`` has focus."""
    target = page.locator(selector)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return target
    raise AssertionError(f"Tab never reached {selector}")


def test_faq_items_open_and_close_with_the_keyboard(
    site_server, page, article_with_faq
):
    article, (first, second) = article_with_faq
    page.goto(site_server + article.get_absolute_url())
    first_item, second_item = (
        page.locator(f"#{first.anchor}"),
        page.locator(f"#{second.anchor}"),
    )
    assert first_item.evaluate("el => el.open") is False
    assert first_item.get_by_text(first.question).is_visible()
    assert not first_item.locator(".faq-item__answer").is_visible()

    tab_to(page, f"#{first.anchor} > summary")
    page.keyboard.press("Enter")
    assert first_item.evaluate("el => el.open") is True
    assert first_item.locator(".faq-item__answer").is_visible()

    tab_to(page, f"#{second.anchor} > summary")
    page.keyboard.press("Space")
    assert second_item.evaluate("el => el.open") is True

    page.keyboard.press("Enter")
    assert second_item.evaluate("el => el.open") is False


def test_a_link_to_a_question_opens_it(site_server, page, article_with_faq):
    article, (first, second) = article_with_faq
    page.goto(f"{site_server}/en/faq/#{second.anchor}")
    page.wait_for_function(f"document.getElementById('{second.anchor}').open === true")
    assert page.locator(f"#{first.anchor}").evaluate("el => el.open") is False

    # Following an in-page link to another question opens that one too.
    page.evaluate(f"location.hash = '#{first.anchor}'")
    page.wait_for_function(f"document.getElementById('{first.anchor}').open")
