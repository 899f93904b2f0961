"""An Arabic article in the admin, in Chromium: CKEditor's editing area is
right to left, so a reference marker typed at the end of a sentence sits
at the left end of the line, where the sentence ends (issue 20)."""

import pytest

from tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The Latin term splits the line into runs: left to right, the marker
# would follow the last Arabic run, to the right of the first word.
SENTENCE = "يقيس تحليل HbA1c متوسط السكر في الدم [1]"

# Where in the line the first word and the marker are drawn.
TEXT_BOXES = """paragraph => {
  const text = paragraph.firstChild;
  const box = (start, length) => {
    const range = document.createRange();
    range.setStart(text, start);
    range.setEnd(text, start + length);
    return range.getBoundingClientRect().x;
  };
  const content = text.textContent;
  return {
    firstWord: box(0, content.indexOf(" ")),
    marker: box(content.indexOf("[1]"), 3),
  };
}"""


@pytest.fixture
def arabic_change_form(site_server, admin_page):
    page = admin_page
    article = ArticleFactory(draft=True, language="ar", body=f"<p>{SENTENCE}</p>")
    page.goto(site_server + f"/admin/articles/article/{article.pk}/change/")
    page.wait_for_selector(".ck-editor__editable p")
    return page


def test_the_arabic_editor_writes_right_to_left(arabic_change_form, tmp_path):
    page = arabic_change_form
    editable = page.locator(".ck-editor__editable")
    editable.scroll_into_view_if_needed()
    screenshot = tmp_path / "arabic-editor.png"
    page.locator(".ck-editor").screenshot(path=screenshot)

    boxes = editable.locator("p").first.evaluate(TEXT_BOXES)

    # Read right to left, the sentence ends with its marker on the left.
    assert boxes["marker"] < boxes["firstWord"]
    assert editable.get_attribute("dir") == "rtl"
    assert editable.get_attribute("lang") == "ar"
    assert page.locator("#id_title").get_attribute("dir") == "rtl"
    assert page.csp_violations == []


def test_choosing_arabic_for_a_new_article_turns_its_fields_around(
    site_server, admin_page
):
    page = admin_page
    page.goto(site_server + "/admin/articles/article/add/")
    title = page.locator("#id_title")
    assert title.get_attribute("dir") == "ltr"

    page.locator("#id_language").select_option("ar")

    assert (title.get_attribute("lang"), title.get_attribute("dir")) == ("ar", "rtl")
    summary = page.locator("#id_summary")
    assert summary.get_attribute("dir") == "rtl"
    page.locator("#id_language").select_option("de")
    assert (title.get_attribute("lang"), title.get_attribute("dir")) == ("de", "ltr")
    assert page.csp_violations == []
