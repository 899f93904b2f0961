from django import template

from core.templatetags.structured_data import json_ld

from ..structured_data import faq_page

register = template.Library()


@register.simple_tag
def faq_json_ld(entries):
    """One FAQPage JSON-LD block for exactly the questions on the page."""
    entries = list(entries)
    if not entries:
        return ""
    return json_ld(faq_page(entries))
