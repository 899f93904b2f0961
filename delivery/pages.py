"""Which visitor pages the page cache stores, and what each one shows: by
URL name, declared once here; the URLconf alone says which view and which
arguments a path means.

A URL whose name is not declared is never stored: a page added to an
app's ``urls.py`` is rendered afresh on every request until it is declared
here with what it depends on (see ``delivery.page_cache`` for the
versions).
"""

import re
from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import Resolver404, resolve
from django.utils import translation

# The query strings that name another page of a paged page; any other
# query string is not cached (nor are tracking parameters on these).
PAGE_PARAMETER = re.compile(r"^page=[1-9][0-9]{0,3}$")
# A page of a section's sitemap (website/sitemap.py).
SITEMAP_PAGE = re.compile(r"^p=[1-9][0-9]{0,3}$")

# "namespace:url_name": (what the page depends on, the query that names
# another page of it, if any).
# list: it lists articles or questions of its language; nav: it shows
# only the menu; article: one article (and its related articles); all:
# every language's lists.
PAGES = {
    "home": ("list", None),
    "articles:list": ("list", PAGE_PARAMETER),
    "articles:category": ("list", PAGE_PARAMETER),
    "articles:detail": ("article", None),
    "article_feed": ("list", None),
    "faq:list": ("list", None),
    "privacy": ("nav", None),
    "imprint": ("nav", None),
    "disclaimer": ("nav", None),
    "sitemap": ("all", None),
    "sitemap_section": ("all", SITEMAP_PAGE),
}


def dependencies(kind, language, kwargs):
    """The version names a page of this kind depends on."""
    if kind == "all":
        return ["site"] + [f"list:{code}" for code, _name in settings.LANGUAGES]
    names = ["site", f"nav:{language}"]
    if kind == "list":
        names.append(f"list:{language}")
    elif kind == "article":
        names.append(f"article:{language}:{kwargs['slug']}")
    return names


# Paths are visitor input: the memo is bounded (a path is at most a
# request line, 4 KB under gunicorn), and an unknown path costs one
# resolve() more than a known one.
@lru_cache(maxsize=1024)
def page(path):
    """(the query naming another page of it, version names) of the
    cacheable page at ``path``
    (``request.path_info``), else None.

    The page cache asks before Django's handler runs, when no language is
    active (or a previous request's is), and the i18n prefix matches the
    active language only: the path is resolved in the language its
    prefix names, as LocaleMiddleware will activate it."""
    language = translation.get_language_from_path(path)
    with translation.override(language):
        try:
            match = resolve(path)
        except Resolver404:
            return None
    declared = PAGES.get(match.view_name)
    if declared is None:
        return None
    kind, paged = declared
    if kind != "all" and language is None:
        return None  # declared for a page outside the language prefix
    return paged, tuple(dependencies(kind, language, match.kwargs))


@receiver(setting_changed)
def _forget_pages(*, setting, **kwargs):
    # Tests that swap the URLconf or the languages.
    if setting in {"ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE"}:
        page.cache_clear()
