"""schema.org ``FAQPage`` data for the questions a page shows.

Search engines accept only a few HTML tags in an answer's text, so answers
are reduced to those; the JSON is serialised with ``json.dumps`` and escaped
for a ``<script>`` element, never assembled by hand.
"""

import json

import nh3
from django.utils.safestring import mark_safe

# The tags Google's FAQPage documentation allows in Answer.text.
SCHEMA_ANSWER_TAGS = {
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "br",
    "ol",
    "ul",
    "li",
    "a",
    "p",
    "div",
    "b",
    "strong",
    "i",
    "em",
}

_schema_cleaner = nh3.Cleaner(
    tags=SCHEMA_ANSWER_TAGS,
    attributes={"a": {"href"}},
    url_schemes={"http", "https", "mailto", "tel"},
    link_rel=None,
    strip_comments=True,
)

# What django.utils.html.json_script escapes, so that no value can close
# the script element or open a comment inside it.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def schema_answer_html(html):
    return _schema_cleaner.clean(html or "").strip()


def faq_page(entries):
    """The ``FAQPage`` object for ``entries`` (question/answer pairs)."""
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": entry.question,
                "acceptedAnswer": {
                    "@type": "Answer",
                    "text": schema_answer_html(entry.answer),
                },
            }
            for entry in entries
        ],
    }


def json_ld_script(data):
    """``data`` as a ``<script type="application/ld+json">`` element."""
    payload = json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')
