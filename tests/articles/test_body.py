"""The body's headings become anchors that the table of contents links to."""

import re

from articles.body.prepare import prepare_body

BODY = (
    "<p>Intro</p>"
    "<h2>What is <em>type 1</em> diabetes?</h2><p>a</p>"
    "<h3>Causes</h3><p>b</p>"
    "<h4>Genes</h4><p>c</p>"
    "<h2>Treatment</h2><p>d</p>"
    "<h3>Causes</h3><p>e</p>"
    "<table><thead><tr><th>A</th></tr></thead></table>"
)


def test_table_of_contents_anchors_match_heading_ids():
    prepared = prepare_body(BODY)
    heading_ids = re.findall(r'<h[2-4] id="([^"]+)"', prepared.html)
    toc_ids = [
        entry["id"]
        for top in prepared.table_of_contents
        for entry in [top, *top["children"]]
    ]
    assert toc_ids == ["what-is-type-1-diabetes", "causes", "treatment", "causes-2"]
    assert set(toc_ids) <= set(heading_ids)
    assert len(heading_ids) == len(set(heading_ids)) == 5


def test_table_of_contents_nests_h3_under_h2_and_leaves_out_h4():
    toc = prepare_body(BODY).table_of_contents
    assert [entry["text"] for entry in toc] == ["What is type 1 diabetes?", "Treatment"]
    assert [child["text"] for child in toc[0]["children"]] == ["Causes"]
    assert "Genes" not in str(toc)


def test_tables_become_keyboard_scrollable_regions_named_by_their_section():
    html = prepare_body(BODY).html
    assert (
        '<div class="table-scroll" role="region" tabindex="0" aria-label="Causes">'
        "<table>" in html
    )


def test_reading_time_counts_words():
    assert prepare_body("<p>" + "word " * 1000 + "</p>").reading_time_minutes == 5
    assert prepare_body("<p>short</p>").reading_time_minutes == 1
