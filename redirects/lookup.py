"""Finding and making redirects.

An old address is stored as its path, plus the query for the WordPress
addresses whose query names the page (``/?p=123``, ``/?page_id=7``,
``/?cat=4``). Redirects never chain: ``add_redirect`` points a redirect
whose target is itself redirected straight at the final page.
"""

from urllib.parse import unquote

from django.db.models import F
from django.utils import timezone
from django.utils.encoding import iri_to_uri

from .models import Redirect

# WordPress's "plain" permalinks: the query is the address.
QUERY_KEYS = ("p", "page_id", "cat")


def candidate_paths(path, query):
    """The stored forms a request may match, most specific first."""
    keys = [f"{path}?{name}={query[name]}" for name in QUERY_KEYS if query.get(name)]
    return [*keys, path]


def names_a_page(query):
    return any(query.get(name) for name in QUERY_KEYS)


def find_redirect(path, query):
    """The redirect for ``path`` and ``query`` (a QueryDict), or None."""
    candidates = candidate_paths(path, query)
    found = {r.old_path: r for r in Redirect.objects.filter(old_path__in=candidates)}
    return next((found[c] for c in candidates if c in found), None)


def count_hit(redirect):
    Redirect.objects.filter(pk=redirect.pk).update(
        hits=F("hits") + 1, last_hit_at=timezone.now()
    )


def add_redirect(old_path, new_path, note=""):
    """Redirect ``old_path`` to the live page at ``new_path``; return the
    redirect, or None when it would point to itself."""
    add_redirects([old_path], new_path, note)
    return Redirect.objects.filter(old_path=unquote(old_path)).first()


def add_redirects(old_paths, new_path, note="", new_path_cleared=False):
    """Redirect each of ``old_paths`` to the live page at ``new_path``, in
    three queries however many (two when ``new_path_cleared``: its own
    redirect went when it went live, ``page_published``); return the old
    paths redirected (not ``new_path`` itself)."""
    if not new_path_cleared:
        page_published(new_path)
    # Requests are matched on their decoded path, as request.path has it.
    old_paths = list(dict.fromkeys(unquote(p) for p in old_paths))
    old_paths = [p for p in old_paths if p != unquote(new_path)]
    if not old_paths:
        return []
    # Redirects that led to an old address now lead to the new one: one
    # hop, never a chain.
    Redirect.objects.filter(new_path__in=_spellings(old_paths)).update(
        new_path=new_path
    )
    Redirect.objects.bulk_create(
        [Redirect(old_path=p, new_path=new_path, note=note) for p in old_paths],
        update_conflicts=True,
        unique_fields=["old_path"],
        update_fields=["new_path", "note"],
    )
    return old_paths


def page_moved(old_path, new_path, note=""):
    """The page at ``old_path`` is now at ``new_path``: the old address,
    and every redirect that led to it, lead to the new one."""
    add_redirects([old_path], new_path, note=note)


def page_published(path):
    """``path`` is a page again: a redirect away from it is stale."""
    Redirect.objects.filter(old_path=unquote(path)).delete()


def _spellings(paths):
    """Each path as it may be stored as a redirect's target: decoded, or
    percent-encoded as pages give their addresses."""
    return {form for path in paths for form in (path, iri_to_uri(path))}
