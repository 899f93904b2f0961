"""Content checks run on every save of an article, before medical review.

Pure functions: ``check_body`` and ``check_summary`` take text and return
``Finding`` lists, ``check_article`` combines them for an article. Errors
block approval, warnings are shown but don't.

The page's title is its only ``<h1>``, so the body's headings start at
``<h2>``. Reference markers (``[3]``, typed as plain text) are found by
``references.markers``, the same code that links them on the page, and
checked against the article's number of citations.
"""

from html.parser import HTMLParser

from django.utils.translation import gettext_lazy as _

from references.markers import unmatched_markers

from .findings import ERROR, WARNING, CheckResult, Finding
from .translation_checks import check_translation

SUMMARY_MAX_LENGTH = 160


def _error(code, message):
    return Finding(ERROR, code, message)


def _warning(code, message):
    return Finding(WARNING, code, message)


class _BodyScanner(HTMLParser):
    """Walks the body once, collecting headings, tables, images and links
    with the text inside each."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.findings = []
        self.last_level = 1
        self._heading = None  # [level, text]
        self._link = None  # [href, text, has_alt_image]
        self._tables = []  # stack of dicts

    # Tags ---------------------------------------------------------------

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._heading = [int(tag[1]), ""]
        elif tag == "a":
            self._link = [attrs.get("href"), "", False]
        elif tag == "img":
            alt = (attrs.get("alt") or "").strip()
            if not alt:
                self.findings.append(
                    _error(
                        "image_alt",
                        _(
                            "An image has no alt text: describe it for patients "
                            "using screen readers."
                        ),
                    )
                )
            elif self._link is not None:
                self._link[2] = True
        elif tag == "table":
            self._tables.append(
                {"caption": False, "rows": 0, "first_row_th": False, "thead": False}
            )
        elif self._tables:
            table = self._tables[-1]
            if tag == "caption":
                table["caption"] = True
            elif tag == "thead":
                table["thead"] = True
            elif tag == "tr":
                table["rows"] += 1
            elif tag == "th" and table["rows"] <= 1:
                table["first_row_th"] = True

    def handle_endtag(self, tag):
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6") and self._heading:
            self._end_heading(*self._heading)
            self._heading = None
        elif tag == "a" and self._link is not None:
            self._end_link(*self._link)
            self._link = None
        elif tag == "table" and self._tables:
            self._end_table(self._tables.pop())

    def handle_data(self, data):
        if self._heading is not None:
            self._heading[1] += data
        if self._link is not None:
            self._link[1] += data

    # Checks -------------------------------------------------------------

    def _end_heading(self, level, text):
        if not text.strip():
            self.findings.append(
                _error(
                    "empty_heading",
                    _("A heading (H%(level)d) is empty.") % {"level": level},
                )
            )
        if level == 1:
            self.findings.append(
                _error(
                    "heading_h1",
                    _(
                        "The body uses H1; the page title is the only H1. Start "
                        "sections at H2."
                    ),
                )
            )
        elif level > self.last_level + 1:
            self.findings.append(
                _error(
                    "heading_skipped",
                    _(
                        "Heading levels skip from H%(before)d to H%(after)d "
                        "(“%(text)s”); screen-reader users navigate by them."
                    )
                    % {"before": self.last_level, "after": level, "text": text.strip()},
                )
            )
        self.last_level = level

    def _end_link(self, href, text, has_alt_image):
        href = (href or "").strip()
        if not text.strip() and not has_alt_image:
            self.findings.append(
                _error(
                    "link_text",
                    _("A link has no text: patients can't tell where it goes."),
                )
            )
        scheme = href.split(":", 1)[0].lower() if ":" in href else ""
        if not href:
            self.findings.append(_error("link_target", _("A link has no address.")))
        elif scheme == "javascript":
            self.findings.append(
                _error(
                    "link_javascript",
                    _("A link runs a script (javascript:); it will be removed."),
                )
            )
        elif scheme == "http":
            self.findings.append(
                _warning(
                    "link_insecure",
                    _("A link uses http:, not https: (%(href)s).") % {"href": href},
                )
            )

    def _end_table(self, table):
        if not (table["thead"] or table["first_row_th"]):
            self.findings.append(
                _error(
                    "table_header",
                    _(
                        "A table has no header row: mark its first row as a "
                        "header so screen readers can name the columns."
                    ),
                )
            )
        if not table["caption"]:
            self.findings.append(
                _warning("table_caption", _("A table has no caption."))
            )


def check_body(html, citation_count=None):
    """Findings for an article body (HTML as CKEditor sends it); reference
    markers are checked when ``citation_count`` is given."""
    scanner = _BodyScanner()
    scanner.feed(html or "")
    scanner.close()
    findings = list(scanner.findings)
    if citation_count is not None:
        for number in unmatched_markers(html or "", citation_count):
            findings.append(
                _error(
                    "reference_uncited",
                    _("Reference marker [%(number)d] has no citation.")
                    % {"number": number},
                )
            )
    return findings


def check_summary(summary):
    summary = (summary or "").strip()
    if not summary:
        return [_error("summary_missing", _("The summary is missing."))]
    if len(summary) > SUMMARY_MAX_LENGTH:
        return [
            _error(
                "summary_too_long",
                _(
                    "The summary has %(length)d characters; at most %(max)d are "
                    "shown in search results."
                )
                % {"length": len(summary), "max": SUMMARY_MAX_LENGTH},
            )
        ]
    return []


def citation_count(article):
    """How many references the article lists (none before its first save)."""
    return article.article_citations.count() if article.pk else 0


def check_article(article):
    # A translation is checked against its source too (what is left
    # untranslated).
    return CheckResult(
        check_summary(article.summary)
        + check_body(article.body, citation_count=citation_count(article))
        + check_translation(article)
    )
