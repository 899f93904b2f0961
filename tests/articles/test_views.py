import datetime

import pytest
from django.urls import reverse

from tests.factories import (
    ArticleCitationFactory,
    ArticleFactory,
    CategoryFactory,
    CitationFactory,
    FaqEntryFactory,
    KeyTakeawayFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = "/en/articles/"


def detail_url(article):
    return article.get_absolute_url()


class TestArticleList:
    def test_shows_published_articles_newest_first(self, client):
        newer = ArticleFactory(title="Newer article")
        ArticleFactory(
            title="Older article",
            published_at=newer.published_at - datetime.timedelta(days=30),
        )
        ArticleFactory(title="Secret draft", draft=True)
        ArticleFactory(title="Future article", scheduled=True)
        ArticleFactory(title="Turkish article", language="tr")

        content = client.get(LIST_URL).content.decode()

        assert content.index("Newer article") < content.index("Older article")
        for hidden in ("Secret draft", "Future article", "Turkish article"):
            assert hidden not in content

    def test_paginates_twelve_a_page(self, client):
        ArticleFactory.create_batch(13)
        first = client.get(LIST_URL)
        second = client.get(LIST_URL, {"page": 2})
        assert len(first.context["articles"]) == 12
        assert len(second.context["articles"]) == 1
        assert 'rel="next"' in first.content.decode()

    @pytest.mark.parametrize("page", ["abc", "0", "-1", "999", "1.5", "%00", "9" * 40])
    def test_malformed_page_is_a_404_not_a_500(self, client, page):
        ArticleFactory()
        response = client.get(LIST_URL, {"page": page})
        assert response.status_code == 404
        assert "We can’t find that page" in response.content.decode().replace("'", "’")

    def test_category_page_lists_only_its_articles(self, client):
        heart = CategoryFactory(name="Heart health")
        ArticleFactory(title="Blood pressure basics", category=heart)
        ArticleFactory(title="Diabetes basics")

        response = client.get(heart.get_absolute_url())

        content = response.content.decode()
        assert response.status_code == 200
        assert "<h1>Heart health</h1>" in content
        assert "Blood pressure basics" in content
        assert "Diabetes basics" not in content

    def test_unknown_category_is_a_404(self, client):
        assert client.get("/en/articles/category/nope/").status_code == 404


class TestArticleDetail:
    def test_shows_the_article_with_credits_and_contents(self, client):
        article = ArticleFactory(
            title="Type 1 diabetes",
            author__name="Liv Editorial Team",
            medical_reviewer__name="Endocrinology Board",
            medical_reviewer__credentials="MD, Endocrinology",
        )
        KeyTakeawayFactory(article=article, text="Insulin is life-saving.")

        response = client.get(detail_url(article))

        content = response.content.decode()
        assert response.status_code == 200
        assert "<h1>Type 1 diabetes</h1>" in content
        assert "Last updated on" in content and "by Liv Editorial Team" in content
        assert (
            "Medically reviewed by Endocrinology Board, MD, Endocrinology on "
            '<time datetime="2025-10-21">October 21, 2025</time>'
        ) in content
        assert "Insulin is life-saving." in content
        assert '<a href="#what-it-is">What it is</a>' in content
        assert '<h2 id="what-it-is">What it is</h2>' in content
        assert "1 min read" in content
        assert "Draft preview" not in content

    def test_related_articles_come_from_the_same_category(self, client):
        article = ArticleFactory()
        sibling = ArticleFactory(title="Sibling article", category=article.category)
        ArticleFactory(title="Unrelated article")

        content = client.get(detail_url(article)).content.decode()

        related = content.split('id="related-heading"')[1]
        assert related.count('<article class="card">') == 1
        assert sibling.title in related
        assert "Unrelated article" not in content

    @pytest.mark.parametrize("trait", ["draft", "scheduled"])
    def test_unpublished_articles_are_hidden_from_visitors(self, client, trait):
        article = ArticleFactory(**{trait: True})
        response = client.get(detail_url(article))
        assert response.status_code == 404

    @pytest.mark.parametrize("trait", ["draft", "scheduled"])
    def test_staff_preview_unpublished_articles_under_a_banner(
        self, editor_client, trait
    ):
        article = ArticleFactory(title="Work in progress", **{trait: True})

        response = editor_client.get(detail_url(article))

        content = response.content.decode()
        assert response.status_code == 200
        assert "Work in progress" in content
        assert "Draft preview" in content
        assert "no-cache" in response["Cache-Control"]
        assert '<meta name="robots" content="noindex">' in content

    def test_article_in_another_language_is_not_served_under_english(self, client):
        article = ArticleFactory(slug="diyabet", language="tr")
        assert client.get("/en/articles/diyabet/").status_code == 404
        assert client.get(detail_url(article)).status_code == 200

    def test_unknown_slug_shows_the_site_404_page(self, client):
        response = client.get("/en/articles/no-such-article/")
        assert response.status_code == 404
        content = response.content.decode()
        assert "Browse health articles" in content
        assert "Traceback" not in content

    @pytest.mark.parametrize("extra", [0, 29])
    def test_query_count_does_not_grow_with_takeaways_faq_references_or_related(
        self, client, django_assert_num_queries, settings, extra
    ):
        article = ArticleFactory()
        KeyTakeawayFactory.create_batch(1 + extra, article=article)
        FaqEntryFactory.create_batch(1 + extra, article=article)
        for citation in CitationFactory.create_batch(1 + extra):
            ArticleCitationFactory(article=article, citation=citation)
        ArticleFactory.create_batch(1 + extra, category=article.category)

        url = detail_url(article)
        settings.PAGE_CACHE_ENABLED = False

        # The first view renders the content section and stores it: the
        # article, its topic, author and reviewer, the body and contents it
        # is rendered from, its FAQ, its references with their citations,
        # its takeaways, the UPDATE storing it; the related articles, their
        # topics and the UPDATE storing their cards, its published
        # translations (language switcher, hreflang), the header's topics.
        with django_assert_num_queries(14):
            first = client.get(url).content.decode()
        # Later views read the stored section with the article, the related
        # cards and the translations; the header's topics are kept rendered.
        with django_assert_num_queries(3):
            later = client.get(url).content.decode()

        assert later == first
        takeaways = later.split('class="takeaways"')[1].split("</section>")[0]
        assert takeaways.count("<li>") == 1 + extra
        assert later.count('<details class="faq-item"') == 1 + extra
        assert later.count('<li id="reference-') == 1 + extra
        assert later.count('<article class="card">') == min(3, 1 + extra)


class TestHome:
    def test_shows_featured_latest_and_categories(self, client):
        featured = ArticleFactory(title="Featured story", featured=True)
        ArticleFactory(title="Latest story", category=featured.category)
        CategoryFactory(name="Empty topic")

        response = client.get("/en/")

        content = response.content.decode()
        featured_section = _section(content, "featured-heading")
        latest_section = _section(content, "latest-heading")
        assert featured_section.count('<article class="card">') == 1
        assert featured.title in featured_section
        assert latest_section.count('<article class="card">') == 1
        assert "Latest story" in latest_section
        topics = _section(content, "categories-heading")
        assert f'{featured.category.name} <span class="topic-list__count">(2)' in topics
        assert "Empty topic" not in content

    @pytest.mark.parametrize("featured", [True, False])
    def test_says_articles_are_coming_only_when_there_are_none(self, client, featured):
        ArticleFactory(title="The only story", featured=featured)

        content = client.get("/en/").content.decode()

        assert "The only story" in content
        assert "New articles are on their way." not in content

    def test_an_empty_site_says_articles_are_coming(self, client):
        assert "New articles are on their way." in client.get("/en/").content.decode()

    def test_root_redirects_to_the_browser_language(self, client):
        response = client.get("/", headers={"accept-language": "tr,en;q=0.5"})
        assert response.status_code == 302
        assert response["Location"] == "/tr/"

    def test_root_falls_back_to_english(self, client):
        response = client.get("/", headers={"accept-language": "ja"})
        assert response["Location"] == "/en/"

    def test_every_page_has_one_h1(self, client):
        article = ArticleFactory()
        urls = [
            "/en/",
            LIST_URL,
            article.category.get_absolute_url(),
            detail_url(article),
            "/en/articles/missing/",
        ]
        for url in urls:
            assert client.get(url).content.decode().count("<h1") == 1, url


def test_reverse_names_are_namespaced():
    assert reverse("articles:list") == "/en/articles/"


class TestArticleFaqAndReferences:
    def test_faq_follows_the_body_as_expandable_items(self, client):
        article = ArticleFactory()
        first = FaqEntryFactory(article=article, question="Is it curable?", position=1)
        FaqEntryFactory(article=article, question="Hidden draft?", status="draft")

        html = client.get(detail_url(article)).content.decode()

        assert html.index("Options your doctor may suggest.") < html.index(
            '<h2 id="faq-heading">Frequently asked questions</h2>'
        )
        assert (
            f'<details class="faq-item" id="faq-{first.pk}">\n'
            '    <summary class="faq-item__question">Is it curable?</summary>'
        ) in html
        assert "Hidden draft?" not in html
        assert '<li><a href="#faq-heading">Frequently asked questions</a></li>' in html

    def test_markers_link_to_numbered_references_and_back(self, client):
        article = ArticleFactory(
            body="<p>Claim one.[2] Claim two.[1] Again.[2] Unknown.[3]</p>"
        )
        ArticleCitationFactory(
            article=article,
            position=1,
            citation=CitationFactory(
                title="Stem cells reverse diabetes",
                publisher="Nature",
                url="https://www.nature.com/articles/d41586-024-03129-3",
                doi="10.1038/d41586-024-03129-3",
                pubmed_id="39326417",
            ),
        )
        ArticleCitationFactory(
            article=article, position=2, citation=CitationFactory(title="Second")
        )

        html = client.get(detail_url(article)).content.decode()

        assert (
            '<sup><a class="citation-marker" href="#reference-2" '
            'id="reference-2-cited" aria-label="Reference 2">[2]</a></sup>'
        ) in html
        assert html.count('href="#reference-2"') == 2
        assert "Unknown.[3]" in html
        references = html[html.index('<section class="references"') :]
        assert references.index('<li id="reference-1">') < references.index(
            '<li id="reference-2">'
        )
        assert (
            '<a href="https://www.nature.com/articles/d41586-024-03129-3">'
            "Stem cells reverse diabetes</a>. <cite>Nature</cite>."
        ) in references
        assert (
            '<a href="https://doi.org/10.1038/d41586-024-03129-3">'
            "10.1038/d41586-024-03129-3</a>"
        ) in references
        assert 'href="https://pubmed.ncbi.nlm.nih.gov/39326417/"' in references
        assert 'href="#reference-1-cited"' in references
        assert "Accessed on" in references

    def test_a_reference_change_in_the_admin_shows_without_resaving_the_article(
        self, client
    ):
        article = ArticleFactory(body="<p>Claim.[1]</p>")
        assert (
            'href="#reference-1"'
            not in client.get(detail_url(article)).content.decode()
        )

        ArticleCitationFactory(article=article)

        assert 'href="#reference-1"' in client.get(detail_url(article)).content.decode()

    def test_an_article_without_faq_or_references_shows_neither(self, client):
        html = client.get(detail_url(ArticleFactory())).content.decode()
        assert "faq-heading" not in html
        assert "references-heading" not in html


CARD = '<article class="card">'


@pytest.mark.parametrize("count", [1, 30])
@pytest.mark.parametrize(
    ("path", "queries", "item", "per_page"),
    [
        # The page of cards, their count (pagination); the first view also
        # reads the header's topics, which later views find rendered.
        ("/en/articles/", (3, 2), CARD, 12),
        # The same, after the category itself.
        ("/en/articles/category/heart/", (4, 3), CARD, 12),
        # The items with their topics and authors.
        ("/en/articles/feed/", (1, 1), "<item>", 20),
        # Featured, latest, the topics with their counts; the first view
        # also reads the header's topics and stores each list's cards, in
        # one UPDATE a list.
        ("/en/", (6, 3), CARD, None),
    ],
)
def test_listing_pages_run_a_fixed_number_of_queries(
    client, django_assert_num_queries, settings, path, queries, item, per_page, count
):
    heart = CategoryFactory(name="Heart", slug="heart")
    ArticleFactory.create_batch(count, category=heart, featured=True)
    ArticleFactory.create_batch(count, category=heart)
    settings.PAGE_CACHE_ENABLED = False
    first_view, later_views = queries
    with django_assert_num_queries(first_view):
        client.get(path)
    with django_assert_num_queries(later_views):
        response = client.get(path)
    assert response.status_code == 200
    shown = response.content.decode().count(item)
    assert shown == min(2 * count, per_page) if per_page else shown >= 2


def _section(html, heading_id):
    return html.split(f'id="{heading_id}"')[1].split("</section>")[0]
