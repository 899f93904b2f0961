import pytest

from articles.body.checks import check_body, check_summary

GOOD_TABLE = (
    "<figure class='table'><table><caption>Doses</caption>"
    "<thead><tr><th scope='col'>Drug</th><th scope='col'>Dose</th></tr></thead>"
    "<tbody><tr><td>Metformin</td><td>500 mg</td></tr></tbody></table></figure>"
)


def codes(findings, level=None):
    return {f.code for f in findings if level is None or f.level == level}


@pytest.mark.parametrize(
    ("code", "level", "failing", "passing"),
    [
        (
            "heading_skipped",
            "error",
            "<h2>Causes</h2><h4>Genes</h4>",
            "<h2>Causes</h2><h3>Genes</h3><h4>One gene</h4><h2>Next</h2>",
        ),
        (
            "heading_skipped",
            "error",
            "<h3>Starts too deep</h3>",
            "<h2>Starts at H2</h2>",
        ),
        ("heading_h1", "error", "<h1>Second title</h1>", "<h2>Section</h2>"),
        ("empty_heading", "error", "<h2> </h2><p>x</p>", "<h2>Named</h2><p>x</p>"),
        (
            "table_header",
            "error",
            "<table><caption>Doses</caption><tr><td>A</td></tr></table>",
            GOOD_TABLE,
        ),
        (
            "table_caption",
            "warning",
            "<table><thead><tr><th>Drug</th></tr></thead></table>",
            GOOD_TABLE,
        ),
        (
            "image_alt",
            "error",
            '<figure class="image"><img src="/m/a.png"></figure>',
            '<figure class="image"><img src="/m/a.png" alt="An insulin pen"></figure>',
        ),
        (
            "image_alt",
            "error",
            '<img src="/m/a.png" alt="  ">',
            '<img src="/m/a.png" alt="Chart of blood sugar">',
        ),
        (
            "link_text",
            "error",
            '<p><a href="https://example.org/"> </a></p>',
            '<p><a href="https://example.org/">NHS advice</a></p>',
        ),
        (
            "link_javascript",
            "error",
            '<p><a href="javascript:alert(1)">Click</a></p>',
            '<p><a href="https://example.org/">Click</a></p>',
        ),
        (
            "link_insecure",
            "warning",
            '<p><a href="http://example.org/">Guideline</a></p>',
            '<p><a href="https://example.org/">Guideline</a></p>',
        ),
        (
            "link_target",
            "error",
            "<p><a>Guideline</a></p>",
            '<p><a href="/x">G</a></p>',
        ),
    ],
)
def test_each_body_check_fails_and_passes(code, level, failing, passing):
    assert code in codes(check_body(failing), level)
    assert code not in codes(check_body(passing))


def test_a_linked_image_with_alt_text_counts_as_link_text():
    body = '<p><a href="https://example.org/"><img src="/a.png" alt="Logo"></a></p>'
    assert codes(check_body(body)) == set()


def test_reference_markers_need_a_matching_citation():
    body = "<p>Metformin helps [1]. So does exercise [2].</p>"
    assert codes(check_body(body)) == set()  # count not given: not checked
    findings = check_body(body, citation_count=1)
    assert codes(findings, "error") == {"reference_uncited"}
    assert "[2]" in str(findings[0].message)
    assert check_body(body, citation_count=2) == []


@pytest.mark.django_db
def test_saving_an_article_checks_its_markers_against_its_citations():
    from tests.factories import ArticleCitationFactory, ArticleFactory

    article = ArticleFactory(body="<p>Insulin works [1], often [2].</p>")
    assert "[1]" in str(article.content_checks)
    ArticleCitationFactory(article=article)
    article.save()
    assert "[1]" not in str(article.content_checks)
    assert "[2]" in str(article.content_checks)


@pytest.mark.parametrize(
    ("summary", "code"),
    [
        ("", "summary_missing"),
        ("   ", "summary_missing"),
        ("x" * 161, "summary_too_long"),
    ],
)
def test_summary_missing_or_too_long_is_an_error(summary, code):
    assert codes(check_summary(summary), "error") == {code}


def test_a_good_summary_passes():
    assert check_summary("How insulin, diet and monitoring work together.") == []
