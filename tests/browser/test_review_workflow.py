"""The review buttons in the admin, clicked in Chromium, as staff use them."""

import pytest
from django.conf import settings
from django.test import Client

from articles.workflow.roles import setup_roles
from tests.factories import ArticleFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(browser, site_server, user):
    """A browser context carrying ``user``'s session."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
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


def test_reviewer_approves_and_publisher_publishes_from_the_article_page(
    site_server, browser
):
    setup_roles()
    writer = UserFactory(username="writer", groups=["Author"])
    reviewer = UserFactory(
        username="reviewer",
        first_name="Ayse",
        last_name="Demir",
        groups=["Medical reviewer"],
        credentials="MD, Endocrinology",
    )
    publisher = UserFactory(username="publisher", groups=["Publisher"])
    article = ArticleFactory(in_review=True, created_by=writer, title="Insulin pumps")
    change_url = f"{site_server}/admin/articles/article/{article.pk}/change/"

    page = sign_in(browser, site_server, reviewer)
    page.goto(change_url)
    page.get_by_label("Review note (optional)").fill("Doses checked.")
    page.get_by_role("button", name="Approve", exact=True).click()
    assert "Approved." in page.locator(".messagelist").inner_text()
    page.context.close()

    page = sign_in(browser, site_server, publisher)
    page.goto(change_url)
    page.get_by_role("button", name="Publish", exact=True).click()
    assert "Published." in page.locator(".messagelist").inner_text()

    page.goto(site_server + article.get_absolute_url())
    byline = page.locator(".article__header").inner_text()
    assert "Medically reviewed by Dr Ayse Demir, MD, Endocrinology" in byline
    assert "Page last reviewed:" in byline and "Next review due:" in byline
    page.context.close()


def test_an_approval_on_a_page_opened_before_the_author_changed_it_is_refused(
    site_server, browser
):
    """Two people at once: the reviewer's page is older than the text."""
    setup_roles()
    writer = UserFactory(username="writer", groups=["Author"])
    reviewer = UserFactory(
        username="reviewer", groups=["Medical reviewer"], credentials="MD"
    )
    article = ArticleFactory(
        in_review=True,
        created_by=writer,
        title="Blood sugar targets",
        summary="Keep fasting glucose near 5.1 mmol/L.",
    )
    change_url = f"{site_server}/admin/articles/article/{article.pk}/change/"
    reviewing = sign_in(browser, site_server, reviewer)
    reviewing.goto(change_url)

    authoring = sign_in(browser, site_server, writer)
    authoring.goto(change_url)
    authoring.get_by_role("button", name="Take back to draft").click()
    authoring.get_by_label("Summary").fill("Keep fasting glucose near 9.1 mmol/L.")
    authoring.get_by_role("button", name="Save and continue editing").click()
    authoring.get_by_role("button", name="Submit for medical review").click()
    assert "Submitted" in authoring.locator(".messagelist").inner_text()

    reviewing.get_by_role("button", name="Approve", exact=True).click()

    message = reviewing.locator(".messagelist").inner_text()
    assert "The article changed since you opened it" in message
    article.refresh_from_db()
    assert article.status == "in_review" and article.approved_by is None
    assert "9.1 mmol/L" in reviewing.content()
    for page in (reviewing, authoring):
        page.context.close()
