"""Rich text as staff write it in CKEditor 5, made safe before it is stored.

Every rich-text field of every app is a ``SanitizedRichTextField``: the
admin still shows CKEditor 5, but whatever reaches the database has passed
through one nh3 allow-list. Anything not on the list (scripts, event
handlers, ``javascript:`` URLs, iframes, inline styles) is dropped.
"""

import html
import re

import nh3
from django_ckeditor_5.fields import CKEditor5Field

ALLOWED_TAGS = {
    "h2",
    "h3",
    "h4",
    "p",
    "br",
    "hr",
    "strong",
    "b",
    "em",
    "i",
    "sup",
    "sub",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "cite",
    "table",
    "caption",
    "colgroup",
    "col",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "figure",
    "figcaption",
    "img",
}

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "reversed"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "col": {"span"},
}

ALLOWED_ATTRIBUTE_VALUES = {
    "th": {"scope": {"col", "row", "colgroup", "rowgroup"}},
}

# CKEditor 5 wraps tables and images in <figure class="table|image">.
ALLOWED_CLASSES = {"figure": {"table", "image"}}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    tag_attribute_values=ALLOWED_ATTRIBUTE_VALUES,
    allowed_classes=ALLOWED_CLASSES,
    url_schemes={"http", "https", "mailto", "tel"},
    # No target attribute is allowed, so links can't open windows that
    # would need rel="noopener"; leaving rel alone keeps links as written.
    link_rel=None,
    strip_comments=True,
)


def sanitize_html(html):
    """Return ``html`` with everything outside the allow-list removed."""
    if not html:
        return ""
    return _cleaner.clean(html).strip()


class SanitizedRichTextField(CKEditor5Field):
    """A CKEditor 5 field whose value is sanitized whenever it is saved."""

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value


TAG_RE = re.compile(r"<[^>]+>")


def plain_text(fragment):
    """The text of an HTML fragment, entities decoded, whitespace folded."""
    return " ".join(html.unescape(TAG_RE.sub(" ", fragment)).split())
