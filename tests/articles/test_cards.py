"""Cards of related articles and of the home page are rendered when the
article or its topic changes and stored (articles.cards), not rendered on
every page that shows them. The page cache is off here, so every request
renders its page."""

import pytest
from django.utils import translation

from articles.models import Article
from articles.rendering import cards
from core import release
from tests.articles.test_images import store_image
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


@pytest.fixture
def sibling(client):
    """An article shown as a card on the reader's article and on the home."""
    sibling = ArticleFactory(title="Sibling before", featured=True)
    client.get("/en/")  # renders and stores its card
    return sibling


@pytest.fixture
def reader(sibling):
    return ArticleFactory(title="Reader", category=sibling.category)


def related_cards(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    return html.split('id="related-heading"')[1]


def home(client):
    return client.get("/en/").content.decode()


def stored(article):
    return Article.objects.get(pk=article.pk)


def test_a_card_is_stored_once_and_then_served_as_stored(client, sibling, reader):
    row = stored(sibling)
    assert row.card_release == release.current()
    assert "Sibling before" in row.card_html

    Article.objects.filter(pk=sibling.pk).update(
        card_html='<article class="card">The stored card</article>'
    )

    assert "The stored card" in related_cards(client, reader)
    assert "The stored card" in home(client)


def test_an_edit_of_the_article_shows_on_its_cards(client, sibling, reader):
    sibling.title = "Sibling after"
    sibling.save()

    assert "Sibling after" in related_cards(client, reader)
    assert "Sibling after" in home(client)
    assert "Sibling before" not in home(client)


def test_renaming_the_topic_shows_on_its_cards(client, sibling, reader):
    category = sibling.category
    category.name = "Renamed topic"
    category.translations = {"tr": {"name": "Yeni konu"}}
    category.save()

    assert "Renamed topic" in related_cards(client, reader)
    assert "Renamed topic" in home(client)


def test_a_new_release_renders_cards_again(client, sibling, reader):
    """A deploy that changes the card's template or translations."""
    Article.objects.filter(pk=sibling.pk).update(
        card_html="<p>Rendered by the previous release</p>",
        card_release="previous-release",
    )

    html = related_cards(client, reader)

    assert "Rendered by the previous release" not in html
    assert "Sibling before" in html
    assert stored(sibling).card_release == release.current()


def test_a_card_rendered_before_an_edit_is_not_stored_as_current(sibling):
    Article.objects.filter(pk=sibling.pk).update(card_release="stale:read")
    read_before_the_edit = Article.objects.for_cards().get(pk=sibling.pk)
    sibling.title = "Sibling after"
    sibling.save()

    cards.for_articles([read_before_the_edit])

    assert stored(sibling).card_release.startswith("stale:")


def test_a_card_shown_before_the_hero_sizes_were_made_gets_them(
    client, sibling, reader
):
    """The WebP sizes are made just after the save; a page shown in between
    stored the card without them."""
    name = store_image("uploads/hero.png", (1200, 600))
    sibling.hero_image = name
    sibling.hero_image_alt = "A hero"
    sibling.save()
    # A page shown between the save and the sizes being made:
    Article.objects.filter(pk=sibling.pk).update(
        hero_renditions={}, card_release="stale:saved"
    )
    assert ".webp" not in related_cards(client, reader)

    sibling.hero_renditions = {}
    sibling._refresh_hero_renditions()

    assert ".webp 1200w" in related_cards(client, reader)


def test_a_card_is_in_its_article_language():
    """Whatever language the request that renders it is in."""
    article = ArticleFactory(language="tr", slug="diyabet")
    article = Article.objects.for_cards().get(pk=article.pk)

    with translation.override("en"):
        html = cards.render(article)

    assert "dk okuma" in html
    assert "min read" not in html
