"""A WordPress post body as WordPress shows it, in the markup articles use.

``convert_body`` takes ``content:encoded`` and returns HTML ready for the
article's body field (which sanitises it again when saved), the FAQ pairs
found in Yoast or Rank Math FAQ blocks, and warnings for the report:

- block-editor content (``<!-- wp:… -->``) has its block comments removed
  and its blocks mapped (tables get their caption, images and galleries
  become figures, embeds links, FAQ blocks FAQ entries);
- classic content gets ``wpautop``'s paragraphs;
- ``[caption]`` becomes ``figure``/``figcaption``; other shortcodes are
  reported and removed (the text they enclose is kept);
- headings are brought into the H2-H4 range the page outline uses;
- whatever the sanitiser removes (scripts, event handlers, ``javascript:``
  links, iframes, inline styles) is named in the warnings.
"""

import html
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

from core.rich_text import sanitize_html

from .autop import wpautop

BLOCK_COMMENT_RE = re.compile(r"<!--\s+/?wp:[^>]*?-->\s*", re.S)
MORE_RE = re.compile(r"<!--(more|nextpage|noteaser)(.*?)?-->")
# An opening block comment: name and optional JSON attributes. WordPress
# escapes "--" inside the attributes, so the first "-->" ends the comment.
BLOCK_OPEN = (
    r"<!--\s+wp:(?P<name>[a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?)\s+"
    r"(?P<attrs>\{.*?\}\s+)?/?-->"
)
FAQ_BLOCKS = {"yoast/faq-block", "rank-math/faq-block"}
CORE_BLOCKS_KEPT_AS_HTML = {
    "paragraph",
    "heading",
    "list",
    "list-item",
    "quote",
    "pullquote",
    "table",
    "image",
    "gallery",
    "separator",
    "html",
    "shortcode",
    "more",
    "nextpage",
    "group",
    "columns",
    "column",
    "preformatted",
    "code",
    "verse",
    "freeform",
    "spacer",
    "media-text",
    "details",
}
# Shortcodes WordPress and common plugins register that take no closing
# tag and may come without attributes.
KNOWN_SHORTCODES = {"gallery", "audio", "video", "playlist", "embed", "toc", "wpforms"}
# WordPress's shortcode grammar (get_shortcode_regex): [name attrs],
# [name attrs /], [name attrs]content[/name]; [[name]] is an escaped one.
SHORTCODE_RE = re.compile(
    r"\[(?P<escape_open>\[?)(?P<name>[A-Za-z][\w-]*)(?![\w-])"
    r"(?P<attrs>[^\]/]*(?:/(?!\])[^\]/]*)*?)"
    r"(?:(?P<self_closing>/)\]|\](?:(?P<content>[^\[]*(?:\[(?!/(?P=name)\])[^\[]*)*)"
    r"\[/(?P=name)\])?)(?P<escape_close>\]?)",
    re.S,
)
ATTR_RE = re.compile(r'([\w-]+)\s*=\s*"([^"]*)"|([\w-]+)\s*=\s*\'([^\']*)\'')
IMG_TAG_RE = re.compile(r"<img\b[^>]*>", re.I)
HEADING_RE = re.compile(r"<(/?)h([1-6])(\b[^>]*)>", re.I)
# Wrappers WordPress themes and editors add, which the sanitiser unwraps
# keeping their text: not worth a warning.
HARMLESS_TAGS = {
    "div",
    "span",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "main",
    "small",
    "u",
    "s",
    "del",
    "ins",
    "mark",
    "abbr",
    "code",
    "pre",
    "dl",
    "dt",
    "dd",
    "h5",
    "h6",
    "html",
    "body",
}
# Attributes of presentation or of WordPress's own markup.
HARMLESS_ATTRIBUTES = {
    "class",
    "id",
    "rel",
    "target",
    "loading",
    "decoding",
    "sizes",
    "srcset",
    "align",
    "title",
    "lang",
    "dir",
}


@dataclass
class ConvertedBody:
    html: str
    faq: list = field(default_factory=list)  # [(question, answer_html)]
    warnings: list = field(default_factory=list)


