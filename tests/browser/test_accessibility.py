"""axe-core finds no WCAG 2.2 AA violations on any page type, and each
page loads under the site's real Content-Security-Policy without a
violation."""

from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import DEMO_SLUGS
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules/axe-core/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
ARTICLE = "/en/articles/china-stem-cell-integrative-therapies-type-1-diabetes/"

PAGES = {
    "home": "/en/",
    "article list": "/en/articles/",
    "category": "/en/articles/category/diabetes-endocrinology/",
    "article": ARTICLE,
    "FAQ": "/en/faq/",
    "newsletter": "/en/newsletter/",
    "newsletter thanks": "/en/newsletter/thanks/",
    "search with results": "/en/search/?q=insulin",
    "search without results": "/en/search/?q=zzzzqqq",
    "search, corrected spelling": "/en/search/?q=insullin",
    "empty search": "/en/search/",
    "not found": "/en/articles/no-such-page/",
    "privacy": "/en/privacy/",
    "Arabic home": "/ar/",
    "Arabic article": f"/ar/articles/{DEMO_SLUGS['ar']}/",
    "Turkish article": f"/tr/articles/{DEMO_SLUGS['tr']}/",
    "Arabic article list": "/ar/articles/",
    "Turkish article list": "/tr/articles/",
    "Russian home": "/ru/",
    "German FAQ": "/de/faq/",
    "medical disclaimer": "/en/medical-disclaimer/",
}


def axe_violations(page):
    # Evaluated through the DevTools protocol, which the page's policy does
    # not govern; add_script_tag would insert an inline <script>, which the
    # policy rightly refuses.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    assert result["passes"], "axe checked no rule on the page"
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in result["violations"]
    ]


@pytest.fixture
def demo_site():
    call_command("load_demo", verbosity=0)
    # A second article, so related articles and lists show more than one card.
    demo = ArticleFactory._meta.model.objects.get(language="en")
    ArticleFactory(category=demo.category, title="Living with type 1 diabetes")


@pytest.mark.parametrize("name", PAGES)
def test_no_axe_violations(site_server, page, demo_site, name):
    page.goto(site_server + PAGES[name])
    assert axe_violations(page) == []
    # Every visitor page type, loaded under the enforced policy.
    assert page.csp_violations == []


def test_no_axe_violations_with_topics_menu_open_on_a_phone(
    site_server, page, demo_site
):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(site_server + ARTICLE)
    page.get_by_text("Topics").click()
    assert axe_violations(page) == []
    assert page.csp_violations == []
