import re
from html import unescape

from django import template
from django.utils.html import strip_tags

register = template.Library()

_BLOCK_END = re.compile(r"</(p|h2|h3|h4|li|blockquote|tr|figure)>|<br\s*/?>", re.I)
_LINK = re.compile(r'<a\b[^>]*href="([^"]*)"[^>]*>(.*?)</a>', re.I | re.S)


@register.filter
def as_plain_text(html):
    """Sanitised rich text as the plain-text part of an email: one blank
    line between blocks, and each link's address after its text."""
    text = _LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})", html or "")
    text = _BLOCK_END.sub("\n\n", text)
    text = unescape(strip_tags(text))
    lines = [line.strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
