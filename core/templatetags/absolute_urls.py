from django import template

from core import origin

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, url=""):
    """``{% absolute_url path %}``: ``path`` (default: the page's own) made
    absolute under the page's ``origin``, by ``core.origin``'s rule.
    The stored ``<head>`` of an article is rendered with an ``origin`` and
    no request; the 500 page with neither."""
    request = context.get("request")
    if not url and request is not None:
        url = request.path
    return origin.absolute_url(context.get("origin", ""), url)
