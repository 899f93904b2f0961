import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# json.dumps does not escape these; inside <script> they could end the
# element or start a comment, so they are written as \u escapes.
_SCRIPT_SAFE = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """Render ``data`` as one schema.org JSON-LD script element."""
    if not data:
        return ""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(payload.translate(_SCRIPT_SAFE)),
    )
