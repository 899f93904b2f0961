"""SEO settings and reference lists, read from a post."""

from wordpress.citations import split_references
from wordpress.seo import meta_description, seo_fields
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


def test_rank_math_canonical_on_another_site_and_noindex_are_kept():
    found = seo_fields(
        post(
            rank_math_canonical_url="https://partner.example.com/asthma/",
            rank_math_robots='a:1:{i:0;s:7:"noindex";}',
        )
    )
    assert found.canonical_url == "https://partner.example.com/asthma/"
    assert found.noindex is True
    assert found.warnings == []


def test_a_canonical_to_the_post_itself_needs_nothing():
    found = seo_fields(post(_yoast_wpseo_canonical="https://old.example.org/asthma/"))
    assert (found.canonical_url, found.warnings) == ("", [])


def test_a_canonical_to_another_page_of_the_old_site_is_reported():
    found = seo_fields(post(_yoast_wpseo_canonical="https://old.example.org/lungs/"))
    assert found.canonical_url == ""
    assert found.warnings[0].startswith(
        "Canonical address https://old.example.org/lungs/ not kept"
    )


def test_title_variables_this_site_knows_are_filled_in():
    found = seo_fields(
        post(_yoast_wpseo_title="Kids' asthma %%page%% %%sep%% %%sitename%%")
    )
    assert found.seo_title == "Kids' asthma | Liv Hospital"
    found = seo_fields(post(rank_math_title="%title% - a guide %sep%"))
    assert found.seo_title == "Asthma in children - a guide"


def test_a_title_that_comes_out_as_the_default_is_left_empty():
    found = seo_fields(post(_yoast_wpseo_title="%%title%% %%sep%% %%sitename%%"))
    assert (found.seo_title, found.warnings) == ("", [])


def test_a_title_with_a_variable_this_site_cant_fill_in_is_reported():
    found = seo_fields(post(_yoast_wpseo_title="%%title%% (%%currentyear%%)"))
    assert found.seo_title == ""
    assert found.warnings == [
        "SEO title “%%title%% (%%currentyear%%)” not kept: this site can't "
        "fill in %%currentyear%%."
    ]


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