def convert_body(content):
    warnings = []
    faq = []
    if "<!-- wp:" in content:
        content = _map_blocks(content, faq, warnings)
        content = _convert_shortcodes(content, warnings)
    else:
        content = MORE_RE.sub("", content)
        # Shortcodes first: a [caption] turned into a figure is a block
        # that wpautop leaves out of its paragraphs.
        content = wpautop(_convert_shortcodes(content, warnings))
    content = _fit_headings(content, warnings)
    warnings.extend(removed_by_sanitiser(content, sanitize_html(content)))
    return ConvertedBody(html=content.strip(), faq=faq, warnings=warnings)


# Blocks ------------------------------------------------------------------


def _block_re(names):
    alternatives = "|".join(re.escape(n) for n in names)
    return re.compile(
        rf"<!--\s+wp:(?P<name>{alternatives})\s+(?P<attrs>\{{.*?\}}\s+)?-->"
        rf"(?P<inner>.*?)<!--\s+/wp:(?P=name)\s+-->",
        re.S,
    )


def _attrs(match):
    try:
        return json.loads(match.group("attrs") or "{}")
    except ValueError:
        return {}


def _map_blocks(content, faq, warnings):
    content = _block_re(FAQ_BLOCKS).sub(lambda m: _faq_block(m, faq), content)
    content = _block_re(["embed", "core-embed/[a-z-]+", "video", "audio"]).sub(
        _embed_block, content
    )
    content = _block_re(["gallery"]).sub(_gallery_block, content)
    content = _block_re(["table"]).sub(_table_block, content)
    content = _block_re(["image"]).sub(_image_block, content)
    for match in re.finditer(BLOCK_OPEN, content):
        name = match.group("name").removeprefix("core/")
        if name not in CORE_BLOCKS_KEPT_AS_HTML:
            warnings.append(
                f"Block “{name}” is not known here: only its HTML was kept."
            )
    content = MORE_RE.sub("", BLOCK_COMMENT_RE.sub("", content))
    return content


def _faq_block(match, faq):
    for question in _attrs(match).get("questions", []):
        # Yoast: jsonQuestion/jsonAnswer; Rank Math: title/content.
        asked = question.get("jsonQuestion") or question.get("title") or ""
        answer = question.get("jsonAnswer") or question.get("content") or ""
        if question.get("visible", True) and asked.strip() and answer.strip():
            text = html.unescape(re.sub(r"<[^>]+>", "", asked)).strip()
            if not answer.lstrip().startswith("<"):
                answer = f"<p>{answer}</p>"
            faq.append((text, answer))
    return ""


def _embed_block(match):
    url = _attrs(match).get("url") or ""
    if not url:
        found = re.search(r"https?://[^\s<\"]+", match.group("inner"))
        url = found.group(0) if found else ""
    if not url:
        return ""
    safe = html.escape(url)
    return f'<p><a href="{safe}">{safe}</a></p>'


INNER_FIGURE_RE = re.compile(r"<figure\b[^>]*>((?:(?!<figure\b).)*?)</figure>", re.S)
FIGCAPTION_RE = re.compile(r"<figcaption\b[^>]*>(.*?)</figcaption>", re.S)


def _gallery_block(match):
    inner = _block_re(["image"]).sub(_image_block, match.group("inner"))
    figures = [
        f'<figure class="image">{m.group(1)}</figure>'
        for m in INNER_FIGURE_RE.finditer(inner)
    ]
    if not figures:
        figures = [
            f'<figure class="image">{img}</figure>' for img in IMG_TAG_RE.findall(inner)
        ]
    return "\n".join(figures)


def _image_block(match):
    inner = match.group("inner").strip()
    body = INNER_FIGURE_RE.search(inner)
    content = body.group(1) if body else inner
    return f'<figure class="image">{content}</figure>'


def _table_block(match):
    inner = match.group("inner")
    caption = FIGCAPTION_RE.search(inner)
    table = re.search(r"<table\b[^>]*>(.*?)</table>", inner, re.S)
    if table is None:
        return ""
    rows = table.group(1)
    if caption and caption.group(1).strip():
        rows = f"<caption>{caption.group(1).strip()}</caption>{rows}"
    return f'<figure class="table"><table>{rows}</table></figure>'


# Shortcodes --------------------------------------------------------------


