"""Post bodies come out as WordPress showed them, in the site's markup."""

from wordpress.autop import wpautop
from wordpress.bodies import convert_body


class TestParagraphRules:
    def test_blank_lines_make_paragraphs_and_single_newlines_breaks(self):
        html = wpautop("First line\nsecond line\n\nNew paragraph")
        assert html == "<p>First line<br />\nsecond line</p>\n<p>New paragraph</p>\n"

    def test_preformatted_text_keeps_its_lines(self):
        html = wpautop("Before\n\n<pre>a\n\nb</pre>")
        assert "<pre>a\n\nb</pre>" in html

    def test_no_breaks_or_paragraphs_inside_tables_and_lists(self):
        html = wpautop(
            "<table>\n<tr>\n<td>1</td>\n</tr>\n</table>\n\n<ul>\n<li>a</li>\n</ul>"
        )
        assert "<br" not in html
        assert "<p>" not in html


class TestClassicContent:
    def test_caption_shortcode_becomes_a_figure(self):
        body = convert_body(
            '[caption id="attachment_1" width="300"]<img src="https://x.org/a.jpg" '
            'alt="A pump" /> A pump on a belt[/caption]'
        )
        assert body.html == (
            '<figure class="image"><img src="https://x.org/a.jpg" alt="A pump" />'
            "<figcaption>A pump on a belt</figcaption></figure>"
        )

    def test_other_shortcodes_are_removed_and_reported_keeping_their_text(self):
        body = convert_body(
            'Call us. [contact-form-7 id="5"] [su_note]Bring your meter.[/su_note]'
        )
        assert "[" not in body.html
        assert "Bring your meter." in body.html
        assert body.warnings == [
            "Shortcode [contact-form-7] removed.",
            "Shortcode [su_note] removed.",
        ]

    def test_brackets_in_prose_and_reference_markers_stay(self):
        body = convert_body("He said it [sic], as studies show [2].")
        assert body.html == "<p>He said it [sic], as studies show [2].</p>"
        assert body.warnings == []


class TestBlockContent:
    def test_block_comments_are_removed(self):
        body = convert_body(
            "<!-- wp:paragraph -->\n<p>Hello</p>\n<!-- /wp:paragraph -->"
        )
        assert body.html == "<p>Hello</p>"

    def test_table_caption_moves_into_the_table(self):
        body = convert_body(
            '<!-- wp:table --><figure class="wp-block-table"><table><thead><tr>'
            "<th>A</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>"
            "<figcaption>Values</figcaption></figure><!-- /wp:table -->"
        )
        assert body.html.startswith(
            '<figure class="table"><table><caption>Values</caption><thead>'
        )

    def test_embed_becomes_a_link(self):
        body = convert_body(
            '<!-- wp:embed {"url":"https://www.youtube.com/watch?v=1"} -->'
            '<figure class="wp-block-embed"><div>https://www.youtube.com/watch?v=1'
            "</div></figure><!-- /wp:embed -->"
        )
        assert body.html == (
            '<p><a href="https://www.youtube.com/watch?v=1">'
            "https://www.youtube.com/watch?v=1</a></p>"
        )

    def test_gallery_becomes_figures(self):
        body = convert_body(
            '<!-- wp:gallery --><figure class="wp-block-gallery">'
            '<!-- wp:image {"id":1} --><figure class="wp-block-image">'
            '<img src="a.jpg" alt="A"/></figure><!-- /wp:image -->'
            '<!-- wp:image {"id":2} --><figure class="wp-block-image">'
            '<img src="b.jpg" alt="B"/></figure><!-- /wp:image -->'
            "</figure><!-- /wp:gallery -->"
        )
        assert body.html == (
            '<figure class="image"><img src="a.jpg" alt="A"/></figure>\n'
            '<figure class="image"><img src="b.jpg" alt="B"/></figure>'
        )

    def test_rank_math_faq_block_becomes_faq_pairs(self):
        body = convert_body(
            '<!-- wp:rank-math/faq-block {"questions":[{"id":"q1","title":"Is it '
            'safe?","content":"Yes.","visible":true},{"id":"q2","title":"Hidden?",'
            '"content":"No.","visible":false}]} --><div class="rank-math-block">'
            "</div><!-- /wp:rank-math/faq-block -->"
        )
        assert body.faq == [("Is it safe?", "<p>Yes.</p>")]
        assert body.html == ""

    def test_unknown_block_is_reported(self):
        body = convert_body("<!-- wp:acme/widget /--><p>Text</p>")
        assert body.warnings == [
            "Block “acme/widget” is not known here: only its HTML was kept."
        ]


def test_headings_are_fitted_to_the_page_outline():
    body = convert_body("<h1>Title</h1>\n<h6>Small</h6>")
    assert body.html == "<h2>Title</h2>\n<h4>Small</h4>"
    assert "1 H1 heading(s) changed to fit H2–H4." in body.warnings


def test_what_the_sanitiser_removes_is_reported():
    body = convert_body(
        '<p style="color:red" onclick="x()">Hi</p><script>alert(1)</script>'
        '<a href="javascript:alert(1)">x</a><iframe src="https://e.org"></iframe>'
    )
    assert sorted(body.warnings) == [
        "Removed 1 <iframe> element(s).",
        "Removed 1 <script> element(s).",
        "Removed 1 inline style(s) on <p>.",
        "Removed 1 script link(s) on <a>.",
        "Removed 1 “onclick” attribute(s) on <p>.",
    ]
