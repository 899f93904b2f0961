"""Citation markers: the ``[1]``, ``[2]`` editors type into an article body.

The numbers point into the article's ordered reference list, which editors
change in an admin inline after ``Article.save()`` has run, so markers are
linked when the page is rendered, never baked into the stored HTML.

Only text is looked at: a marker inside a tag's attributes or inside an
existing link is left alone, and ``[12]`` is always the number twelve.
"""

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.translation import gettext

# The body has been through nh3, which always writes attributes in double
# quotes, so a tag ends at the first ">" outside quotes.
TAG_RE = re.compile(r'<(/?)([a-zA-Z][a-zA-Z0-9]*)(?:[^>"]|"[^"]*")*>')
MARKER_RE = re.compile(r"\[(\d{1,4})\]")


def reference_id(number):
    return f"reference-{number}"


def marker_id(number):
    return f"reference-{number}-cited"


def _text_chunks(html):
    """Yield ``(chunk, is_linkable_text, inside_sup)`` pieces of ``html``."""
    link_depth = sup_depth = 0
    position = 0
    for tag in TAG_RE.finditer(html):
        if tag.start() > position:
            yield html[position : tag.start()], link_depth == 0, sup_depth > 0
        closing, name = tag.group(1) == "/", tag.group(2).lower()
        step = -1 if closing else 1
        if name == "a":
            link_depth = max(0, link_depth + step)
        elif name == "sup":
            sup_depth = max(0, sup_depth + step)
        yield tag.group(0), False, sup_depth > 0
        position = tag.end()
    if position < len(html):
        yield html[position:], link_depth == 0, sup_depth > 0


def find_markers(html):
    """The marker numbers in ``html``, in order of first appearance."""
    seen = []
    for chunk, linkable, _sup in _text_chunks(html):
        if not linkable:
            continue
        for match in MARKER_RE.finditer(chunk):
            number = int(match.group(1))
            if number not in seen:
                seen.append(number)
    return seen


def unmatched_markers(html, count):
    """Markers in ``html`` that no reference of a list of ``count`` matches."""
    return [n for n in find_markers(html) if not 1 <= n <= count]


def link_markers(html, count):
    """Return ``html`` with markers 1..``count`` as superscript links.

    The first occurrence of each number carries the id the reference list
    links back to. Any other marker stays plain text: a broken link would be
    worse than none.
    """
    if not count or "[" not in html:
        return html
    first_seen = set()
    out = []
    for chunk, linkable, inside_sup in _text_chunks(html):
        if not linkable:
            out.append(chunk)
            continue

        def link(match, inside_sup=inside_sup):
            number = int(match.group(1))
            if not 1 <= number <= count:
                return match.group(0)
            id_attr = ""
            if number not in first_seen:
                first_seen.add(number)
                id_attr = f' id="{marker_id(number)}"'
            label = escape(gettext("Reference %(number)s") % {"number": number})
            anchor = (
                f'<a class="citation-marker" href="#{reference_id(number)}"'
                f'{id_attr} aria-label="{label}">[{number}]</a>'
            )
            return anchor if inside_sup else f"<sup>{anchor}</sup>"

        out.append(MARKER_RE.sub(link, chunk))
    return "".join(out)


@dataclass(frozen=True)
class NumberedReference:
    number: int
    citation: object
    anchor: str
    # Empty when the body never cites this reference.
    cited_at: str


def number_references(html, citations):
    """Link the markers in ``html`` to ``citations`` (in reference order).

    Returns the linked HTML and the numbered reference list, each entry
    knowing where in the text it is first cited.
    """
    cited = set(find_markers(html))
    references = [
        NumberedReference(
            number=number,
            citation=citation,
            anchor=reference_id(number),
            cited_at=marker_id(number) if number in cited else "",
        )
        for number, citation in enumerate(citations, start=1)
    ]
    return link_markers(html, len(references)), references
