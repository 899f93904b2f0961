"""Rich text is sanitized before it is stored; the allowed markup survives."""

import pytest

from core.rich_text import sanitize_html
from tests.factories import ArticleFactory

ALLOWED_MARKUP = (
    "<h2>Causes</h2>"
    "<h3>Genes</h3>"
    "<h4>Family history</h4>"
    "<p>Text with <strong>bold</strong>, <em>emphasis</em> and a note<sup>1</sup>.</p>"
    '<p><a href="https://www.nature.com/articles/x">Nature</a> and '
    '<a href="/en/articles/other/">another article</a></p>'
    "<ul><li>One</li></ul><ol><li>First</li></ol>"
    "<blockquote><p>A quotation.</p></blockquote>"
    '<figure class="table"><table><caption>Costs</caption>'
    '<thead><tr><th scope="col">Treatment</th><th scope="col">Cost</th></tr></thead>'
    '<tbody><tr><th scope="row">A</th><td colspan="2" rowspan="1">$5</td></tr>'
    "</tbody></table></figure>"
    '<figure class="image"><img src="/media/x.webp" alt="Cells" width="600" '
    'height="400"><figcaption>Cells under a microscope</figcaption></figure>'
)


def test_allowed_markup_survives_unchanged():
    assert sanitize_html(ALLOWED_MARKUP) == ALLOWED_MARKUP


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>Hi</p><script>alert(1)</script>", "<p>Hi</p>"),
        ('<img src="x.png" alt="x" onerror="alert(1)">', '<img src="x.png" alt="x">'),
        ('<a href="javascript:alert(1)">click</a>', "<a>click</a>"),
        ('<iframe src="https://evil.example"></iframe><p>ok</p>', "<p>ok</p>"),
        ('<p style="color:red">red</p>', "<p>red</p>"),
        ('<p onclick="steal()">text</p>', "<p>text</p>"),
        (
            '<a href="https://x.org" target="_blank">x</a>',
            '<a href="https://x.org">x</a>',
        ),
        ("<style>body{display:none}</style><p>a</p>", "<p>a</p>"),
        ('<th scope="evil">x</th>', "x"),
        ("<!-- a comment --><p>a</p>", "<p>a</p>"),
    ],
)
def test_dangerous_markup_is_removed(dirty, clean):
    assert sanitize_html(dirty) == clean


@pytest.mark.django_db
def test_article_body_is_stored_sanitized():
    article = ArticleFactory(
        body='<h2>Title</h2><p style="x" onmouseover="a()">Body</p>'
        '<script>alert("x")</script><iframe src="//x"></iframe>'
        '<a href="javascript:void(0)">bad link</a>'
    )
    article.refresh_from_db()
    stored = article.body
    for fragment in ("script", "iframe", "style=", "onmouseover", "javascript:"):
        assert fragment not in stored
        assert fragment not in article.body_html
    assert "<h2>Title</h2><p>Body</p>" in stored
