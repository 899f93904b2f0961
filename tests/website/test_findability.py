"""What search engines and feed readers see: meta tags, JSON-LD, sitemap,
robots.txt and the RSS feed."""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone, translation
from django.utils.encoding import iri_to_uri

from tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def json_ld_blocks(content):
    return [
        json.loads(block)
        for block in re.findall(
            r'<script type="application/ld\+json">(.*?)</script>', content, re.S
        )
    ]


def test_article_page_meta_tags(client):
    article = ArticleFactory(title="Asthma in children", summary="Short summary.")
    content = client.get(article.get_absolute_url()).content.decode()

    assert "<title>Asthma in children | Liv Hospital</title>" in content
    assert '<meta name="description" content="Short summary.">' in content
    assert (
        f'<link rel="canonical" href="http://testserver{article.get_absolute_url()}">'
        in content
    )
    assert '<meta property="og:type" content="article">' in content
    assert '<meta property="og:title" content="Asthma in children">' in content
    assert '<meta name="twitter:card" content="summary">' in content


def test_article_page_shows_its_seo_title_and_canonical_address(client):
    article = ArticleFactory(
        title="Asthma in children",
        seo_title="Childhood asthma: signs and treatment",
        canonical_url="https://partner.example.com/asthma/",
    )
    content = client.get(article.get_absolute_url()).content.decode()

    assert "<title>Childhood asthma: signs and treatment</title>" in content
    assert (
        '<meta property="og:title" content="Childhood asthma: signs and treatment">'
        in content
    )
    assert (
        '<link rel="canonical" href="https://partner.example.com/asthma/">' in content
    )
    assert (
        '<meta property="og:url" content="https://partner.example.com/asthma/">'
        in content
    )
    assert '<meta name="robots"' not in content


def test_an_article_hidden_from_search_engines_says_so(client):
    hidden = ArticleFactory(noindex=True)
    shown = ArticleFactory(category=hidden.category)

    assert '<meta name="robots" content="noindex">' in (
        client.get(hidden.get_absolute_url()).content.decode()
    )
    assert '<meta name="robots"' not in (
        client.get(shown.get_absolute_url()).content.decode()
    )


def test_the_stored_head_follows_an_edit_of_the_seo_title(client):
    article = ArticleFactory(title="Asthma in children")
    client.get(article.get_absolute_url())  # stores the content section

    article.seo_title = "Childhood asthma"
    article.save()
    content = client.get(article.get_absolute_url()).content.decode()

    assert '<meta property="og:title" content="Childhood asthma">' in content


def test_sitemap_leaves_out_noindex_and_canonicalised_articles(client):
    listed = ArticleFactory()
    hidden = ArticleFactory(noindex=True, category=listed.category)
    elsewhere = ArticleFactory(
        canonical_url="https://partner.example.com/a/", category=listed.category
    )

    locations = sitemap_locations(client)

    assert f"http://testserver{listed.get_absolute_url()}" in locations
    assert f"http://testserver{hidden.get_absolute_url()}" not in locations
    assert f"http://testserver{elsewhere.get_absolute_url()}" not in locations
    assert "https://partner.example.com/a/" not in locations


def test_article_json_ld_carries_reviewer_dates_and_breadcrumbs(client):
    article = ArticleFactory(
        medical_reviewer__name="Cardiology Board",
        medical_reviewer__is_organisation=True,
    )
    blocks = json_ld_blocks(client.get(article.get_absolute_url()).content.decode())
    page, crumbs = blocks

    assert page["@type"] == "MedicalWebPage"
    assert page["reviewedBy"] == {"@type": "Organization", "name": "Cardiology Board"}
    assert page["lastReviewed"] == "2025-10-21"
    assert page["datePublished"] == article.published_at.isoformat()
    assert page["publisher"]["@type"] == "Hospital"
    assert page["about"]["name"] == article.category.name
    assert crumbs["@type"] == "BreadcrumbList"
    assert [item["name"] for item in crumbs["itemListElement"]] == [
        "Articles",
        article.category.name,
        article.title,
    ]


def absolute_links(content):
    """The page's own absolute URL as each of its links gives it."""
    links = {
        "canonical": re.search(r'<link rel="canonical" href="([^"]+)">', content)[1],
        "og:url": re.search(r'<meta property="og:url" content="([^"]+)">', content)[1],
    }
    language = re.search(r'<html lang="([^"]+)"', content)[1]
    alternates = dict(
        re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', content)
    )
    links["hreflang"] = alternates[language]
    for block in json_ld_blocks(content):
        if block["@type"] == "MedicalWebPage":
            links["JSON-LD url"], links["JSON-LD @id"] = block["url"], block["@id"]
        if block["@type"] == "BreadcrumbList":
            links["breadcrumb"] = block["itemListElement"][-1]["item"]
    return links


