"""Read what a visitor sees: the FAQ items and the JSON-LD of a page."""

import json
import re
from html.parser import HTMLParser

from core.rich_text import plain_text

TAG_NAME_RE = re.compile(r"</?([a-zA-Z0-9]+)")


class _FaqParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items, self.json_ld = [], []
        self._capture = None
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "details" and "faq-item" in classes:
            self.items.append({"id": attrs.get("id"), "question": "", "answer": ""})
        elif tag == "summary" and self.items and self._capture is None:
            self._capture, self._depth = "question", 0
        elif tag == "div" and "faq-item__answer" in classes:
            self._capture, self._depth = "answer", 0
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._capture, self._depth = "json", 0
            self.json_ld.append("")
        elif self._capture:
            self._depth += 1
            self._append(" ")

    def handle_endtag(self, tag):
        if not self._capture:
            return
        if self._depth == 0:
            self._capture = None
        else:
            self._depth -= 1
            self._append(" ")

    def handle_data(self, data):
        self._append(data)

    def _append(self, text):
        if self._capture == "json":
            self.json_ld[-1] += text
        elif self._capture:
            self.items[-1][self._capture] += text


def visible_faq(html):
    """``[(question, answer text)]`` as shown in the page's FAQ items."""
    parser = _FaqParser()
    parser.feed(html)
    return [
        (" ".join(i["question"].split()), " ".join(i["answer"].split()))
        for i in parser.items
    ]


def faq_item_ids(html):
    parser = _FaqParser()
    parser.feed(html)
    return [i["id"] for i in parser.items]


def json_ld_blocks(html):
    parser = _FaqParser()
    parser.feed(html)
    return [json.loads(block) for block in parser.json_ld]


def faq_from_json_ld(block):
    """``[(question, answer text)]`` from a FAQPage block, and the set of
    HTML tags its answers use."""
    pairs, tags = [], set()
    for question in block["mainEntity"]:
        assert question["@type"] == "Question"
        answer = question["acceptedAnswer"]
        assert answer["@type"] == "Answer"
        tags |= {t.lower() for t in TAG_NAME_RE.findall(answer["text"])}
        pairs.append((question["name"], plain_text(answer["text"])))
    return pairs, tags
