"""Reading a WordPress eXtended RSS (WXR) export as a stream.

The export is parsed with defusedxml's ``iterparse``: no DTD is accepted,
so entity expansion (XML bombs) and external entities (files or URLs read
by the parser) are refused before they are looked at. Each ``<item>`` is
turned into a ``WxrItem`` and dropped from the tree as soon as it has been
read, so memory stays flat whatever the size of the file.

WordPress writes the channel's description (site URL, authors, categories)
before the items, so by the first item everything an item refers to is
known.
"""

import datetime
import re
from dataclasses import dataclass, field
from urllib.parse import unquote
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.utils import timezone

# WXR 1.0, 1.1 and 1.2 differ only in the version in these namespaces.
WP_NAMESPACE_PREFIX = "http://wordpress.org/export/"
CONTENT_NAMESPACE = "http://purl.org/rss/1.0/modules/content/"
DC_NAMESPACE = "http://purl.org/dc/elements/1.1/"
SUPPORTED_VERSIONS = {"1.0", "1.1", "1.2"}
# What WordPress writes for "no date" (drafts never published).
ZERO_DATE = "0000-00-00 00:00:00"
# One item of a serialised PHP array of strings to numbers: s:2:"en";i:4;
PHP_ARRAY_ITEM_RE = re.compile(r's:\d+:"([^"]*)";i:(\d+);')


class WxrError(Exception):
    """The file can't be read as a WordPress export; nothing was imported."""


@dataclass
class Channel:
    site_url: str = ""
    blog_url: str = ""
    version: str = ""
    language: str = ""
    # login -> display name
    authors: dict = field(default_factory=dict)
    # nicename -> (name, parent nicename)
    categories: dict = field(default_factory=dict)
    # term ID -> nicename (the primary category is named by its ID)
    category_ids: dict = field(default_factory=dict)
    # nicename -> description, and -> {meta key: value} (WPML's language)
    category_descriptions: dict = field(default_factory=dict)
    category_meta: dict = field(default_factory=dict)
    # Polylang's groups of translated terms: term ID -> {language: term ID}
    term_translations: dict = field(default_factory=dict)


@dataclass
class WxrItem:
    post_id: int
    post_type: str
    status: str
    title: str = ""
    link: str = ""
    guid: str = ""
    slug: str = ""
    content: str = ""
    excerpt: str = ""
    creator: str = ""
    published_at: datetime.datetime | None = None
    modified_at: datetime.datetime | None = None
    parent_id: int = 0
    attachment_url: str = ""
    # (domain, nicename, name): categories, tags, Polylang's language and
    # translation group.
    terms: list = field(default_factory=list)
    # meta key -> value (the last one wins, as get_post_meta(..., true)).
    meta: dict = field(default_factory=dict)

    def terms_in(self, domain):
        return [(nicename, name) for d, nicename, name in self.terms if d == domain]


def _split(tag):
    """(namespace, local name) of an ElementTree tag."""
    if tag.startswith("{"):
        namespace, local = tag[1:].split("}", 1)
        return namespace, local
    return "", tag


def _is_wp(namespace):
    return namespace.startswith(WP_NAMESPACE_PREFIX)


def _text(element):
    return (element.text or "").strip()


def parse_date(gmt, local):
    """An aware datetime from the GMT date, else the local one (in the
    site's time zone), else None."""
    for value, zone in ((gmt, datetime.UTC), (local, None)):
        if value and value != ZERO_DATE:
            try:
                naive = datetime.datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
            except ValueError:
                continue
            if zone is None:
                return timezone.make_aware(naive)
            return naive.replace(tzinfo=zone)
    return None


def _slug(post_name):
    # WordPress stores non-ASCII slugs percent-encoded ("%d8%b3...").
    return unquote(post_name).strip()


def _read_item(element):
    fields, terms = {}, []
    for child in element:
        namespace, local = _split(child.tag)
        if local == "postmeta" and _is_wp(namespace):
            continue
        if local == "category" and not namespace:
            terms.append(
                (
                    child.get("domain", ""),
                    _slug(child.get("nicename", "")),
                    _text(child),
                )
            )
        elif local == "encoded":
            kind = "content" if namespace == CONTENT_NAMESPACE else "excerpt"
            fields[kind] = child.text or ""
        elif namespace == DC_NAMESPACE and local == "creator":
            fields["creator"] = _text(child)
        elif local != "comment":
            fields[local] = child.text or ""
    meta = _meta(element, "postmeta")
    try:
        post_id = int(fields.get("post_id", ""))
    except ValueError as error:
        raise WxrError("An item has no post ID: is this a WordPress export?") from error
    return WxrItem(
        post_id=post_id,
        post_type=fields.get("post_type", "").strip(),
        status=fields.get("status", "").strip(),
        title=fields.get("title", "").strip(),
        link=fields.get("link", "").strip(),
        guid=fields.get("guid", "").strip(),
        slug=_slug(fields.get("post_name", "")),
        content=fields.get("content", ""),
        excerpt=fields.get("excerpt", ""),
        creator=fields.get("creator", ""),
        published_at=parse_date(
            fields.get("post_date_gmt", "").strip(), fields.get("post_date", "").strip()
        ),
        modified_at=parse_date(
            fields.get("post_modified_gmt", "").strip(),
            fields.get("post_modified", "").strip(),
        ),
        parent_id=int(fields.get("post_parent", "0").strip() or 0),
        attachment_url=fields.get("attachment_url", "").strip(),
        terms=terms,
        meta=meta,
    )


