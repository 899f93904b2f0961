"""An Arabic article in the admin, in Chromium: CKEditor's editing area is
right to left, so a reference marker typed at the end of a sentence sits
at the left end of the line, where the sentence ends (issue 20); on a new
article as soon as Arabic is chosen, before its first save."""

import io

import pytest
from PIL import Image, ImageChops

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


ARABIC_LINE = "يقيس التحليل متوسط السكر في الدم"


def ink_box(png):
    """The box (left, top, right, bottom) of the dark pixels of ``png``."""
    image = Image.open(io.BytesIO(png)).convert("L")
    return image.point(lambda value: 255 if value < 128 else 0).getbbox()


def changed_box(before, after):
    """The box of the pixels that differ between two screenshots."""
    first = Image.open(io.BytesIO(before)).convert("L")
    second = Image.open(io.BytesIO(after)).convert("L")
    assert first.size == second.size
    difference = ImageChops.difference(first, second)
    return difference.point(lambda value: 255 if value > 64 else 0).getbbox()


def test_choosing_arabic_before_the_first_save_turns_the_editors_too(
    site_server, admin_page, tmp_path
):
    """The add form: no save yet, so only the page's script can turn the
    running body editor (and a FAQ row added now) right to left."""
    page = admin_page
    page.goto(site_server + "/admin/articles/article/add/")
    body = page.locator(".field-body .ck-editor__editable")
    body.wait_for()
    assert body.get_attribute("dir") == "ltr"

    page.locator("#id_language").select_option("ar")
    page.get_by_role("button", name="Add another frequently asked question").click()

    assert (body.get_attribute("lang"), body.get_attribute("dir")) == ("ar", "rtl")
    assert page.locator("#id_hero_image_caption").get_attribute("dir") == "rtl"
    assert page.locator("#id_faq_entries-0-question").get_attribute("dir") == "rtl"
    answer = page.locator(".field-answer .ck-editor__editable").first
    answer.wait_for()
    assert (answer.get_attribute("lang"), answer.get_attribute("dir")) == ("ar", "rtl")

    # Type an Arabic line, then its reference marker at its end, and see
    # where the marker is drawn: read right to left, the line ends on the
    # left.
    body.click()
    page.keyboard.insert_text(ARABIC_LINE)
    line = body.locator("p").first
    page.locator("#id_title").focus()  # no caret in the screenshots
    before = line.screenshot(path=tmp_path / "line.png")
    body.click()
    page.keyboard.press("End")
    page.keyboard.insert_text(" [1]")
    page.locator("#id_title").focus()
    after = line.screenshot(path=tmp_path / "line-with-marker.png")

    words, marker = ink_box(before), changed_box(before, after)
    width = Image.open(io.BytesIO(before)).width
    assert words[2] > width * 0.8  # the line starts at the right
    assert marker[2] <= words[0] + 2, (words, marker)  # the marker, left of it
    assert page.locator("#id_body").input_value().endswith("[1]</p>")
    assert page.csp_violations == []
