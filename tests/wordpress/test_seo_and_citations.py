"""SEO settings and reference lists, read from a post."""

from wordpress.citations import split_references
from wordpress.seo import meta_description, seo_warnings
from wordpress.wxr import WxrItem


def post(**meta):
    return WxrItem(
        post_id=1,
        post_type="post",
        status="publish",
        title="Asthma in children",
        link="https://old.example.org/asthma/",
        meta=meta,
    )


def test_rank_math_description_and_yoast_templates():
    assert meta_description(post(rank_math_description="Signs of asthma.")) == (
        "Signs of asthma."
    )
    assert meta_description(post(_yoast_wpseo_metadesc="%%excerpt%% %%sep%%")) == ""


def test_a_canonical_to_another_page_and_rank_math_noindex_are_reported():
    warnings = seo_warnings(
        post(
            rank_math_canonical_url="https://partner.example.com/asthma/",
            rank_math_robots='a:1:{i:0;s:7:"noindex";}',
        )
    )
    assert warnings[0] == (
        "Canonical address https://partner.example.com/asthma/ not kept "
        "(it names another page)."
    )
    assert "noindex" in warnings[1]


def test_a_canonical_to_the_post_itself_needs_nothing():
    assert (
        seo_warnings(post(_yoast_wpseo_canonical="https://old.example.org/asthma/"))
        == []
    )


def test_a_reference_list_with_an_unlinked_item_stays_in_the_body():
    body = (
        "<p>Text [1].</p><h2>References</h2><ol>"
        '<li><a href="https://example.org/a">A study</a></li>'
        "<li>A book with no link, 2019.</li></ol>"
    )
    assert split_references(body) == (body, [])


def test_a_numbered_list_under_another_heading_is_not_a_reference_list():
    body = '<h2>Steps</h2><ol><li><a href="https://example.org/a">Step</a></li></ol>'
    assert split_references(body) == (body, [])


def test_a_reference_list_in_turkish():
    body = (
        "<p>Metin [1].</p><h2>Kaynaklar</h2><ol>"
        '<li><a href="https://example.org/a">Bir çalışma</a></li></ol>'
    )
    assert split_references(body) == (
        "<p>Metin [1].</p>",
        [("Bir çalışma", "https://example.org/a")],
    )
