import html
import re

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from articles.body.checks import check_article
from articles.models import Article, Author, Category, KeyTakeaway
from faq.models import FaqEntry
from references.markers import find_markers
from references.models import ArticleCitation, Citation
from tests.faq.pages import visible_faq
from website.demo import TRANSLATED_LANGUAGES, read_seed, read_translation

pytestmark = pytest.mark.django_db

SLUG = "china-stem-cell-integrative-therapies-type-1-diabetes"
# Letters an ASCII transliteration of each translated slug would lose: the
# production smoke crawl relies on the demo's addresses having them.
NATIVE_LETTERS = {
    "tr": set("şğı"),
    "ar": {chr(code) for code in range(0x0621, 0x064B)},  # hamza to yeh
    "ru": set("абвгдеёжзийклмнопрстуфхцчшщъыьэюя"),
    "de": set("äöüß"),
}


@pytest.fixture
def demo_article():
    call_command("load_demo", verbosity=0)
    return Article.objects.get(slug=SLUG)


def test_loads_the_whole_seed_article(demo_article):
    body = demo_article.body
    assert demo_article.title == (
        "How Is China Pioneering Stem Cell and Integrative Therapies "
        "to Cure Type 1 Diabetes?"
    )
    assert demo_article.is_published()
    assert len(demo_article.summary) <= 160
    assert body.count("<table>") == 9
    assert body.count("<thead>") == 9
    assert len(re.findall(r"<table>.*?</table>", body, re.DOTALL)) == 9
    for table in re.findall(r"<table>.*?</table>", body, re.DOTALL):
        assert '<th scope="col">' in table
    assert body.count("<blockquote>") == 2
    assert body.count("<h2>") == 11
    assert "Imagine a future where type 1 diabetes can be reversed" in body
    assert "Studies in China have shown great promise" in body
    assert "$20,000 – $50,000" in body
    assert demo_article.takeaways.count() == 5
    assert demo_article.medical_reviewer.is_organisation
    assert demo_article.updated_at.date().isoformat() == "2025-10-21"


def test_images_are_generated_with_the_seed_alt_texts(demo_article):
    assert default_storage.exists(demo_article.hero_image.name)
    assert demo_article.hero_image_width == 1200
    assert demo_article.hero_image_alt
    assert 'alt="china cure for type 1 diabetes 2024"' in demo_article.body
    assert 'alt="type 1 diabetes autoimmune mechanism"' in demo_article.body
    for src in re.findall(r'<img src="/media/([^"]+)"', demo_article.body):
        assert default_storage.exists(src)


def test_running_it_twice_changes_nothing(demo_article):
    before = list(Article.objects.order_by("pk").values())
    call_command("load_demo", verbosity=0)
    after = list(Article.objects.order_by("pk").values())
    assert before == after
    versions = 1 + len(TRANSLATED_LANGUAGES)
    assert Article.objects.count() == versions
    assert Category.objects.count() == 1
    assert Author.objects.count() == 2
    assert KeyTakeaway.objects.count() == 5 * versions
    assert FaqEntry.objects.count() == 10 * versions
    assert Citation.objects.count() == 5
    assert ArticleCitation.objects.count() == 5 * versions


def test_an_article_loaded_before_faq_and_references_gets_them(demo_article):
    FaqEntry.objects.all().delete()
    ArticleCitation.objects.all().delete()

    call_command("load_demo", verbosity=0)

    assert demo_article.faq_entries.count() == 10
    assert demo_article.article_citations.count() == 5
    # Citations already in the library are reused, not duplicated.
    assert Citation.objects.count() == 5


def test_the_demo_article_page_renders_every_table(client, demo_article):
    response = client.get(f"/en/articles/{SLUG}/")
    content = response.content.decode()
    assert response.status_code == 200
    assert content.count('class="table-scroll" role="region" tabindex="0"') == 9
    assert "Medically reviewed by Liv Hospital Medical Review Board" in content
    assert "October 21, 2025" in content


def test_the_demo_article_shows_the_seeds_faq_and_references(client, demo_article):
    meta, _ = read_seed()
    html = client.get(f"/en/articles/{SLUG}/").content.decode()

    shown = visible_faq(html)
    assert shown == [(p["question"], p["answer"]) for p in meta["faq"]]
    references = html[html.index('<section class="references"') :]
    for number, reference in enumerate(meta["references"], start=1):
        assert f'<li id="reference-{number}">' in references
        assert f'<a href="{reference["url"]}">{reference["title"]}</a>' in (
            references.replace("&#x27;", "'")
        )
        assert f"<cite>{reference['publisher']}</cite>" in references
        # Every reference is cited in the text and links back to it.
        assert f'href="#reference-{number}-cited"' in references
        assert f'id="reference-{number}-cited"' in html
    assert find_markers(demo_article.body) == [1, 2, 3, 4, 5]
    assert "application/ld+json" in html


def test_the_demo_is_published_in_five_languages_at_native_addresses(client):
    call_command("load_demo", verbosity=0)
    published = {a.language: a for a in Article.objects.published()}

    assert sorted(published) == ["ar", "de", "en", "ru", "tr"]
    for language, letters in NATIVE_LETTERS.items():
        article = published[language]
        assert letters & set(article.slug), article.slug
        url = article.get_absolute_url()
        assert url.isascii() and "%" in url  # percent-encoded
        response = client.get(url)
        content = response.content.decode()
        assert response.status_code == 200, url
        assert f'<html lang="{language}"' in content
        assert html.escape(article.title) in content


def test_each_translation_has_the_seeds_parts_and_passes_the_checks(
    demo_article,
):
    english_sources = [c.citation_id for c in demo_article.article_citations.all()]
    for language in TRANSLATED_LANGUAGES:
        meta, _ = read_translation(language)
        article = demo_article.translations().get(language=language)

        assert article.slug == meta["slug"]
        assert article.translation_source == demo_article
        assert article.takeaways.count() == 5
        faq = article.faq_entries.order_by("position")
        assert [entry.question for entry in faq] == [p["question"] for p in meta["faq"]]
        assert {(entry.language, entry.status) for entry in faq} == {
            (language, FaqEntry.Status.PUBLISHED)
        }
        sources = [c.citation_id for c in article.article_citations.all()]
        assert sources == english_sources
        assert demo_article.category.name_in(language) == meta["category_name"]
        # Same headings, tables, images and [n] markers as the English body.
        assert find_markers(article.body) == [1, 2, 3, 4, 5]
        assert check_article(article).errors == []


def test_editors_see_no_check_errors_on_any_demo_article(demo_article):
    # The admin's article list shows these stored checks; the references
    # are attached after the article's first save.
    for article in Article.objects.all():
        assert article.content_checks["errors"] == [], article.language
