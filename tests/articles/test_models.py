import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.utils import timezone
from PIL import Image

from articles.models import Article, Category
from tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


def test_published_excludes_drafts_and_scheduled_articles():
    visible = ArticleFactory()
    ArticleFactory(draft=True)
    ArticleFactory(scheduled=True)
    assert list(Article.objects.published()) == [visible]


def test_scheduled_article_becomes_visible_when_its_time_passes():
    article = ArticleFactory(scheduled=True)
    assert article.is_published() is False
    Article.objects.filter(pk=article.pk).update(
        published_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert list(Article.objects.published()) == [article]


def test_publishing_without_a_date_publishes_now():
    article = ArticleFactory(draft=True)
    article.publish()
    assert article.is_published() is True
    assert timezone.now() - article.published_at < datetime.timedelta(seconds=5)


def test_unpublish_hides_the_article():
    article = ArticleFactory()
    article.unpublish()
    assert Article.objects.published().count() == 0


def test_same_slug_is_allowed_in_another_language():
    ArticleFactory(slug="diabetes", language="en")
    ArticleFactory(slug="diabetes", language="tr")
    assert Article.objects.filter(slug="diabetes").count() == 2


def test_same_slug_in_the_same_language_is_refused():
    ArticleFactory(slug="diabetes", language="en")
    duplicate = ArticleFactory.build(slug="diabetes", language="en")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "slug" in error.value.message_dict
    with pytest.raises(IntegrityError):
        ArticleFactory(slug="diabetes", language="en")


def test_hero_image_needs_alt_text():
    article = ArticleFactory(hero_image_alt="")
    article.hero_image = SimpleUploadedFile("hero.png", png_bytes())
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "hero_image_alt" in error.value.message_dict
    article.hero_image_alt = "A nurse checking a patient's blood sugar"
    article.full_clean()


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "teal").save(buffer, format="PNG")
    return buffer.getvalue()


def test_saving_prepares_headings_and_table_of_contents():
    article = ArticleFactory(body="<h2>Causes</h2><p>Text</p>")
    assert article.body_html == '<h2 id="causes">Causes</h2><p>Text</p>'
    assert article.table_of_contents == [
        {"id": "causes", "text": "Causes", "children": []}
    ]


def test_absolute_url_uses_the_article_language():
    article = ArticleFactory(slug="diyabet", language="tr")
    assert article.get_absolute_url() == "/tr/articles/diyabet/"


def test_menu_topics_are_those_with_an_article_visible_in_the_language():
    heart, lungs, skin, bones, eyes = (
        CategoryFactory(name=name, slug=name.lower())
        for name in ("Heart", "Lungs", "Skin", "Bones", "Eyes")
    )
    ArticleFactory(category=heart)
    ArticleFactory(category=heart, draft=True)
    ArticleFactory(category=lungs, scheduled=True)
    ArticleFactory(category=skin, draft=True)
    ArticleFactory(category=bones, language="tr")
    live = ArticleFactory(category=eyes)
    # A working copy of the live article, moved to another topic: not
    # visible, whatever its fields say.
    ArticleFactory(category=skin, draft_of=live, status=Article.Status.APPROVED)

    def expected(language):
        visible = Article.objects.published().filter(language=language)
        return sorted({article.category.name for article in visible})

    for language in ("en", "tr", "de"):
        menu = [category.name for category in Category.objects.in_menu(language)]
        assert menu == expected(language)
    assert [c.name for c in Category.objects.in_menu("en")] == ["Eyes", "Heart"]
    assert [c.slug for c in Category.objects.in_menu("tr")] == ["bones"]
