"""Turn an article's sanitized body into what the article page shows.

Done once when the article is saved, not on every page view:

- headings get stable ``id`` anchors, and the H2/H3 ones make the table of
  contents (H3 entries nested under the H2 before them);
- each table is wrapped in a labelled region that scrolls sideways on
  small screens and can be scrolled with the keyboard;
- body images load lazily;
- the plain text feeds search, and its word count the reading time.
"""

import html
import math
import re
from dataclasses import dataclass, field

from django.utils.text import slugify

from core.rich_text import plain_text

# The body has been through nh3, which writes headings, tables and images
# in one normalised form, so patterns are enough to find them.
BLOCK_RE = re.compile(
    r"<h(?P<level>[2-4])>(?P<heading>.*?)</h(?P=level)>|(?P<table><table>.*?</table>)",
    re.DOTALL,
)
CAPTION_RE = re.compile(r"<caption>(.*?)</caption>", re.DOTALL)
IMG_RE = re.compile(r"<img ")
WORDS_PER_MINUTE = 200


@dataclass
class PreparedBody:
    html: str
    text: str = ""
    table_of_contents: list = field(default_factory=list)

    @property
    def word_count(self):
        return len(self.text.split())

    @property
    def reading_time_minutes(self):
        return max(1, math.ceil(self.word_count / WORDS_PER_MINUTE))


def prepare_body(sanitized_html):
    """Anchor headings, label tables and outline ``sanitized_html``."""
    outline = _Outline()
    prepared = BLOCK_RE.sub(outline.rewrite, sanitized_html)
    prepared = IMG_RE.sub('<img loading="lazy" decoding="async" ', prepared)
    return PreparedBody(
        html=prepared,
        text=plain_text(sanitized_html),
        table_of_contents=outline.entries,
    )


class _Outline:
    def __init__(self):
        self.entries = []
        self.used_ids = set()
        self.last_heading = ""

    def rewrite(self, match):
        if match.group("table"):
            return self._labelled_table(match.group("table"))
        return self._anchored_heading(int(match.group("level")), match.group("heading"))

    def _anchored_heading(self, level, inner):
        text = plain_text(inner)
        anchor = self._unique_anchor(text)
        self.last_heading = text
        entry = {"id": anchor, "text": text, "children": []}
        if level == 2 or (level == 3 and not self.entries):
            self.entries.append(entry)
        elif level == 3:
            self.entries[-1]["children"].append(entry)
        return f'<h{level} id="{anchor}">{inner}</h{level}>'

    def _labelled_table(self, table):
        caption = CAPTION_RE.search(table)
        label = plain_text(caption.group(1)) if caption else self.last_heading
        label = html.escape(label or "Table", quote=True)
        return (
            f'<div class="table-scroll" role="region" tabindex="0" '
            f'aria-label="{label}">{table}</div>'
        )

    def _unique_anchor(self, text):
        base = slugify(text, allow_unicode=True)[:60].strip("-") or "section"
        anchor, n = base, 2
        while anchor in self.used_ids:
            anchor, n = f"{base}-{n}", n + 1
        self.used_ids.add(anchor)
        return anchor
