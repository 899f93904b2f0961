"""The article list as an editor sees it on a 1366-pixel laptop: every
column on screen, titles on at most two lines, working copies under their
live article, the state badges accessible."""

import pytest

from articles import workflow
from tests.browser.test_accessibility import axe_violations
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)

LONG_TITLE = "Type 2 diabetes during Ramadan: fasting safely with tablets or insulin"


def test_the_list_fits_a_laptop_screen(site_server, admin_page, django_user_model):
    page = admin_page
    page.set_viewport_size({"width": 1366, "height": 768})
    for number in range(5):
        ArticleFactory(title=f"{LONG_TITLE} ({number})")
    live = ArticleFactory(title="Asthma in children")
    workflow.start_working_copy(live, django_user_model.objects.get())

    page.goto(site_server + "/admin/articles/article/")

    table = page.locator("#result_list")
    box = table.bounding_box()
    assert box["x"] + box["width"] <= 1366
    # The last column is on screen, not cut off.
    last_header = page.locator("#result_list thead th").last.bounding_box()
    assert last_header["x"] + last_header["width"] <= 1366
    for cell in page.locator("th.field-title_and_copy").all():
        lines = cell.evaluate(
            """cell => {
                const style = getComputedStyle(cell);
                const inner = cell.clientHeight - parseFloat(style.paddingTop)
                    - parseFloat(style.paddingBottom);
                return Math.round(inner / parseFloat(style.lineHeight));
            }"""
        )
        assert lines <= 2, cell.inner_text()
    rows = page.locator("th.field-title_and_copy").all_inner_texts()
    copy_row = rows.index("↳ Asthma in children (working copy)")
    assert rows[copy_row - 1] == "Asthma in children"
    page.screenshot(path="/tmp/article-list-1366.png", full_page=True)
    assert axe_violations(page) == []
