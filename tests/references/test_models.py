import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from references.models import ArticleCitation, Citation
from tests.factories import ArticleCitationFactory, ArticleFactory, CitationFactory

pytestmark = pytest.mark.django_db


def test_references_are_ordered_by_position():
    article = ArticleFactory()
    third = ArticleCitationFactory(article=article, position=30)
    first = ArticleCitationFactory(article=article, position=10)
    second = ArticleCitationFactory(article=article, position=20)
    assert list(article.article_citations.all()) == [first, second, third]


def test_one_citation_can_be_cited_by_many_articles():
    citation = CitationFactory()
    ArticleCitationFactory.create_batch(3, citation=citation)
    assert citation.article_citations.count() == 3


def test_an_article_cites_a_source_only_once():
    link = ArticleCitationFactory()
    duplicate = ArticleCitation(article=link.article, citation=link.citation)
    with pytest.raises(ValidationError, match="already exists"):
        duplicate.full_clean()


def test_a_cited_source_cannot_be_deleted():
    link = ArticleCitationFactory()
    with pytest.raises(ProtectedError):
        link.citation.delete()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("url", "not a url"),
        ("url", "javascript:alert(1)"),
        ("doi", "doi-is-not-this"),
        ("doi", "11.1000/xyz"),
        ("pubmed_id", "PMC123"),
        ("pubmed_id", "1234567890"),
    ],
)
def test_malformed_url_doi_or_pubmed_id_is_refused(field, value):
    citation = CitationFactory.build(**{field: value})
    with pytest.raises(ValidationError) as error:
        citation.full_clean()
    assert field in error.value.message_dict


def test_doi_pasted_as_a_link_is_stored_bare_and_rendered_as_a_link():
    citation = CitationFactory.build(
        doi="https://doi.org/10.1016/j.cell.2024.08.046", pubmed_id="39326417"
    )
    citation.full_clean()
    assert citation.doi == "10.1016/j.cell.2024.08.046"
    assert citation.doi_url == "https://doi.org/10.1016/j.cell.2024.08.046"
    assert citation.pubmed_url == "https://pubmed.ncbi.nlm.nih.gov/39326417/"


def test_broken_first_lists_broken_then_unchecked_then_working():
    CitationFactory(title="A working", link_status=Citation.LinkStatus.OK)
    CitationFactory(title="B unchecked")
    CitationFactory(title="C broken", link_status=Citation.LinkStatus.BROKEN)
    assert [c.title for c in Citation.objects.broken_first()] == [
        "C broken",
        "B unchecked",
        "A working",
    ]
