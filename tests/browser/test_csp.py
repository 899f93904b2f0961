"""The Content-Security-Policy breaks nothing: CKEditor 5 in the admin and
the visitor pages run in Chromium without a single policy violation."""

import pytest

from tests.factories import ArticleFactory, FaqEntryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-staff-password"


@pytest.fixture
def strict_page(browser):
    """A page that enforces the site's policy (the shared ``page`` fixture
    bypasses it to inject axe-core) and records every violation."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text
            and page.violations.append(message.text)
        ),
    )
    yield page
    context.close()


def test_ckeditor_admin_page_runs_under_the_admin_policy(
    site_server, strict_page, django_user_model
):
    django_user_model.objects.create_superuser(
        username="chief", password=PASSWORD, email=""
    )
    strict_page.goto(site_server + "/admin/login/")
    strict_page.get_by_label("Username").fill("chief")
    strict_page.get_by_label("Password").fill(PASSWORD)
    strict_page.get_by_role("button", name="Log in").click()
    strict_page.wait_for_url(site_server + "/admin/")
    strict_page.goto(site_server + "/admin/articles/article/add/")
    editable = strict_page.locator(".ck-editor__editable").first
    editable.click()
    strict_page.keyboard.type("Typed under the policy")
    assert "Typed under the policy" in editable.inner_text()
    assert strict_page.violations == []


def test_article_page_scripts_run_under_the_visitor_policy(site_server, strict_page):
    article = ArticleFactory()
    entry = FaqEntryFactory(article=article, question="Does the script run?")
    strict_page.goto(f"{site_server}{article.get_absolute_url()}#{entry.anchor}")
    # faq.js (an external, deferred script) opens the linked question.
    assert strict_page.locator(f"#{entry.anchor}").get_attribute("open") is not None
    assert strict_page.violations == []
