"""Content checks of a translation against its source.

A translation starts as a copy of its source, so text nobody translated is
text identical to the source's. What is easy to miss is what the page
doesn't show as body text: the hero image's alt text and caption, the
body images' alt texts and captions, and the FAQ. Each is a warning for
the translator and the reviewer, not an error: a proper name or a drug's
name may rightly stay as it is.
"""

from html.parser import HTMLParser

from django.utils.translation import gettext_lazy as _

from core.rich_text import plain_text

from .findings import WARNING, Finding


class _ImageTexts(HTMLParser):
    """The alt texts and captions of the images in a body."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.alts, self.captions = [], []
        self._caption = None

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.alts.append(dict(attrs).get("alt") or "")
        elif tag == "figcaption":
            self._caption = ""

    def handle_endtag(self, tag):
        if tag == "figcaption" and self._caption is not None:
            self.captions.append(self._caption)
            self._caption = None

    def handle_data(self, data):
        if self._caption is not None:
            self._caption += data


def image_texts(html):
    """(alt texts, captions) of the body's images, stripped, empty ones
    left out."""
    parser = _ImageTexts()
    parser.feed(html or "")
    parser.close()

    def kept(texts):
        return [t for t in (" ".join(t.split()) for t in texts) if t]

    return kept(parser.alts), kept(parser.captions)


def _same(text, source_text):
    text = (text or "").strip()
    return bool(text) and text == (source_text or "").strip()


def _untranslated(code, message, text):
    return Finding(WARNING, code, message % {"text": text})


def check_hero(article, source):
    if not article.hero_image:
        return []  # no image, no alt text or caption on the page
    findings = []
    if _same(article.hero_image_alt, source.hero_image_alt):
        findings.append(
            _untranslated(
                "hero_alt_untranslated",
                _(
                    "The hero image's alt text is the source's, untranslated: "
                    "“%(text)s”."
                ),
                article.hero_image_alt.strip(),
            )
        )
    if _same(article.hero_image_caption, source.hero_image_caption):
        findings.append(
            _untranslated(
                "hero_caption_untranslated",
                _(
                    "The hero image's caption is the source's, untranslated: "
                    "“%(text)s”."
                ),
                article.hero_image_caption.strip(),
            )
        )
    return findings


def check_body_images(article, source):
    alts, captions = image_texts(article.body)
    source_alts, source_captions = map(set, image_texts(source.body))
    return [
        _untranslated(
            "image_alt_untranslated",
            _("An image's alt text is the source's, untranslated: “%(text)s”."),
            alt,
        )
        for alt in alts
        if alt in source_alts
    ] + [
        _untranslated(
            "image_caption_untranslated",
            _("An image caption is the source's, untranslated: “%(text)s”."),
            caption,
        )
        for caption in captions
        if caption in source_captions
    ]


def check_faq(article, source):
    if article.pk is None:
        return []
    source_texts = set()
    for question, answer in source.faq_entries.values_list("question", "answer"):
        source_texts |= {question.strip(), answer.strip()}
    findings = []
    for entry in article.faq_entries.all():
        if {entry.question.strip(), entry.answer.strip()} & source_texts:
            findings.append(
                _untranslated(
                    "faq_untranslated",
                    _("The FAQ entry “%(text)s” is the source's, untranslated."),
                    entry.question.strip(),
                )
            )
        elif not entry.is_published():
            findings.append(
                _untranslated(
                    "faq_draft",
                    _(
                        "The FAQ entry “%(text)s” is a draft: set it to "
                        "Published to show it with the translation."
                    ),
                    entry.question.strip(),
                )
            )
    return findings


def check_text(article, source):
    """The title, summary and body themselves: a translation that still
    reads as its source is the first thing to catch."""
    parts = [
        (_("title"), article.title, source.title),
        (_("summary"), article.summary, source.summary),
        (_("body"), plain_text(article.body), plain_text(source.body)),
    ]
    return [
        Finding(
            WARNING,
            "text_untranslated",
            _("The %(part)s is the source's, untranslated.") % {"part": part},
        )
        for part, text, source_text in parts
        if _same(text, source_text)
    ]


def check_translation(article):
    """Warnings for what ``article`` still shares with its source; none for
    an original."""
    source = article.translation_source
    if source is None:
        return []
    return (
        check_text(article, source)
        + check_hero(article, source)
        + check_body_images(article, source)
        + check_faq(article, source)
    )
