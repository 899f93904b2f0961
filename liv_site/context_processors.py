from django.utils.translation import get_language

from articles.models import Category

from .origin import origin


def navigation(request):
    """Topics that have articles in the page's language, for the header menu
    and the home page. A lazy queryset: evaluated once, by the first template
    that shows it, and not at all on pages without the header (the admin)."""
    return {"nav_categories": Category.objects.in_menu(get_language())}


def page_origin(request):
    """``origin``: what the page's absolute links start with."""
    return {"origin": origin(request)}
