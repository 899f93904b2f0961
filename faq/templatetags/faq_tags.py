from django import template

from ..structured_data import faq_page, json_ld_script

register = template.Library()


@register.simple_tag
def faq_json_ld(entries):
    """One FAQPage JSON-LD block for exactly the questions on the page."""
    entries = list(entries)
    if not entries:
        return ""
    return json_ld_script(faq_page(entries))
