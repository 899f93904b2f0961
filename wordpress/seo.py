"""Yoast and Rank Math SEO settings of a post.

The article's summary is its meta description here, so the post's SEO
description becomes the summary. The SEO title, a canonical address
naming another site's page and a "noindex" go to the article's own
fields (``seo_fields``). What can't be kept is reported for an editor:
an SEO title with a variable this site can't fill in, and a canonical
naming another page of the old site (its address stops being a page).
"""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from articles.models import SITE_NAME

DESCRIPTION_KEYS = ("_yoast_wpseo_metadesc", "rank_math_description")
TITLE_KEYS = ("_yoast_wpseo_title", "rank_math_title")
CANONICAL_KEYS = ("_yoast_wpseo_canonical", "rank_math_canonical_url")
# A variable the plugin fills in as it shows the page: "%%title%%"
# (Yoast) or "%title%" (Rank Math).
VARIABLE_RE = re.compile(r"%%?([a-z_]+)%%?", re.IGNORECASE)
# The separator between the parts of a title, as this site's templates
# write it.
SEPARATOR = "|"
# Left at the ends of a title once an emptied variable is taken out.
DANGLING = " |-–—·•:"


def _raw(item, keys):
    for key in keys:
        if value := item.meta.get(key, "").strip():
            return value
    return ""


def _first(item, keys):
    value = _raw(item, keys)
    # Variables make a template the plugin fills in, not text to keep.
    return "" if VARIABLE_RE.search(value) else value


def _address(url):
    parts = urlsplit(url)
    return parts.netloc.removeprefix("www."), parts.path.rstrip("/")


def meta_description(item):
    return _first(item, DESCRIPTION_KEYS)


def is_noindex(item):
    return item.meta.get("_yoast_wpseo_meta-robots-noindex", "").strip() == "1" or (
        '"noindex"' in item.meta.get("rank_math_robots", "")
    )


@dataclass
class SeoFields:
    seo_title: str
    canonical_url: str
    noindex: bool
    warnings: list


def seo_fields(item):
    """The article's SEO fields from the post's Yoast or Rank Math
    settings, with what couldn't be kept."""
    warnings = []
    title = seo_title(item, warnings)
    canonical = _raw(item, CANONICAL_KEYS)
    if canonical and _address(canonical) == _address(item.link):
        canonical = ""  # the post itself: this page
    elif canonical and _address(canonical)[0] == _address(item.link)[0]:
        warnings.append(
            f"Canonical address {canonical} not kept: it names another page "
            "of the old site. Set the canonical address of that article if "
            "this one should point to it."
        )
        canonical = ""
    return SeoFields(title, canonical[:500], is_noindex(item), warnings)


def seo_title(item, warnings):
    """The post's SEO title with the variables this site can fill in
    filled in, or "" if it is the title this page has anyway or if it
    names a variable it can't fill in (reported)."""
    template = _raw(item, TITLE_KEYS)
    if not template:
        return ""
    known = {
        "title": item.title,
        "sitename": SITE_NAME,
        "sep": SEPARATOR,
        # The page number of a paginated post: articles are one page.
        "page": "",
    }
    unknown = sorted(
        {name for name in VARIABLE_RE.findall(template) if name.lower() not in known}
    )
    if unknown:
        names = ", ".join(f"%%{name}%%" for name in unknown)
        warnings.append(
            f"SEO title “{template}” not kept: this site can't fill in {names}."
        )
        return ""
    filled = VARIABLE_RE.sub(lambda match: known[match[1].lower()], template)
    # "%%title%% %%page%% %%sep%%" leaves a separator with nothing after
    # it, "%%sep%% %%page%% %%sep%%" two in a row.
    filled = re.sub(r"\|(\s*\|)+", "|", " ".join(filled.split()))
    filled = filled.strip(DANGLING) or item.title
    if filled in (item.title, f"{item.title} {SEPARATOR} {SITE_NAME}"):
        return ""
    return filled[:200]
