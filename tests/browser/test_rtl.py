"""The Arabic demo article in Chromium: right-to-left layout that mirrors
and never makes the page scroll sideways on a phone."""

from pathlib import Path

import pytest

from articles.models import Article
from website.demo import load_demo_content

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIXTURES = Path(__file__).resolve().parents[1] / "website" / "demo_translations"


@pytest.fixture
def arabic_article():
    load_demo_content(translations_dir=FIXTURES)
    return Article.objects.get(language="ar")


def test_arabic_article_fits_a_360px_phone(
    site_server, browser, arabic_article, tmp_path
):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(site_server + arabic_article.get_absolute_url())
    page.screenshot(path=tmp_path / "arabic-360.png", full_page=True)

    direction = page.evaluate("getComputedStyle(document.body).direction")
    page_width = page.evaluate("document.documentElement.scrollWidth")
    table_overflow = page.evaluate(
        "Math.max(...[...document.querySelectorAll('.table-scroll')]"
        ".map(el => el.scrollWidth - el.clientWidth))"
    )
    # The table box starts at the right-hand edge, where Arabic text starts.
    table_box = page.locator(".table-scroll").first.bounding_box()
    heading_box = page.locator("h1").bounding_box()
    back_arrow = page.locator(".references__back").first.evaluate(
        "el => getComputedStyle(el).transform"
    )
    context.close()

    assert (tmp_path / "arabic-360.png").stat().st_size > 0
    assert direction == "rtl"
    assert page_width <= 360
    assert table_overflow > 0  # the wide table scrolls inside its own box
    assert back_arrow.startswith("matrix(-1")  # "back to the text" faces right
    assert (
        abs(
            (table_box["x"] + table_box["width"])
            - (heading_box["x"] + heading_box["width"])
        )
        < 2
    )


def test_table_of_contents_sits_on_the_right_on_a_wide_screen(
    site_server, page, arabic_article
):
    page.goto(site_server + arabic_article.get_absolute_url())
    toc = page.locator(".toc").bounding_box()
    content = page.locator(".article__content").bounding_box()
    assert toc["x"] > content["x"]
