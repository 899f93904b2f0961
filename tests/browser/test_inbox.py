"""A reviewer signs in and finds, on the admin home, what waits for them."""

import pytest

from articles import workflow
from articles.workflow.roles import setup_roles
from tests.factories import ArticleFactory, UserFactory

from .conftest import STAFF_PASSWORD
from .test_accessibility import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reviewer_sees_what_waits_for_them_and_follows_it(site_server, page):
    setup_roles()
    writer = UserFactory(username="writer", groups=["Author"])
    reviewer = UserFactory(username="reviewer", groups=["Medical reviewer"])
    reviewer.set_password(STAFF_PASSWORD)
    reviewer.save()
    article = ArticleFactory(
        draft=True, created_by=writer, title="Insulin pumps", medical_reviewer=None
    )
    workflow.submit(article, writer)

    page.goto(site_server + "/admin/login/")
    page.get_by_label("Username").fill("reviewer")
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(site_server + "/admin/")

    my_work = page.get_by_role("region", name="My work")
    assert axe_violations(page) == []
    assert page.csp_violations == []
    my_work.get_by_role("link", name="Waiting for my review (1)").click()

    assert page.get_by_role("heading", level=1).inner_text() == (
        "Waiting for my review"
    )
    assert axe_violations(page) == []
    page.get_by_role("link", name="Insulin pumps").click()
    page.wait_for_url(f"{site_server}/admin/articles/article/{article.pk}/change/")
    assert page.get_by_role("button", name="Approve", exact=True).is_visible()


def test_the_notification_settings_page_is_accessible(site_server, admin_page):
    admin_page.get_by_role("link", name="Change my notification settings").click()
    admin_page.get_by_label("One email a day (daily digest)").check()
    assert axe_violations(admin_page) == []

    admin_page.get_by_role("button", name="Save").click()

    assert "Your notification settings are saved." in (
        admin_page.locator(".messagelist").inner_text()
    )
    assert "One email a day (daily digest)" in (
        admin_page.get_by_role("region", name="My work").inner_text()
    )
