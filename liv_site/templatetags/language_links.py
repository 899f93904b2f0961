"""``{% language_links %}``: where the language switcher leads from this
page, and the ``hreflang`` alternates for ``<head>``."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language_info

from liv_site import alternates

register = template.Library()


@register.simple_tag(takes_context=True)
def page_alternates(context):
    """(hreflang, absolute URL) pairs, x-default last; none for pages that
    aren't meant to be indexed (errors, previews)."""
    request = context.get("request")
    if _is_error_page(context, request):
        return []
    if context.get("is_preview"):
        return []
    pairs = context.get("alternates")
    if pairs is None:
        pairs = alternates.for_path(request.path)
    base = f"{request.scheme}://{request.get_host()}"
    return alternates.absolute(base, pairs)


@register.simple_tag(takes_context=True)
def language_links(context):
    """One entry per language: code, local name, URL and whether it is the
    current language. An article links to its published translation, or
    to that language's article list with a notice; never to an
    unpublished translation."""
    request = context.get("request")
    current = translation.get_language()
    article_paths = context.get("translation_paths")
    article = context.get("article") if article_paths is not None else None
    links = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            if article is not None and code == article.language:
                # A staff preview of a draft links to itself, not away.
                url = article.get_absolute_url()
            elif article is not None:
                url = article_paths.get(code)
                if url is None:
                    url = f"{reverse('articles:list')}?from={article.language}"
            elif _is_error_page(context, request):
                url = reverse("home")
            else:
                url = alternates.translated_path(request.path, code)
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name_local": info["name_local"],
                "url": url,
                "is_current": code == current,
            }
        )
    return links


def _is_error_page(context, request):
    # Django's page_not_found puts ``request_path`` in the context; the 500
    # page is rendered without a request at all.
    # A page outside i18n_patterns (the admin's version preview) has no
    # other-language versions either.
    return (
        request is None
        or getattr(request, "resolver_match", None) is None
        or "request_path" in context
        or not translation.get_language_from_path(request.path)
    )
