"""Search at /<lang>/search/ on PostgreSQL: ranked, highlighted, forgiving."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

URL = "/en/search/"


def results(response):
    page = response.context["page_obj"]
    return [article.title for article in page] if page else []


def test_title_matches_rank_above_body_matches(client):
    ArticleFactory(title="Living with asthma", body="<p>Insulin is not used.</p>")
    ArticleFactory(title="Insulin pumps explained", body="<p>Pumps.</p>")
    ArticleFactory(title="Insulin draft", draft=True)

    response = client.get(URL, {"q": "insulin"})

    assert results(response) == ["Insulin pumps explained", "Living with asthma"]


def test_stemming_finds_other_word_forms(client):
    ArticleFactory(title="Heart care", body="<p>Patients were treated quickly.</p>")
    assert results(client.get(URL, {"q": "treating"})) == ["Heart care"]


def test_snippets_highlight_the_match_and_escape_the_text(client):
    ArticleFactory(
        title="Dosing",
        body="<p>When sugar is &lt; 4 &amp; falling, take less insulin "
        "&lt;script&gt;alert(1)&lt;/script&gt; today.</p>",
    )

    content = client.get(URL, {"q": "insulin"}).content.decode()

    assert "<mark>insulin</mark>" in content
    assert "sugar is &lt; 4 &amp; falling" in content
    assert "<script>alert(1)" not in content


def test_a_title_or_summary_match_shows_the_summary_as_snippet(client):
    ArticleFactory(
        title="Pumps",
        summary="Insulin pumps, explained.",
        body="<p>Pumps deliver insulin all day.</p>",
    )

    content = client.get(URL, {"q": "insulin"}).content.decode()

    assert "<mark>Insulin</mark> pumps, explained." in content
    assert "all day" not in content


def test_a_match_deep_in_the_body_is_found_with_the_start_as_snippet(client):
    from articles.search.query import SNIPPET_BODY_CHARS

    far = "Nothing to see here. " * (SNIPPET_BODY_CHARS // 20)
    ArticleFactory(title="Pumps", body=f"<p>{far} Pumps deliver insulin.</p>")

    response = client.get(URL, {"q": "insulin"})

    assert results(response) == ["Pumps"]
    assert "What the condition is" in response.content.decode()


def test_results_load_no_article_body(client):
    ArticleFactory(title="Insulin basics")
    [article] = client.get(URL, {"q": "insulin"}).context["page_obj"]
    assert {"body", "body_html", "body_text", "search_vector"} <= (
        article.get_deferred_fields()
    )


def test_only_the_page_language_is_searched(client):
    ArticleFactory(title="Insülin tedavisi", language="tr", body="<p>insülin</p>")
    assert results(client.get(URL, {"q": "insülin"})) == []
    assert results(client.get("/tr/search/", {"q": "insülin"})) == ["Insülin tedavisi"]


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)


@pytest.mark.parametrize("query", ["insulin", "iPSC", "iPSCs", "islet transplant"])
def test_finds_the_demo_article(client, demo, query):
    assert results(client.get(URL, {"q": query})) == [
        "How Is China Pioneering Stem Cell and Integrative Therapies to Cure "
        "Type 1 Diabetes?"
    ]


def test_a_misspelling_suggests_and_shows_the_correction(client, demo):
    response = client.get(URL, {"q": "insullin"})

    content = response.content.decode()
    assert response.context["suggestion"] == "insulin"
    assert "Showing results for" in content
    assert len(results(response)) == 1


def test_a_long_misspelt_query_costs_a_fixed_number_of_queries(
    client, demo, django_assert_max_num_queries
):
    """Each word of a query used to cost two queries; a 30-word query 63."""
    words = [f"zqxw{letter}" for letter in "abcdefghijklmnopqrstuvwxyzabc"]
    query = " ".join(["insullin", *words])

    # Results, suggestions for all words, results for the suggestion,
    # FAQ, header topics.
    with django_assert_max_num_queries(5):
        response = client.get(URL, {"q": query})

    assert response.context["suggestion"].split()[0] == "insulin"
    assert "Showing results for" in response.content.decode()


def test_only_the_first_distinct_words_get_suggestions(client, demo):
    from articles.search.query import MAX_SUGGESTED_WORDS

    # Repeats count once; words too short or too long to be a misspelling
    # are skipped.
    skipped = ["zqxw", "zqxw", "ab", "x" * 40]
    others = [f"zqxw{n}" for n in range(MAX_SUGGESTED_WORDS - 2)]
    within = " ".join([*skipped, *others, "diabetis"])
    beyond = " ".join([*skipped, *others, "zqxwz", "diabetis"])

    assert client.get(URL, {"q": within}).context["suggestion"].endswith("diabetes")
    assert client.get(URL, {"q": beyond}).context["suggestion"] is None


def test_a_correct_word_gets_no_suggestion(client, demo):
    assert client.get(URL, {"q": "insulin"}).context["suggestion"] is None


def test_a_query_with_results_gets_no_suggestion(client):
    # "treating" is not a word of the article, but its stem finds it.
    ArticleFactory(title="Heart care", body="<p>Patients were treated quickly.</p>")

    response = client.get(URL, {"q": "treating"})

    assert results(response) == ["Heart care"]
    assert response.context["suggestion"] is None
    assert "search-suggestion" not in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "x" * 2000,
        '"insulin',
        '"stem cell"',
        "&|!:*()",
        "insulin & | ! : * ( )",
        "'; DROP TABLE articles_article; --",
        "<script>alert('x')</script>",
        "<b onmouseover=alert(1)>bold</b>",
        "🩺 糖尿病 السكري диабет",
        "\x00\x01",
        "-",
        "or",
        "a:*",
    ],
)
def test_odd_queries_give_a_normal_page(client, demo, query):
    response = client.get(URL, {"q": query})
    content = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in content
    assert "<b onmouseover" not in content
    assert response["X-Robots-Tag"] == "noindex"


def test_results_are_paginated(client):
    ArticleFactory.create_batch(12, body="<p>Insulin dosing for adults.</p>")
    first = client.get(URL, {"q": "insulin"})
    second = client.get(URL, {"q": "insulin", "page": 2})
    assert len(results(first)) == 10
    assert len(results(second)) == 2
    assert client.get(URL, {"q": "insulin", "page": "junk"}).status_code == 200


@pytest.mark.parametrize(
    ("asked", "shown", "titles"),
    [
        ("1", 1, 10),
        ("2", 2, 2),
        ("3", 2, 2),
        ("99", 2, 2),
        ("9" * 30, 2, 2),
        ("junk", 1, 10),
        ("0", 1, 10),
    ],
)
def test_any_page_number_gives_a_page_and_the_count(client, asked, shown, titles):
    ArticleFactory.create_batch(12, body="<p>Insulin dosing for adults.</p>")

    page = client.get(URL, {"q": "insulin", "page": asked}).context["page_obj"]

    assert (page.number, len(page), page.paginator.count) == (shown, titles, 12)


def test_only_the_best_matches_by_title_and_summary_are_ranked(client, monkeypatch):
    monkeypatch.setattr("articles.search.query.MAX_RESULTS", 3)
    old, new = (timezone.now() - datetime.timedelta(days=days) for days in (30, 2))
    ArticleFactory(title="Old body match", body="<p>Insulin.</p>", published_at=old)
    ArticleFactory(title="New body match", body="<p>Insulin.</p>", published_at=new)
    ArticleFactory(
        title="Dense body match",
        body="<p>Insulin, insulin, insulin.</p>",
        published_at=old,
    )
    ArticleFactory(title="Insulin in the title", published_at=old)
    ArticleFactory(title="Summary match", summary="About insulin.", published_at=old)

    response = client.get(URL, {"q": "insulin"})

    # The title and summary matches, then the newest of the body matches.
    assert results(response) == [
        "Insulin in the title",
        "Summary match",
        "New body match",
    ]
    assert response.context["page_obj"].paginator.count == 3


def test_candidates_are_ranked_by_their_whole_text(client):
    ArticleFactory(title="Sparse", body="<p>Insulin.</p>")
    # Older: the rank, not the date, puts it first.
    ArticleFactory(
        title="Dense",
        body="<p>Insulin, insulin and insulin.</p>",
        published_at=timezone.now() - datetime.timedelta(days=30),
    )
    assert results(client.get(URL, {"q": "insulin"})) == ["Dense", "Sparse"]


def test_search_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    ArticleFactory.create_batch(30, body="<p>Insulin for everyone.</p>")
    # The page of results with their count, header topics, FAQ.
    with django_assert_max_num_queries(3):
        response = client.get(URL, {"q": "insulin"})
    assert len(results(response)) == 10


def test_faq_entries_of_the_language_are_searched_too(client):
    from tests.factories import FaqEntryFactory

    article = ArticleFactory(title="Diabetes basics")
    FaqEntryFactory(
        article=article,
        question="Can I fast during Ramadan with diabetes?",
        answer="<p>Talk to your doctor about adjusting doses.</p>",
    )
    FaqEntryFactory(
        article=article, question="Hidden fasting question?", status="draft"
    )

    response = client.get(URL, {"q": "fasting"})

    content = response.content.decode()
    assert [e.question for e in response.context["questions"]] == [
        "Can I fast during Ramadan with diabetes?"
    ]
    assert f'href="{article.get_absolute_url()}#faq-' in content
    assert "Talk to your doctor about adjusting doses." in content
    # The entry's article is read for its address only, not its body.
    [entry] = response.context["questions"]
    assert "body_text" in entry.article.get_deferred_fields()


@pytest.mark.parametrize(
    ("language", "body", "query"),
    [
        # Turkish: "hücrelerin" (of the cells) is found by "hücre" (cell).
        ("tr", "<p>Kök hücrelerin insülin üretmesi umut veriyor.</p>", "hücre"),
        # Russian: "клетками" (with cells) is found by "клетки" (cells).
        ("ru", "<p>Лечение стволовыми клетками даёт надежду.</p>", "клетки"),
        # German: "Zellen" is found by "Zelle".
        ("de", "<p>Die Behandlung mit Stammzellen und Zellen hilft.</p>", "Zelle"),
    ],
)
def test_each_language_finds_inflected_forms(client, language, body, query):
    ArticleFactory(title="Article", language=language, body=body)
    response = client.get(f"/{language}/search/", {"q": query})
    assert results(response) == ["Article"]


def test_search_finds_exactly_what_published_articles_show():
    from articles.models import Article
    from articles.search.query import RankedArticles

    ArticleFactory(title="Live insulin")
    ArticleFactory(title="Draft insulin", draft=True)
    ArticleFactory(title="Scheduled insulin", scheduled=True)
    ArticleFactory(title="Turkish insulin", language="tr")
    live = ArticleFactory(title="Insulin pumps")
    # A working copy of the live article: never visible, whatever its
    # fields say.
    ArticleFactory(
        title="Insulin pumps, rewritten",
        draft_of=live,
        status=Article.Status.APPROVED,
    )

    def expected(language):
        visible = Article.objects.published().filter(language=language)
        return sorted(article.title for article in visible)

    for language in ("en", "tr", "de"):
        found = RankedArticles("insulin", language)[0:10]
        assert sorted(article.title for article in found) == expected(language)
    assert len(RankedArticles("insulin", "en")[0:10]) == 2
    assert RankedArticles("insulin", "en").count() == 2
