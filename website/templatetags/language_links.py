"""``{% language_switcher %}``: where the language switcher leads from this
page, and the ``hreflang`` alternates for ``<head>``."""

from functools import cache

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info, gettext

from core import alternates
from core.origin import origin

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
    return alternates.absolute(origin(request), pairs)


@register.simple_tag(takes_context=True)
def language_switcher(context):
    """The header's language menu. Built here rather than in a template:
    it is on every page, and looping over the languages in the template
    language took longer than the rest of the header."""
    links = format_html_join(
        "\n    ",
        '<li><a href="{}" hreflang="{}" lang="{}"{}>{}</a></li>',
        (
            (url, code, code, _CURRENT if is_current else "", name_local)
            for code, name_local, url, is_current in language_links(context)
        ),
    )
    return format_html(
        '<nav class="language-switcher" aria-label="{}">\n'
        "  <ul>\n    {}\n  </ul>\n</nav>",
        gettext("Language"),
        links,
    )


_CURRENT = mark_safe(' aria-current="true"')


def language_links(context):
    """One (code, local name, URL, whether it is the current language) per
    language. An article links to its published translation, or to that
    language's article list with a notice; never to an unpublished
    translation."""
    current = translation.get_language()
    paths = _link_paths(context, context.get("request"))
    return [
        (code, name_local, paths[code], code == current)
        for code, name_local in _local_names()
    ]


def _link_paths(context, request):
    codes = [code for code, _name in settings.LANGUAGES]
    article_paths = context.get("translation_paths")
    if article_paths is not None:
        article = context["article"]
        # A staff preview of a draft links to itself, not away.
        paths = {**article_paths, article.language: article.get_absolute_url()}
        return {
            code: paths.get(code) or _untranslated(code, article.language)
            for code in codes
        }
    if _is_error_page(context, request):
        return {code: alternates.view_path("home", code) for code in codes}
    return {code: alternates.translated_path(request.path, code) for code in codes}


def _untranslated(code, from_language):
    """Where an article not translated into ``code`` leads: that
    language's article list, which then says so."""
    return f"{alternates.view_path('articles:list', code)}?from={from_language}"


@cache
def _local_names():
    return [
        (code, get_language_info(code)["name_local"]) for code, _ in settings.LANGUAGES
    ]


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
