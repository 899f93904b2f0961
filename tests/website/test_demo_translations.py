"""load_demo with the Arabic, Turkish, Russian and German translations of
the seed article (small stand-ins for the real files, in
tests/website/demo_translations)."""

from pathlib import Path

import pytest

from articles.models import Article, Category
from website.demo import TRANSLATED_LANGUAGES, load_demo_content

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent / "demo_translations"
SLUG = "china-stem-cell-integrative-therapies-type-1-diabetes"


@pytest.fixture
def loaded():
    load_demo_content(translations_dir=FIXTURES)
    return Article.objects.get(language="en", slug=SLUG)


def test_translations_join_the_seed_article_group_with_their_parts(loaded):
    arabic = loaded.translations().get(language="ar")
    turkish = loaded.translations().get(language="tr")

    assert arabic.title.startswith("كيف تقود الصين")
    assert turkish.slug == "çin-kök-hücre-bütünleştirici-tedaviler-tip-1-diyabet"
    assert arabic.is_published() and turkish.is_published()
    assert arabic.translation_source == loaded
    assert "<table" in arabic.body
    assert arabic.takeaways.count() == 2
    faq = arabic.faq_entries.get()
    assert faq.language == "ar" and faq.status == "published"
    # The same sources as the English article, in the same order.
    assert [c.citation_id for c in arabic.article_citations.all()] == [
        c.citation_id for c in loaded.article_citations.all()
    ]
    category = Category.objects.get()
    assert category.name_in("tr") == "Diyabet ve Endokrinoloji"
    assert category.name_in("ar") == "السكري والغدد الصماء"
    assert category.name_in("ru") == "Диабет и эндокринология"
    assert category.name_in("de") == "Diabetes und Endokrinologie"


def test_every_language_joins_with_its_faq_and_the_seeds_references(loaded):
    sources = [c.citation_id for c in loaded.article_citations.all()]
    for language in TRANSLATED_LANGUAGES:
        article = loaded.translations().get(language=language)
        assert article.is_published()
        assert article.translation_source == loaded
        assert article.faq_entries.get().language == language
        assert [c.citation_id for c in article.article_citations.all()] == sources


def test_loading_again_changes_nothing(loaded):
    before = list(Article.objects.order_by("pk").values())
    assert load_demo_content(translations_dir=FIXTURES) is False
    assert list(Article.objects.order_by("pk").values()) == before
    assert Article.objects.count() == 5


def test_a_language_without_files_is_skipped(tmp_path):
    for name in (
        "stem_cell_type1_diabetes.tr.json",
        "stem_cell_type1_diabetes.tr.html",
    ):
        (tmp_path / name).write_bytes((FIXTURES / name).read_bytes())
    # An Arabic JSON without its HTML counts as missing.
    (tmp_path / "stem_cell_type1_diabetes.ar.json").write_text("{}")

    load_demo_content(translations_dir=tmp_path)

    assert sorted(Article.objects.values_list("language", flat=True)) == ["en", "tr"]


def test_switching_between_the_five_versions(client, loaded):
    arabic = loaded.translations().get(language="ar")
    content = client.get(arabic.get_absolute_url()).content.decode()
    assert '<html lang="ar" dir="rtl">' in content
    assert f'href="{loaded.get_absolute_url()}" hreflang="en"' in content
    for other in loaded.translations().exclude(language="ar"):
        assert f'href="{other.get_absolute_url()}" hreflang="{other.language}"' in (
            content
        )
    assert "السكري والغدد الصماء" in content
