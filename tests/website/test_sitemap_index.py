"""/sitemap.xml becomes an index of the sections' sitemaps once the site
has more URLs than one sitemap may list (SITEMAP_URL_LIMIT, 50,000; a
handful here), and the index leads to every URL with its alternates."""

import uuid
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db

NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}
URLSET = "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
SITEMAP_INDEX = "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
BASE = "http://testserver"


@pytest.fixture
def library():
    """Six articles in English, each translated into Turkish (two
    published), in two topics: 12 articles, 4 category pages, 10 home and
    list pages."""
    topics = [CategoryFactory(), CategoryFactory()]
    for n in range(6):
        group = uuid.uuid4()
        for language in ("en", "tr"):
            ArticleFactory(
                language=language,
                slug=f"topic-{language}-{n}",
                category=topics[n % 2],
                translation_group=group,
            )


def urls_of(root):
    """{location: {hreflang: link}} of a sitemap."""
    return {
        url.find("s:loc", NS).text: {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)
        }
        for url in root.findall("s:url", NS)
    }


def get_xml(client, location):
    response = client.get(location.removeprefix(BASE))
    assert response.status_code == 200, location
    return ET.fromstring(response.content)


def test_below_the_limit_one_sitemap_lists_everything(client, library, settings):
    settings.SITEMAP_URL_LIMIT = 26
    root = get_xml(client, "/sitemap.xml")
    assert root.tag == URLSET
    assert len(urls_of(root)) == 26


def test_above_it_the_index_leads_to_the_same_urls_and_alternates(
    client, library, settings
):
    single = urls_of(get_xml(client, "/sitemap.xml"))
    assert len(single) == 26
    settings.SITEMAP_URL_LIMIT = 5
    # A setting changes with a release, which stores pages afresh.
    cache.clear()
    index = get_xml(client, "/sitemap.xml")
    assert index.tag == SITEMAP_INDEX
    sitemaps = [loc.text for loc in index.iterfind("s:sitemap/s:loc", NS)]
    assert sitemaps[:3] == [
        f"{BASE}/sitemap-sections.xml",
        f"{BASE}/sitemap-sections.xml?p=2",
        f"{BASE}/sitemap-articles.xml",
    ]
    assert f"{BASE}/sitemap-articles.xml?p=3" in sitemaps
    followed = {}
    for location in sitemaps:
        urls = urls_of(get_xml(client, location))
        assert len(urls) <= 5, location
        assert not followed.keys() & urls.keys()
        followed |= urls
    assert followed == single
    english = f"{BASE}/en/articles/topic-en-0/"
    assert followed[english]["tr"] == f"{BASE}/tr/articles/topic-tr-0/"


def test_the_articles_lastmod_in_the_index_is_the_newest(client, library, settings):
    settings.SITEMAP_URL_LIMIT = 5
    newest = ArticleFactory(language="de")
    index = get_xml(client, "/sitemap.xml")
    entry = next(
        sitemap
        for sitemap in index.iterfind("s:sitemap", NS)
        if sitemap.findtext("s:loc", namespaces=NS).endswith("/sitemap-articles.xml")
    )
    assert entry.findtext("s:lastmod", namespaces=NS).startswith(
        timezone.localdate(newest.updated_at).isoformat()
    )


@pytest.mark.parametrize(
    "path",
    ["/sitemap-nothing.xml", "/sitemap-articles.xml?p=9", "/sitemap-faq.xml?p=x"],
)
def test_a_section_or_page_that_does_not_exist_is_404(client, library, path, settings):
    settings.SITEMAP_URL_LIMIT = 5
    assert client.get(path).status_code == 404


def test_section_pages_are_cached_and_show_a_new_article_at_once(
    client, library, settings
):
    settings.SITEMAP_URL_LIMIT = 5
    path = "/sitemap-articles.xml?p=3"
    first = client.get(path)
    assert first["X-Page-Cache"] == "miss"
    assert client.get(path)["X-Page-Cache"] == "hit"
    added = ArticleFactory(language="tr", slug="zzz-newest")
    pages = [client.get(f"/sitemap-articles.xml?p={n}") for n in (1, 2, 3)]
    assert pages[2]["X-Page-Cache"] == "miss"
    assert any(added.get_absolute_url() in p.content.decode() for p in pages)