def sitemap_locations(client):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    return {loc.text for loc in root.iterfind("s:url/s:loc", SITEMAP_NS)}


@pytest.mark.parametrize("page", ["article", "category"])
def test_non_ascii_pages_give_one_percent_encoded_url_everywhere(client, page):
    article = ArticleFactory(
        language="ru", slug="сахарный-диабет", category__slug="эндокринология"
    )
    shown = article if page == "article" else article.category
    with translation.override("ru"):
        url = f"http://testserver{iri_to_uri(shown.get_absolute_url())}"
    assert url.isascii()

    links = absolute_links(client.get(url).content.decode())

    assert links == dict.fromkeys(links, url)
    assert len(links) == {"article": 6, "category": 4}[page]
    assert url in sitemap_locations(client)


def test_json_ld_cannot_be_broken_out_of(client):
    article = ArticleFactory(title="</script><script>alert(1)</script>")
    content = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in content
    assert json_ld_blocks(content)[0]["name"] == article.title


def test_category_page_has_breadcrumbs(client):
    article = ArticleFactory()
    content = client.get(article.category.get_absolute_url()).content.decode()
    (crumbs,) = json_ld_blocks(content)
    assert crumbs["itemListElement"][-1]["name"] == article.category.name


def test_sitemap_lists_published_pages_with_lastmod(client):
    article = ArticleFactory()
    ArticleFactory(title="Hidden", draft=True)
    turkish = ArticleFactory(language="tr", category=article.category)
    CategoryFactory(name="Empty")

    response = client.get("/sitemap.xml")

    root = ET.fromstring(response.content)
    urls = {
        url.find("s:loc", SITEMAP_NS).text: url.find("s:lastmod", SITEMAP_NS)
        for url in root.findall("s:url", SITEMAP_NS)
    }
    base = "http://testserver"
    assert base + article.get_absolute_url() in urls
    assert base + turkish.get_absolute_url() in urls
    # Dates in the site's time zone, as the sitemap writes them.
    assert urls[base + article.get_absolute_url()].text == (
        timezone.localdate(article.updated_at).isoformat()
    )
    assert base + article.category.get_absolute_url() in urls
    assert base + "/tr/articles/category/" + article.category.slug + "/" in urls
    assert base + "/de/articles/category/" + article.category.slug + "/" not in urls
    assert base + "/en/" in urls and base + "/ar/articles/" in urls
    assert not any("hidden" in url or "empty" in url for url in urls)


def test_sitemap_lists_the_faq_page_of_languages_with_questions(client):
    from tests.factories import FaqEntryFactory

    entry = FaqEntryFactory()
    content = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/en/faq/</loc>" in content
    lastmod = timezone.localdate(entry.updated_at).isoformat()
    assert f"<lastmod>{lastmod}</lastmod>" in content
    assert "<loc>http://testserver/tr/faq/</loc>" not in content


def test_robots_txt_points_to_the_sitemap_and_hides_search(client):
    content = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in content
    # The admin's (configurable) path is not advertised; admin pages send
    # X-Robots-Tag: noindex instead.
    assert "admin" not in content
    assert "Disallow: /*/search/" in content


def test_feed_lists_newest_published_articles_of_the_language(client):
    ArticleFactory(title="English one")
    ArticleFactory(title="Draft one", draft=True)
    ArticleFactory(title="Turkish one", language="tr")

    response = client.get("/en/articles/feed/")

    titles = [
        item.findtext("title") for item in ET.fromstring(response.content).iter("item")
    ]
    assert response["Content-Type"].startswith("application/rss+xml")
    assert titles == ["English one"]


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/en/privacy/", "Privacy notice"),
        ("/en/imprint/", "Imprint"),
        ("/en/medical-disclaimer/", "Medical disclaimer"),
    ],
)
def test_legal_pages_are_linked_from_every_page(client, path, heading):
    assert f'href="{path}"' in client.get("/en/").content.decode()
    content = client.get(path).content.decode()
    assert f"<h1>{heading}</h1>" in content


def test_search_page_is_not_indexed(client):
    content = client.get("/en/search/", {"q": "x"}).content.decode()
    assert '<meta name="robots" content="noindex">' in content


def test_pages_are_served_compressed(client):
    article = ArticleFactory(body="<p>" + "Long text. " * 500 + "</p>")
    response = client.get(
        article.get_absolute_url(), headers={"accept-encoding": "gzip"}
    )
    assert response["Content-Encoding"] == "gzip"
    assert len(response.content) < 4000
