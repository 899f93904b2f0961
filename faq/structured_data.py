"""schema.org ``FAQPage`` data for the questions a page shows.

Search engines accept only a few HTML tags in an answer's text, so answers
are reduced to those. The page renders the dict with the site's one
``json_ld`` filter (core/templatetags/structured_data.py).
"""

import nh3

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
