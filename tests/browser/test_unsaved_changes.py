"""No lost work, in Chromium (issue 20): a workflow button pressed with
unsaved edits saves them first, with JavaScript on or off, and leaving a
changed form asks first."""

import re

import pytest

from articles import workflow
from tests.browser.staff import sign_in
from tests.factories import ArticleFactory, UserFactory
from website.demo import read_seed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OLD = "Keep fasting glucose near 5.1 mmol/L."
NEW = "Keep fasting glucose between 4.4 and 7.2 mmol/L."


@pytest.fixture
def writer():
    # The Author group is there from migrate (articles.apps).
    return UserFactory(username="writer", groups=["Author"])


@pytest.fixture
def draft(writer):
    return ArticleFactory(draft=True, created_by=writer, summary=OLD)


def change_url(site_server, article):
    return f"{site_server}/admin/articles/article/{article.pk}/change/"


def open_form(page, site_server, article):
    page.goto(change_url(site_server, article))
    # CKEditor has started (and must not count as an edit).
    page.wait_for_selector(".ck-editor__editable")
    return page


def dialogs_of(page):
    """Answer each dialog with "stay", keeping its type."""
    seen = []

    def stay(dialog):
        seen.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    return seen


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_submit_with_an_unsaved_summary_keeps_the_edit(
    site_server, browser, writer, draft, javascript
):
    page = sign_in(browser, site_server, writer, java_script_enabled=javascript)
    if javascript:
        open_form(page, site_server, draft)
    else:
        page.goto(change_url(site_server, draft))

    page.get_by_label("Summary").fill(NEW)
    page.get_by_role("button", name="Submit for medical review").click()

    messages = page.locator(".messagelist").inner_text()
    assert "Your changes are saved." in messages
    assert "Submitted for medical review." in messages
    draft.refresh_from_db()
    assert (draft.summary, draft.status) == (NEW, "in_review")
    assert page.csp_violations == []
    page.context.close()


def test_a_working_copys_unsaved_edit_is_kept_too(site_server, browser, writer):
    """A working copy's page shows its "Discard" form before the article's
    own form: the edits in the article's form still count."""
    live = ArticleFactory(summary=OLD, created_by=writer)
    copy = workflow.start_working_copy(live, writer)
    page = sign_in(browser, site_server, writer)
    open_form(page, site_server, copy)
    leaving = dialogs_of(page)

    page.get_by_label("Summary").fill(NEW)
    page.get_by_role("link", name="Home").first.click()
    assert leaving == ["beforeunload"]

    page.get_by_role("button", name="Submit for medical review").click()
    copy.refresh_from_db()
    live.refresh_from_db()
    assert (copy.summary, copy.status) == (NEW, "in_review")
    assert live.summary == OLD  # the page patients see waits for review
    page.context.close()


def test_leaving_a_changed_form_asks_first(site_server, browser, writer, draft):
    page = open_form(sign_in(browser, site_server, writer), site_server, draft)
    seen = dialogs_of(page)

    page.get_by_label("Summary").fill(NEW)
    page.get_by_role("link", name="Versions").click()

    page.wait_for_timeout(500)
    assert seen == ["beforeunload"]
    assert page.url == change_url(site_server, draft)
    assert page.get_by_label("Summary").input_value() == NEW
    draft.refresh_from_db()
    assert draft.summary == OLD
    assert page.csp_violations == []
    page.context.close()


def test_an_edit_in_the_body_editor_counts(site_server, browser, writer, draft):
    page = open_form(sign_in(browser, site_server, writer), site_server, draft)
    seen = dialogs_of(page)

    page.locator(".ck-editor__editable p").first.click()
    page.keyboard.type(" More.")
    page.get_by_role("link", name="Versions").click()

    page.wait_for_timeout(500)
    assert seen == ["beforeunload"]
    page.context.close()


def test_an_unchanged_form_and_a_saved_one_let_you_go(
    site_server, browser, writer, draft
):
    page = open_form(sign_in(browser, site_server, writer), site_server, draft)
    seen = dialogs_of(page)

    page.get_by_role("link", name="Versions").click()
    page.wait_for_url("**/versions/")
    open_form(page, site_server, draft)
    page.get_by_label("Summary").fill(NEW)
    page.get_by_role("button", name="Save and continue editing").click()
    page.wait_for_selector(".messagelist")
    page.get_by_role("link", name="Versions").click()
    page.wait_for_url("**/versions/")

    assert seen == []
    page.context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_publishing_an_untouched_approved_text_publishes_it_as_approved(
    site_server, browser, javascript
):
    """CKEditor writes the demo article's body back differently (it drops
    the tables' scope attributes, adds line breaks …), and a browser posts
    line breaks as CRLF: neither is an edit, so nothing is saved, the
    approval stands and the approved text goes live."""
    _meta, body = read_seed()
    body = re.sub(r"\{\{ IMAGE_\d+ \}\}", "/static/img/favicon.svg", body)
    publisher = UserFactory(username="publisher", groups=["Publisher"])
    article = ArticleFactory(approved=True, body=body)
    article.refresh_from_db()
    approved_body = article.body
    page = sign_in(browser, site_server, publisher, java_script_enabled=javascript)
    if javascript:
        open_form(page, site_server, article)
    else:
        page.goto(change_url(site_server, article))

    page.get_by_role("button", name="Publish", exact=True).click()

    assert "Published." in page.locator(".messagelist").inner_text()
    article.refresh_from_db()
    assert article.status == "published"
    assert article.body == approved_body
    page.context.close()
