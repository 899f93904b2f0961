"""WordPress's ``wpautop``: the paragraph rules classic-editor content is
shown with.

A port of ``wpautop()`` from wp-includes/formatting.php (WordPress 6.x):
blank lines become paragraphs, single newlines ``<br>``, except inside
``<pre>`` and between block-level tags (tables, lists, headings...). The
steps keep WordPress's order, since each one relies on the previous.
"""

import re

ALL_BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li"
    r"|pre|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend"
    r"|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details"
    r"|menu|summary)"
)
NEWLINE_IN_TAG = " <!-- wpnl --> "
TAG_RE = re.compile(r"<[^>]*>")


def _hide_pre_blocks(text):
    """Replace each <pre> block with a placeholder, so nothing inside it
    is touched; return the text and the placeholders."""
    pre_tags = {}
    if "<pre" not in text:
        return text, pre_tags
    pieces = text.split("</pre>")
    last = pieces.pop()
    out = []
    for index, piece in enumerate(pieces):
        start = piece.find("<pre")
        if start == -1:
            out.append(piece)
            continue
        name = f"<pre wp-pre-tag-{index}></pre>"
        pre_tags[name] = piece[start:] + "</pre>"
        out.append(piece[:start] + name)
    return "".join(out) + last, pre_tags


def _newlines_in_tags(text):
    # A newline inside a tag (between attributes) is not a line break.
    return TAG_RE.sub(lambda m: m.group(0).replace("\n", NEWLINE_IN_TAG), text)


def wpautop(text):
    if not text.strip():
        return ""
    text = text + "\n"
    text, pre_tags = _hide_pre_blocks(text)
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text)
    text = re.sub(rf"(<{ALL_BLOCKS}[\s/>])", r"\n\n\1", text)
    text = re.sub(rf"(</{ALL_BLOCKS}>)", r"\1\n\n", text)
    text = re.sub(r"(<hr\s*?/?>)", r"\1\n\n", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _newlines_in_tags(text)
    if "<figcaption" in text:
        text = re.sub(r"\s*(<figcaption[^>]*>)", r"\1", text)
        text = re.sub(r"</figcaption>\s*", "</figcaption>", text)
    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p]
    text = "".join(f"<p>{p.strip(chr(10))}</p>\n" for p in paragraphs)
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = re.sub(rf"<p>\s*(</?{ALL_BLOCKS}[^>]*>)\s*</p>", r"\1", text)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.I)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(rf"<p>\s*(</?{ALL_BLOCKS}[^>]*>)", r"\1", text)
    text = re.sub(rf"(</?{ALL_BLOCKS}[^>]*>)\s*</p>", r"\1", text)
    text = _line_breaks(text)
    text = re.sub(rf"(</?{ALL_BLOCKS}[^>]*>)\s*<br />", r"\1", text)
    text = re.sub(
        r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text
    )
    text = re.sub(r"\n</p>$", "</p>", text)
    for name, block in pre_tags.items():
        text = text.replace(name, block)
    return text.replace(NEWLINE_IN_TAG, "\n").replace("<!-- wpnl -->", "\n")


def _line_breaks(text):
    # Newlines inside script/style keep being newlines.
    text = re.sub(
        r"<(script|style|svg|math).*?</\1>",
        lambda m: m.group(0).replace("\n", "<WPPreserveNewline />"),
        text,
        flags=re.S,
    )
    text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
    text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
    return text.replace("<WPPreserveNewline />", "\n")
