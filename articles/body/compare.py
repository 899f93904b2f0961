"""Comparing two texts of an article, as the review and translation pages
show them: the body as plain-text lines, one a paragraph, heading or list
item, and the fields shown beside it."""

import re

from core.rich_text import plain_text

FIELDS_COMPARED = ["title", "slug", "language", "summary", "hero_image_alt"]
BLOCK_END_RE = re.compile(r"</(p|h[1-6]|li|tr|caption|figcaption|blockquote)>|<br>")
BLOCK_NAME_RE = re.compile(r"p|h[1-6]|li|tr|caption|figcaption|blockquote")


def body_lines(html):
    """The body as plain-text lines, one a paragraph, heading or list item."""
    return [
        line
        for line in (plain_text(part) for part in BLOCK_END_RE.split(html or ""))
        if line and not BLOCK_NAME_RE.fullmatch(line)
    ]
