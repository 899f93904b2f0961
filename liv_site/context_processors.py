from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from articles.models import Category

from .origin import origin


def navigation(request):
    """Topics that have articles in the page's language, for the header
    menu. Read once, by the first template that shows them, and not at all
    on pages without the header (the admin)."""
    language = get_language()
    return {
        "nav_categories": SimpleLazyObject(lambda: Category.objects.in_menu(language))
    }


def page_origin(request):
    """``origin``: what the page's absolute links start with."""
    return {"origin": origin(request)}
