"""The same page in the other languages: for the language switcher, the
``hreflang`` links in ``<head>`` and the sitemap, from one place so that
they always agree (and are symmetric: every page of a set lists the same
set, itself included).

An article page's alternates are its published translations (other
languages have a different slug, or nothing); every other page exists at
the same URL in every language. ``x-default`` is the default language's
version, else the first published one in ``LANGUAGES`` order.
"""

from functools import lru_cache

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation

from core.origin import absolute_url


def _with_x_default(paths):
    """``paths`` ({language: path}) as (hreflang, path) pairs in
    ``LANGUAGES`` order, plus x-default."""
    ordered = [
        (code, paths[code]) for code, _name in settings.LANGUAGES if code in paths
    ]
    if not ordered:
        return []
    default = paths.get(settings.LANGUAGE_CODE, ordered[0][1])
    return [*ordered, ("x-default", default)]


def article_paths(articles):
    """{language: path} of ``articles`` (published ones of one group)."""
    return {article.language: article.get_absolute_url() for article in articles}


def for_article(paths):
    """From ``article_paths`` of an article's published versions."""
    return _with_x_default(paths)


# A function of the URL configuration alone, asked for twice a page (the
# switcher, <head>); bounded, as paths come from visitors.
@lru_cache(maxsize=4096)
def translated_path(path, language):
    """``path`` in ``language``. Resolved in the path's own language: with
    i18n_patterns a URL resolves only while its language is active (the
    sitemap is rendered in the default language)."""
    own = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    with translation.override(own):
        return translate_url(path, language)


@lru_cache(maxsize=256)
def view_path(view_name, language):
    """The path of the view ``view_name`` (no arguments) in ``language``."""
    with translation.override(language):
        return reverse(view_name)


def for_path(path, languages=None):
    """``path`` (of a page that exists in every language) in each of
    ``languages`` (default: all)."""
    codes = languages or [code for code, _name in settings.LANGUAGES]
    return _with_x_default({code: translated_path(path, code) for code in codes})


def absolute(origin, pairs):
    """(hreflang, path) ``pairs`` with their paths made absolute."""
    return [(code, absolute_url(origin, path)) for code, path in pairs]
