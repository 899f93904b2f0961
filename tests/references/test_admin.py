import pytest

from articles.models import Article
from faq.models import FaqEntry
from references.models import ArticleCitation, Citation
from tests.articles.test_admin import ADD_URL
from tests.articles.test_admin import form_data as form_data  # noqa: F401
from tests.factories import ArticleCitationFactory, ArticleFactory, CitationFactory

pytestmark = pytest.mark.django_db

CITATIONS_URL = "/admin/references/citation/"


def with_faq_and_references(data, faq, citations):
    data.update(
        {
            "faq_entries-TOTAL_FORMS": str(len(faq)),
            "article_citations-TOTAL_FORMS": str(len(citations)),
        }
    )
    for n, (question, answer) in enumerate(faq):
        data |= {
            f"faq_entries-{n}-position": str(n + 1),
            f"faq_entries-{n}-question": question,
            f"faq_entries-{n}-answer": answer,
            f"faq_entries-{n}-status": "published",
            f"faq_entries-{n}-topic": "",
        }
    for n, citation in enumerate(citations):
        data |= {
            f"article_citations-{n}-position": str(n + 1),
            f"article_citations-{n}-citation": str(citation.pk),
        }
    return data


def test_faq_and_references_are_saved_inline_with_the_article(admin_client, form_data):
    nature, lancet = CitationFactory(title="Nature study"), CitationFactory()
    form_data["language"] = "tr"
    form_data["body"] = "<p>Claim.[1] Other claim.[2]</p>"
    data = with_faq_and_references(
        form_data,
        faq=[
            ("Is it safe?", "<p>Mostly.<script>alert(1)</script></p>"),
            ("Is it new?", "<p>Yes.</p>"),
        ],
        citations=[nature, lancet],
    )

    response = admin_client.post(ADD_URL, data)

    assert response.status_code == 302, response.context["errors"]
    article = Article.objects.get()
    entries = list(article.faq_entries.all())
    assert [e.question for e in entries] == ["Is it safe?", "Is it new?"]
    assert entries[0].answer == "<p>Mostly.</p>"
    assert {e.language for e in entries} == {"tr"}
    assert [c.citation for c in article.article_citations.all()] == [nature, lancet]


@pytest.mark.parametrize(
    ("faq", "field", "message"),
    [
        ([("", "<p>An answer.</p>")], "question", "This field is required"),
        ([("A question?", "")], "answer", "This field is required"),
        ([("A question?", "<p>&nbsp;</p>")], "answer", "Write the answer"),
    ],
)
def test_an_invalid_faq_row_saves_nothing_at_all(
    admin_client, form_data, faq, field, message
):
    data = with_faq_and_references(form_data, faq=faq, citations=[CitationFactory()])

    response = admin_client.post(ADD_URL, data)

    assert response.status_code == 200
    row_errors = response.context["inline_admin_formsets"][1].formset.errors
    assert message in str(row_errors[0][field])
    assert Article.objects.count() == 0
    assert FaqEntry.objects.count() == 0
    assert ArticleCitation.objects.count() == 0


def test_citing_the_same_source_twice_is_refused_and_saves_nothing(
    admin_client, form_data
):
    citation = CitationFactory()
    data = with_faq_and_references(
        form_data, faq=[("Q?", "<p>A.</p>")], citations=[citation, citation]
    )

    response = admin_client.post(ADD_URL, data)

    assert response.status_code == 200
    assert "Please correct the duplicate data" in response.content.decode()
    assert Article.objects.count() == 0
    assert FaqEntry.objects.count() == 0


def test_change_page_warns_about_markers_without_a_reference(admin_client):
    article = ArticleFactory(body="<p>Claim.[1] Another.[2] More.[7]</p>")
    ArticleCitationFactory(article=article)

    response = admin_client.get(f"/admin/articles/article/{article.pk}/change/")

    content = response.content.decode()
    assert "The body cites [2], [7], but the reference list has no such" in content
    assert 'class="warning"' in content


def test_change_page_has_no_warning_when_every_marker_matches(admin_client):
    article = ArticleFactory(body="<p>Claim.[1]</p>")
    ArticleCitationFactory(article=article)
    response = admin_client.get(f"/admin/articles/article/{article.pk}/change/")
    assert "reference list has no such" not in response.content.decode()


@pytest.mark.parametrize("count", [1, 30])
def test_article_list_flags_unmatched_markers_in_fixed_queries(
    admin_client, django_assert_num_queries, count
):
    for _ in range(count):
        article = ArticleFactory(body="<p>Fine.[1] Missing.[2]</p>")
        ArticleCitationFactory(article=article)
    ArticleFactory(title="All good", body="<p>No markers.</p>")

    # Session, user, category and author filter choices, two counts, the
    # page of articles with their reference counts, two for the date
    # hierarchy, authenticator apps, the session's refreshed expiry (an
    # UPDATE in a savepoint here): the same for 1 or 30 rows.
    with django_assert_num_queries(13):
        response = admin_client.get("/admin/articles/article/")

    content = response.content.decode()
    assert content.count("⚠ no reference for [2]") == count
    # The article without markers has none flagged in its checks cell.
    assert content.count('<td class="field-checks">') == count + 1


def test_citations_list_shows_broken_links_first_and_filters_by_outcome(
    admin_client,
):
    CitationFactory(title="Working source", link_status=Citation.LinkStatus.OK)
    CitationFactory(
        title="Moved source", link_status=Citation.LinkStatus.BROKEN, status_code=404
    )

    content = admin_client.get(CITATIONS_URL).content.decode()
    assert content.index("Moved source") < content.index("Working source")

    broken = admin_client.get(CITATIONS_URL, {"link_status__exact": "broken"})
    assert "Moved source" in broken.content.decode()
    assert "Working source" not in broken.content.decode()


def test_existing_citations_can_be_found_for_reuse(admin_client):
    CitationFactory(title="Stem cells reverse diabetes", publisher="Nature")
    CitationFactory(title="Heart surgery outcomes")

    response = admin_client.get(
        "/admin/autocomplete/",
        {
            "app_label": "references",
            "model_name": "articlecitation",
            "field_name": "citation",
            "term": "nature",
        },
    )

    assert [r["text"] for r in response.json()["results"]] == [
        "Stem cells reverse diabetes (Nature)"
    ]


def test_a_citation_with_a_bad_url_or_doi_shows_field_errors(admin_client):
    response = admin_client.post(
        f"{CITATIONS_URL}add/",
        {
            "title": "A study",
            "publisher": "Nature",
            "url": "https://nature com/article",
            "doi": "not-a-doi",
            "pubmed_id": "",
            "accessed_on": "2025-10-21",
        },
    )
    errors = response.context["adminform"].form.errors
    assert "Enter a valid URL" in str(errors["url"])
    assert "Enter a DOI" in str(errors["doi"])
    assert Citation.objects.count() == 0
