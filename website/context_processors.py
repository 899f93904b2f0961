from django.utils.functional import lazy
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from core.origin import origin

from . import navigation as site_navigation

_lazy_topics_html = lazy(site_navigation.topics_html, SafeString)


def navigation(request):
    """The header menu's topics in the page's language, as HTML. Worked out
    by the template that shows them, not at all on pages without the
    header (the admin)."""
    return {"nav_topics": _lazy_topics_html(get_language())}


def page_origin(request):
    """``origin``: what the page's absolute links start with."""
    return {"origin": origin(request)}