def _shortcode_attrs(text):
    values = {}
    for m in ATTR_RE.finditer(text or ""):
        if m.group(1):
            values[m.group(1).lower()] = m.group(2)
        else:
            values[m.group(3).lower()] = m.group(4)
    return values


def _is_shortcode(match):
    """Square brackets in prose ("[sic]", reference markers) are not
    shortcodes: only a closing tag, attributes or a known name make one."""
    name = match.group("name").lower()
    return (
        match.group("content") is not None
        or match.group("self_closing")
        or "=" in match.group("attrs")
        or "_" in name
        or "-" in name
        or name in KNOWN_SHORTCODES
        or name in {"caption", "wp_caption"}
    )


def _convert_shortcodes(content, warnings):
    def replace(match):
        if match.group("escape_open") and match.group("escape_close"):
            return match.group(0)[1:-1]
        if not _is_shortcode(match):
            return match.group(0)
        name = match.group("name").lower()
        inner = match.group("content") or ""
        if name in {"caption", "wp_caption"}:
            return _caption(_shortcode_attrs(match.group("attrs")), inner)
        warnings.append(f"Shortcode [{name}] removed.")
        return SHORTCODE_RE.sub(replace, inner)

    return SHORTCODE_RE.sub(replace, content)


CAPTIONED_IMAGE_RE = re.compile(
    r"\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)", re.S
)


def _caption(attrs, inner):
    """[caption]<img …> Text[/caption], or the text in caption="…", as a
    figure with its figcaption."""
    image = CAPTIONED_IMAGE_RE.match(inner)
    if image is None:
        return inner
    text = image.group(2).strip() or attrs.get("caption", "")
    figcaption = f"<figcaption>{text}</figcaption>" if text else ""
    return f'<figure class="image">{image.group(1)}{figcaption}</figure>'


# Headings ----------------------------------------------------------------


def _fit_headings(content, warnings):
    """The page title is the only H1 and the outline goes to H4: an H1 in
    the body becomes an H2, an H5 or H6 an H4."""
    changed = Counter()

    def replace(match):
        level = int(match.group(2))
        fitted = min(max(level, 2), 4)
        if fitted != level and not match.group(1):
            changed[level] += 1
        return f"<{match.group(1)}h{fitted}{match.group(3)}>"

    content = HEADING_RE.sub(replace, content)
    for level, count in sorted(changed.items()):
        warnings.append(f"{count} H{level} heading(s) changed to fit H2–H4.")
    return content


# What the sanitiser removed ----------------------------------------------


class _Inventory(HTMLParser):
    """Counts of tags, of attributes per tag, and of script URLs."""

    def __init__(self, html_text):
        super().__init__(convert_charrefs=True)
        self.tags = Counter()
        self.attributes = Counter()
        self.feed(html_text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        for name, value in attrs:
            if (value or "").strip().lower().startswith(("javascript:", "data:")):
                self.attributes[(tag, f"{name}=javascript:")] += 1
            else:
                self.attributes[(tag, name)] += 1

    handle_startendtag = handle_starttag


def removed_by_sanitiser(before, after):
    """Warnings naming what sanitising ``before`` into ``after`` removed
    that an editor should know about."""
    was, now = _Inventory(before), _Inventory(after)
    warnings = []
    for tag, count in sorted((was.tags - now.tags).items()):
        if tag not in HARMLESS_TAGS:
            warnings.append(f"Removed {count} <{tag}> element(s).")
    for (tag, name), count in sorted((was.attributes - now.attributes).items()):
        if name in HARMLESS_ATTRIBUTES or name.startswith(("data-", "aria-")):
            continue
        gone_with_element = (
            tag in HARMLESS_TAGS or was.tags[tag] - now.tags[tag] >= count
        )
        # Reported with its element, unless it is a style or a handler.
        if gone_with_element and name != "style" and not name.startswith("on"):
            continue
        if name == "style":
            warnings.append(f"Removed {count} inline style(s) on <{tag}>.")
        elif name.endswith("=javascript:"):
            warnings.append(f"Removed {count} script link(s) on <{tag}>.")
        else:
            warnings.append(f"Removed {count} “{name}” attribute(s) on <{tag}>.")
    return warnings
