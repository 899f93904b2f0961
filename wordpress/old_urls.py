"""Every address a WordPress post or category answered at, redirected to
the page that replaces it, and links between posts pointed at the new
pages.

Permalinks are taken from the export (``<link>``), whatever permalink
structure the site used; the plain forms (``/?p=123``, ``/?page_id=7``,
``/?cat=4``) answer whatever the structure was.
"""

import html
import re
from urllib.parse import unquote, urlsplit

from django.http import QueryDict
from django.urls import reverse
from django.utils import translation

from articles.models import Article, page_path
from redirects.lookup import add_redirects, find_redirect

from .models import ImportedPost

HREF_RE = re.compile(r'href="([^"]*)"')
NOTE = "WordPress import"


def _path(url):
    """The decoded path of ``url``, as Django's request.path has it."""
    return unquote(urlsplit(url).path) or "/"


def post_redirects(item, article, channel):
    """Redirect the post's old addresses to ``article``; return the
    (old, new) pairs made."""
    new = article.get_absolute_url()
    old_paths = [f"/?p={item.post_id}"]
    if item.post_type == "page":
        old_paths.append(f"/?page_id={item.post_id}")
    link = urlsplit(item.link)
    if link.path not in ("", "/") and not link.query:
        permalink = _path(item.link)
        old_paths += [permalink, permalink.rstrip("/") + "/feed/"]
    # The article's own address lost any redirect away from it as it went
    # live (redirects.receivers).
    return add_all(old_paths, new, new_path_cleared=True)


def category_redirects(nicename, category, language, channel, translated=False):
    """Redirect the WordPress category's pages and feed to ``category``'s.
    A ``translated`` category (Polylang, WPML) was also at the address
    with its language first, as those plugins write it by default."""
    new = page_path("articles:category", language, category.slug)
    term_id = next(
        (tid for tid, name in channel.category_ids.items() if name == nicename), None
    )
    chain = "/".join(_category_chain(nicename, channel))
    old_paths = []
    for prefix in ["", f"/{language}"] if translated else [""]:
        base = f"{prefix}/category/{chain}/"
        old_paths += [base, base + "feed/"]
    if term_id:
        old_paths.append(f"/?cat={term_id}")
    return add_all(old_paths, new)


def feed_redirect(language):
    with translation.override(language):
        return add_all(["/feed/"], reverse("article_feed"))


def _category_chain(nicename, channel):
    """["parent", "child"]: WordPress puts the parents in category URLs."""
    chain = [nicename]
    while (parent := channel.categories.get(chain[0], ("", ""))[1]) and (
        parent not in chain
    ):
        chain.insert(0, parent)
    return chain


def add_all(old_paths, new, new_path_cleared=False):
    made = add_redirects(old_paths, new, note=NOTE, new_path_cleared=new_path_cleared)
    return [(old, new) for old in made]


def rewrite_internal_links(article_ids, site_url, report):
    """Point links to the old site's posts at their new pages, in the
    articles imported now (links to posts later in the export could only
    be rewritten once those were imported)."""
    old_host = urlsplit(site_url).netloc
    records = ImportedPost.objects.filter(article_id__in=article_ids)
    # One chunk at a time: ten thousand bodies would not fit in memory.
    for record in records.select_related("article").iterator(chunk_size=200):
        article = record.article
        body, broken = _rewritten(article.body, old_host)
        for url in broken:
            report.warn(record.wp_id, f"Link to an old page with no new address: {url}")
        if body != article.body:
            article.body = body
            article.save()
            # The rewrite is part of the import, not an edit made here.
            Article.objects.filter(pk=article.pk).update(
                updated_at=record.article_updated_at
            )


def _rewritten(body, old_host):
    broken = []

    def replace(match):
        url = html.unescape(match.group(1))
        parts = urlsplit(url)
        if parts.netloc != old_host or parts.path.startswith("/wp-content/"):
            return match.group(0)
        redirect = find_redirect(_path(url), QueryDict(parts.query))
        if redirect is None:
            broken.append(url)
            return match.group(0)
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        return f'href="{html.escape(redirect.new_path + fragment)}"'

    return HREF_RE.sub(replace, body), broken
