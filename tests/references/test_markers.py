from references.markers import (
    find_markers,
    link_markers,
    number_references,
    unmatched_markers,
)


def link(number, first=True):
    id_attr = f' id="reference-{number}-cited"' if first else ""
    return (
        f'<sup><a class="citation-marker" href="#reference-{number}"{id_attr} '
        f'aria-label="Reference {number}">[{number}]</a></sup>'
    )


def test_markers_become_superscript_links_to_their_reference():
    html = "<p>Insulin independence.[1] Confirmed later.[2]</p>"
    assert link_markers(html, 2) == (
        f"<p>Insulin independence.{link(1)} Confirmed later.{link(2)}</p>"
    )


def test_twelve_is_read_as_twelve_not_one_then_two():
    html = "<p>A claim.[12]</p>"
    assert link_markers(html, 12) == f"<p>A claim.{link(12)}</p>"
    # With only one reference, [12] has no match and stays text.
    assert link_markers(html, 1) == html


def test_a_marker_without_a_reference_stays_plain_text():
    html = "<p>Supported.[1] Unsupported.[3] Zero.[0]</p>"
    assert link_markers(html, 2) == (
        f"<p>Supported.{link(1)} Unsupported.[3] Zero.[0]</p>"
    )
    assert unmatched_markers(html, 2) == [3, 0]


def test_only_the_first_occurrence_gets_the_back_link_target():
    html = "<p>One.[1] Two.[1]</p><p>Three.[1]</p>"
    linked = link_markers(html, 1)
    assert linked.count('id="reference-1-cited"') == 1
    assert linked == (
        f"<p>One.{link(1)} Two.{link(1, first=False)}</p>"
        f"<p>Three.{link(1, first=False)}</p>"
    )


def test_markers_inside_attributes_and_existing_links_are_left_alone():
    html = (
        '<p><img src="/a.png" alt="figure [1]"> '
        '<a href="https://example.org/[1]">see [1]</a> text [1]</p>'
    )
    linked = link_markers(html, 1)
    assert 'alt="figure [1]"' in linked
    assert '<a href="https://example.org/[1]">see [1]</a>' in linked
    assert linked.endswith(f" text {link(1)}</p>")
    assert find_markers(html) == [1]


def test_a_marker_already_in_superscript_is_not_wrapped_twice():
    linked = link_markers("<p>Claim<sup>[1]</sup></p>", 1)
    assert "<sup><sup>" not in linked
    assert linked == (
        '<p>Claim<sup><a class="citation-marker" href="#reference-1" '
        'id="reference-1-cited" aria-label="Reference 1">[1]</a></sup></p>'
    )


def test_other_brackets_are_not_markers():
    html = "<p>Range [a] and [1a] and [ 1 ] and [1-2]</p>"
    assert link_markers(html, 5) == html
    assert find_markers(html) == []


def test_no_references_leaves_the_body_untouched():
    html = "<p>Claim.[1]</p>"
    assert link_markers(html, 0) == html


def test_number_references_knows_where_each_is_first_cited():
    html, references = number_references("<p>A.[2] B.[2]</p>", ["first", "second"])
    assert [(r.number, r.citation, r.anchor, r.cited_at) for r in references] == [
        (1, "first", "reference-1", ""),
        (2, "second", "reference-2", "reference-2-cited"),
    ]
    assert html.count('href="#reference-2"') == 2
