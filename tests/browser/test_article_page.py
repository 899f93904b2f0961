import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTICLE_PATH = "/en/articles/china-stem-cell-integrative-therapies-type-1-diabetes/"


@pytest.fixture
def demo_content():
    call_command("load_demo", verbosity=0)


def test_table_of_contents_link_scrolls_to_its_section(site_server, page, demo_content):
    page.goto(site_server + ARTICLE_PATH)
    assert page.locator("h1").inner_text().startswith("How Is China Pioneering")

    toc = page.get_by_role("navigation", name="On this page")
    toc.get_by_role("link", name="Caution Amid Excitement").click()

    page.wait_for_function(
        "location.hash === '#caution-amid-excitement-why-its-not-yet-a-universal-cure'"
    )
    heading = page.locator("#caution-amid-excitement-why-its-not-yet-a-universal-cure")
    page.wait_for_function(
        "el => Math.abs(el.getBoundingClientRect().top) < 80",
        arg=heading.element_handle(),
    )
    assert heading.is_visible()


def test_styles_and_images_load_from_the_hashed_static_files(
    site_server, page, demo_content
):
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(site_server + ARTICLE_PATH)
    page.wait_for_load_state("networkidle")

    assert failed == []
    colour = page.evaluate(
        "getComputedStyle(document.querySelector('thead th')).backgroundColor"
    )
    assert colour == "rgb(11, 74, 111)"
    hero = page.locator(".article__hero img")
    assert hero.evaluate("img => img.complete && img.naturalWidth > 0")
    assert "/media/renditions/" in hero.evaluate("img => img.currentSrc")


def test_tables_scroll_inside_the_page_on_a_small_phone(
    site_server, browser, demo_content
):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(site_server + ARTICLE_PATH)

    page_width = page.evaluate("document.documentElement.scrollWidth")
    widest_table = page.evaluate(
        "Math.max(...[...document.querySelectorAll('.table-scroll')]"
        ".map(el => el.scrollWidth - el.clientWidth))"
    )
    context.close()
    assert page_width <= 320
    assert widest_table > 0
