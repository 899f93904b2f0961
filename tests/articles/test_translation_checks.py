"""A translation's content checks flag what was left as the source wrote
it: the hero's alt text and caption, the body images' alt texts and
captions, the FAQ (issue 20). Warnings: they never block an approval."""

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from articles import translations, workflow
from articles.body.checks import check_article
from tests.factories import ArticleFactory, FaqEntryFactory

pytestmark = pytest.mark.django_db

FIGURE = (
    '<figure class="image"><img src="/media/a.png" alt="{alt}">'
    "<figcaption>{caption}</figcaption></figure>"
)
BODY = "<h2>Sugar</h2><p>Text.</p>" + FIGURE.format(
    alt="A glucose meter on a table", caption="Checking before breakfast"
)
UNTRANSLATED = {
    "hero_alt_untranslated",
    "hero_caption_untranslated",
    "image_alt_untranslated",
    "image_caption_untranslated",
    "faq_untranslated",
}


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), "teal").save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name="hero.png")


@pytest.fixture
def source():
    article = ArticleFactory(
        language="en",
        body=BODY,
        hero_image=png(),
        hero_image_alt="A nurse measuring a child's blood sugar",
        hero_image_caption="The diabetes clinic",
    )
    FaqEntryFactory(article=article, question="Is it painful?", answer="<p>No.</p>")
    return article


def codes(article):
    return check_article(article).codes()


def test_a_fresh_translation_is_flagged_for_everything_left_untranslated(
    source, writer
):
    translation = translations.start_translation(source, "tr", writer)

    result = check_article(translation)

    assert result.codes() >= UNTRANSLATED
    assert {f.code for f in result.errors} & UNTRANSLATED == set()
    messages = " ".join(str(f.message) for f in result.warnings)
    assert "A nurse measuring a child's blood sugar" in messages
    assert "Is it painful?" in messages


def test_translated_texts_are_not_flagged(source, writer):
    translation = translations.start_translation(source, "tr", writer)
    translation.hero_image_alt = "Bir hemşire çocuğun kan şekerini ölçüyor"
    translation.hero_image_caption = "Diyabet kliniği"
    translation.body = "<h2>Şeker</h2><p>Metin.</p>" + FIGURE.format(
        alt="Masada bir şeker ölçüm cihazı", caption="Kahvaltıdan önce ölçüm"
    )
    translation.save()
    translation.faq_entries.update(
        question="Acıtır mı?", answer="<p>Hayır.</p>", status="published"
    )

    assert codes(translation) & (UNTRANSLATED | {"faq_draft"}) == set()


def test_a_translated_faq_entry_left_as_a_draft_is_pointed_out(source, writer):
    translation = translations.start_translation(source, "tr", writer)
    translation.faq_entries.update(question="Acıtır mı?", answer="<p>Hayır.</p>")

    assert "faq_draft" in codes(translation)
    assert "faq_untranslated" not in codes(translation)


def test_originals_and_empty_texts_are_not_compared(source, writer):
    assert codes(source) & UNTRANSLATED == set()
    # No caption, no body images, no FAQ: nothing is the same.
    bare = ArticleFactory(language="en", hero_image=png(), hero_image_alt="A scan")
    translation = translations.start_translation(bare, "de", writer)
    translation.hero_image_alt = "Eine Aufnahme"
    assert codes(translation) & UNTRANSLATED == set()


def test_a_hero_text_without_a_hero_image_is_not_shown_so_not_flagged(writer):
    source = ArticleFactory(language="en", hero_image_alt="Left over")
    translation = translations.start_translation(source, "ar", writer)
    assert "hero_alt_untranslated" not in codes(translation)


def test_an_untranslated_caption_warns_but_does_not_block_approval(
    source, writer, translator, reviewer
):
    translation = translations.start_translation(source, "tr", translator)
    workflow.submit(translation, translator)

    approved = workflow.approve(translation, reviewer)

    assert approved.status == "approved"
    assert "hero_caption_untranslated" in {
        f["code"] for f in approved.content_checks["warnings"]
    }


def test_a_translation_still_in_the_source_language_is_flagged(writer):
    source = ArticleFactory(language="en", title="Asthma in children")
    translation = translations.start_translation(source, "tr", writer)

    untranslated = [
        str(f.message)
        for f in check_article(translation).warnings
        if f.code == "text_untranslated"
    ]
    assert untranslated == [
        "The title is the source's, untranslated.",
        "The summary is the source's, untranslated.",
        "The body is the source's, untranslated.",
    ]

    translation.title = "Çocuklarda astım"
    assert "The title is the source's, untranslated." not in [
        str(f.message) for f in check_article(translation).warnings
    ]
