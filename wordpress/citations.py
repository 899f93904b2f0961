"""A numbered reference list at the end of a post, as the article's
citations.

Recognised only when it is unmistakable: the body ends with a heading
named like a reference list followed by a numbered list whose every item
links to its source. Anything less stays in the body as it was.
"""

import html
import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.text import Truncator

from core.rich_text import plain_text
from references.models import ArticleCitation, Citation, normalise_doi

REFERENCE_HEADINGS = {
    "references",
    "sources",
    "bibliography",
    "kaynaklar",
    "kaynakça",
    "источники",
    "литература",
    "المراجع",
    "المصادر",
    "quellen",
    "literatur",
}
TRAILING_LIST_RE = re.compile(
    r"<h([2-4])>(?P<heading>[^<]*)</h\1>\s*<ol>(?P<items>(?:(?!</?ol).)*)</ol>\s*$",
    re.S,
)
ITEM_RE = re.compile(r"<li>(.*?)</li>", re.S)
LINK_RE = re.compile(r'<a href="(https?://[^"]+)"[^>]*>(.*?)</a>', re.S)
DOI_URL_RE = re.compile(r"^https?://(?:dx\.)?doi\.org/", re.I)


def split_references(sanitized_body):
    """(body without the list, [(title, url)]) or (body, []) when the body
    does not end with a recognisable reference list."""
    match = TRAILING_LIST_RE.search(sanitized_body)
    if match is None:
        return sanitized_body, []
    heading = plain_text(match.group("heading")).strip(" :").casefold()
    if heading not in REFERENCE_HEADINGS:
        return sanitized_body, []
    references = []
    for item in ITEM_RE.findall(match.group("items")):
        link = LINK_RE.search(item)
        if link is None:
            return sanitized_body, []
        url = html.unescape(link.group(1))
        title = plain_text(link.group(2)) or plain_text(item)
        if title == url:
            title = plain_text(LINK_RE.sub("", item)).strip(" .") or url
        references.append((title, url))
    return sanitized_body[: match.start()].rstrip(), references


def replace_citations(article, references, accessed_on):
    """The article's reference list, reusing sources already in the
    library (same URL); returns warnings."""
    warnings = []
    article.article_citations.all().delete()
    for position, (title, url) in enumerate(references, start=1):
        citation = Citation.objects.filter(url=url).first()
        if citation is None:
            citation = Citation(
                title=Truncator(title).chars(300),
                publisher=urlsplit(url).netloc.removeprefix("www.")[:200],
                url=url,
                doi=normalise_doi(url) if DOI_URL_RE.match(url) else "",
                accessed_on=accessed_on,
            )
            try:
                citation.full_clean()
            except ValidationError as error:
                warnings.append(f"Reference {position} left out: {error.messages[0]}")
                continue
            citation.save()
        ArticleCitation.objects.create(
            article=article, citation=citation, position=position
        )
    return warnings