def _read_channel_part(channel, local, element):
    if local == "wxr_version":
        channel.version = _text(element)
    elif local == "base_site_url":
        channel.site_url = _text(element).rstrip("/")
    elif local == "base_blog_url":
        channel.blog_url = _text(element).rstrip("/")
    elif local == "author":
        parts = {_split(child.tag)[1]: _text(child) for child in element}
        login = parts.get("author_login", "")
        if login:
            channel.authors[login] = parts.get("author_display_name") or login
    elif local == "category":
        _read_category(channel, element)
    elif local == "term":
        _read_term(channel, element)


def _read_category(channel, element):
    parts = {_split(child.tag)[1]: _text(child) for child in element}
    nicename = _slug(parts.get("category_nicename", ""))
    if not nicename:
        return
    channel.categories[nicename] = (
        parts.get("cat_name") or nicename,
        _slug(parts.get("category_parent", "")),
    )
    channel.category_ids[parts.get("term_id", "")] = nicename
    if parts.get("category_description"):
        channel.category_descriptions[nicename] = parts["category_description"]
    if meta := _meta(element, "termmeta"):
        channel.category_meta[nicename] = meta


def _read_term(channel, element):
    """Polylang's ``term_translations`` terms: their description (a PHP
    array) names the term of each language, {"en": 4, "tr": 12}."""
    parts = {_split(child.tag)[1]: _text(child) for child in element}
    if parts.get("term_taxonomy") != "term_translations":
        return
    group = dict(PHP_ARRAY_ITEM_RE.findall(parts.get("term_description", "")))
    for term_id in group.values():
        channel.term_translations[term_id] = group


def _meta(element, kind):
    """{meta key: value} of the element's ``wp:postmeta`` or
    ``wp:termmeta`` (the last value of a key wins, as
    ``get_post_meta(..., true)``)."""
    meta = {}
    for child in element:
        namespace, local = _split(child.tag)
        if local != kind or not _is_wp(namespace):
            continue
        key = value = ""
        for part in child:
            part_local = _split(part.tag)[1]
            if part_local == "meta_key":
                key = _text(part)
            elif part_local == "meta_value":
                value = part.text or ""
        meta[key] = value
    return meta


def read_export(source):
    """Yield the export's ``Channel`` first, then each ``WxrItem``.

    ``source`` is a path or a binary file. Raises ``WxrError`` for
    anything that isn't a well-formed, safe WordPress export; the error
    may come after some items, so callers that write must read the whole
    file once first (``scan``)."""
    try:
        yield from _read_export(source)
    except DefusedXmlException as error:
        raise WxrError(
            "The file declares a DTD or entities, which WordPress exports "
            "never do; it was refused unread for safety."
        ) from error
    except ParseError as error:
        raise WxrError(f"The file is not well-formed XML ({error}).") from error


def _read_export(source):
    channel = Channel()
    depth, channel_element, channel_sent = 0, None, False
    events = iterparse(source, events=("start", "end"), forbid_dtd=True)
    for event, element in events:
        namespace, local = _split(element.tag)
        if event == "start":
            depth += 1
            if depth == 1 and local != "rss":
                raise WxrError("The file is XML but not an RSS feed.")
            if depth == 2 and local == "channel":
                channel_element = element
            continue
        depth -= 1
        if depth != 2 or channel_element is None:
            continue
        if local == "item" and not namespace:
            if not channel_sent:
                _check_channel(channel)
                channel_sent = True
                yield channel
            yield _read_item(element)
        elif _is_wp(namespace):
            _read_channel_part(channel, local, element)
        # Read: let it go, so the tree never holds more than one item.
        channel_element.remove(element)
    if channel_element is None:
        raise WxrError("The file is an RSS feed without a channel.")
    if not channel_sent:
        _check_channel(channel)
        yield channel


def _check_channel(channel):
    if not channel.version:
        raise WxrError(
            "The file is an RSS feed but not a WordPress export (it has no "
            "wp:wxr_version)."
        )
    if channel.version not in SUPPORTED_VERSIONS:
        raise WxrError(f"WXR version {channel.version} is not supported.")
    if not channel.site_url:
        raise WxrError("The export does not say which site it came from.")
