"""The Content-Security-Policy breaks nothing: CKEditor 5 in the admin and
the visitor pages run in Chromium without a single policy violation."""

import pytest

from tests.factories import ArticleFactory, FaqEntryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ckeditor_admin_page_runs_under_the_admin_policy(site_server, admin_page):
    page = admin_page
    page.goto(site_server + "/admin/articles/article/add/")
    editable = page.locator(".ck-editor__editable").first
    editable.click()
    page.keyboard.type("Typed under the policy")
    assert "Typed under the policy" in editable.inner_text()
    assert page.csp_violations == []


def test_article_page_scripts_run_under_the_visitor_policy(site_server, page):
    article = ArticleFactory()
    entry = FaqEntryFactory(article=article, question="Does the script run?")
    page.goto(f"{site_server}{article.get_absolute_url()}#{entry.anchor}")
    # faq.js (an external, deferred script) opens the linked question.
    assert page.locator(f"#{entry.anchor}").get_attribute("open") is not None
    assert page.csp_violations == []
