"""Yoast and Rank Math SEO settings of a post.

The article's summary is its meta description here, so the post's SEO
description becomes the summary. The page title is the article's title
and the canonical address is the page's own; an SEO title, a canonical
pointing elsewhere and a "noindex" have no field to go to and are
reported for an editor to decide.
"""

from urllib.parse import urlsplit

DESCRIPTION_KEYS = ("_yoast_wpseo_metadesc", "rank_math_description")
TITLE_KEYS = ("_yoast_wpseo_title", "rank_math_title")
CANONICAL_KEYS = ("_yoast_wpseo_canonical", "rank_math_canonical_url")


def _first(item, keys):
    for key in keys:
        value = item.meta.get(key, "").strip()
        # "%%title%% %%sep%%" (Yoast) or "%title%" (Rank Math) are
        # templates filled in by the plugin, not text to keep.
        if value and "%" not in value:
            return value
    return ""


def _address(url):
    parts = urlsplit(url)
    return parts.netloc.removeprefix("www."), parts.path.rstrip("/")


def meta_description(item):
    return _first(item, DESCRIPTION_KEYS)


def is_noindex(item):
    return item.meta.get("_yoast_wpseo_meta-robots-noindex", "").strip() == "1" or (
        '"noindex"' in item.meta.get("rank_math_robots", "")
    )


def seo_warnings(item):
    warnings = []
    title = _first(item, TITLE_KEYS)
    if title and title != item.title:
        warnings.append(
            f"SEO title “{title}” not kept: the page title is the article's title."
        )
    canonical = _first(item, CANONICAL_KEYS)
    if canonical and _address(canonical) != _address(item.link):
        warnings.append(
            f"Canonical address {canonical} not kept (it names another page)."
        )
    if is_noindex(item):
        warnings.append(
            "WordPress kept this post out of search engines (noindex); this "
            "site has no such setting: unpublish it if it should stay hidden."
        )
    return warnings
