"""The demo article stays within its page-weight budget on the wire."""

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTICLE = "/en/articles/china-stem-cell-integrative-therapies-type-1-diabetes/"
BUDGET_BYTES = 40 * 1024


def test_html_css_and_js_of_the_demo_article_transfer_under_40_kb(site_server, page):
    call_command("load_demo", verbosity=0)
    page.goto(site_server + ARTICLE)
    page.wait_for_load_state("networkidle")

    entries = page.evaluate(
        """() => [
            ...performance.getEntriesByType('navigation'),
            ...performance.getEntriesByType('resource'),
        ].map(e => ({name: e.name, type: e.initiatorType, bytes: e.transferSize,
                     encoding: e.contentEncoding || ''}))"""
    )
    text_assets = [e for e in entries if e["type"] in {"navigation", "link", "script"}]
    stylesheets = [e for e in text_assets if e["name"].endswith(".css")]

    assert sum(e["bytes"] for e in text_assets) < BUDGET_BYTES, text_assets
    assert len(stylesheets) == 1
    render_blocking_scripts = page.evaluate(
        "[...document.querySelectorAll('script[src]')]"
        ".filter(s => !s.defer && !s.async).length"
    )
    assert render_blocking_scripts == 0


def test_images_carry_dimensions_and_load_lazily_below_the_fold(site_server, page):
    call_command("load_demo", verbosity=0)
    page.goto(site_server + ARTICLE)

    images = page.evaluate(
        """[...document.querySelectorAll('main img')].map(img => ({
            src: img.currentSrc, width: img.getAttribute('width'),
            height: img.getAttribute('height'), loading: img.loading,
            srcset: img.getAttribute('srcset') || ''}))"""
    )
    hero, *body_images = images
    assert all(image["width"] and image["height"] for image in images)
    assert hero["loading"] == "auto" and "480w" in hero["srcset"]
    assert body_images and all(image["loading"] == "lazy" for image in body_images)
    assert all("480w" in image["srcset"] for image in body_images)
