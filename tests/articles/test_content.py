"""The article's content section is rendered when something in it changes
and stored, not rendered on every view (articles.content). These tests run
with the page cache off, so every request renders the page."""

import datetime

import pytest
from django.utils import translation
from freezegun import freeze_time

from articles.models import Article
from articles.rendering import content
from tests.factories import (
    ArticleCitationFactory,
    ArticleFactory,
    CitationFactory,
    FaqEntryFactory,
    KeyTakeawayFactory,
)
from tests.faq.pages import json_ld_blocks

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


@pytest.fixture
def article(client):
    article = ArticleFactory(body="<p>Insulin helps.[1]</p>")
    KeyTakeawayFactory(article=article, text="Takeaway before")
    FaqEntryFactory(article=article, question="Question before?")
    ArticleCitationFactory(
        article=article, citation=CitationFactory(title="Citation before")
    )
    client.get(article.get_absolute_url())  # renders and stores the section
    return article


def page(client, article):
    return client.get(article.get_absolute_url()).content.decode()


def stored(article):
    return Article.objects.get(pk=article.pk)


def is_current(row):
    """Stored by this release, with the review notice as it is due now."""
    return row.content_release == content.stamp(row)


def test_the_first_view_stores_the_section_and_later_views_serve_it(client, article):
    row = stored(article)
    assert is_current(row)
    assert "Takeaway before" in row.content_html
    assert "Question before?" in row.faq_json_ld

    # Whatever is stored is what visitors get: nothing is rendered again.
    Article.objects.filter(pk=article.pk).update(
        content_html="<p>The stored section</p>"
    )
    assert "The stored section" in page(client, article)


@pytest.mark.parametrize(
    "edit, shown",
    [
        (
            lambda a: _save(a.takeaways.get(), text="Takeaway edited"),
            "Takeaway edited",
        ),
        (
            lambda a: KeyTakeawayFactory(article=a, text="Takeaway added"),
            "Takeaway added",
        ),
        (lambda a: a.takeaways.first().delete(), None),
        (
            lambda a: FaqEntryFactory(article=a, question="Question added?"),
            "Question added?",
        ),
        (
            lambda a: _save(a.faq_entries.first(), question="Question edited?"),
            "Question edited?",
        ),
        (
            lambda a: _save(
                a.article_citations.first().citation, title="Citation retitled"
            ),
            "Citation retitled",
        ),
        (
            lambda a: ArticleCitationFactory(
                article=a, citation=CitationFactory(title="Citation added")
            ),
            "Citation added",
        ),
        (lambda a: _save(a, body="<p>Body rewritten.</p>"), "Body rewritten."),
        (lambda a: _save(a, title="Title edited"), "Title edited"),
        (lambda a: _save(a.author, name="Author renamed"), "Author renamed"),
        (
            lambda a: _save(a.medical_reviewer, name="Reviewer renamed"),
            "Reviewer renamed",
        ),
        (lambda a: _save(a.category, name="Topic renamed"), "Topic renamed"),
    ],
    ids=[
        "takeaway edited",
        "takeaway added",
        "takeaway deleted",
        "faq added",
        "faq edited",
        "citation edited",
        "citation linked",
        "body edited",
        "title edited",
        "author renamed",
        "reviewer renamed",
        "topic renamed",
    ],
)
def test_an_edit_to_any_part_shows_on_the_next_view(client, article, edit, shown):
    edit(article)

    html = page(client, article)

    if shown is None:
        assert "Takeaway before" not in html
    else:
        assert shown in html
    assert is_current(stored(article))


def test_a_question_moved_to_another_article_leaves_the_first(client, article):
    other = ArticleFactory(category=article.category)
    page(client, other)

    _save(article.faq_entries.get(), article=other)

    assert "Question before?" not in page(client, article)
    assert "Question before?" in page(client, other)


def test_a_reference_taken_off_leaves_the_list(client, article):
    article.article_citations.get().delete()

    html = page(client, article)

    assert "Citation before" not in html
    # The marker no longer points anywhere, so it is no longer a link.
    assert 'href="#reference-1"' not in html


def test_a_new_release_renders_the_section_again(client, article):
    """A deploy that changes templates, translations or code."""
    Article.objects.filter(pk=article.pk).update(
        content_html="<p>Rendered by the previous release</p>",
        content_release="previous-release",
    )

    html = page(client, article)

    assert "Rendered by the previous release" not in html
    assert "Takeaway before" in html
    assert is_current(stored(article))


def test_the_review_notice_appears_when_the_review_falls_due(client, article, settings):
    """With nobody editing anything: the stored section says whether it
    shows the notice."""
    settings.REVIEW_OVERDUE_NOTICE = True
    due = stored(article).next_review_due
    published = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    Article.objects.filter(pk=article.pk).update(published_at=published)

    with freeze_time(due):
        assert "This page is being reviewed" not in page(client, article)
    with freeze_time(due + datetime.timedelta(days=1)):
        assert "This page is being reviewed" in page(client, article)

        settings.REVIEW_OVERDUE_NOTICE = False
        assert "This page is being reviewed" not in page(client, article)


def test_the_stored_json_ld_links_to_the_host_each_page_is_served_for(client, article):
    path = article.get_absolute_url()
    for host in ("testserver", "localhost"):
        html = client.get(path, HTTP_HOST=host).content.decode()

        page, breadcrumbs, faq = json_ld_blocks(html)
        assert page["@type"] == "MedicalWebPage"
        assert page["url"] == f"http://{host}{path}"
        assert page["reviewedBy"]["name"] == article.medical_reviewer.name
        assert [crumb["item"] for crumb in breadcrumbs["itemListElement"]] == [
            f"http://{host}/en/articles/",
            f"http://{host}{article.category.get_absolute_url()}",
            f"http://{host}{path}",
        ]
        assert faq["@type"] == "FAQPage"
    assert "testserver" not in stored(article).head_html


def test_a_section_rendered_before_an_edit_is_not_stored_as_current(article):
    """A view that read the article before an edit committed renders the
    old parts; storing them as current would keep them until the next edit."""
    Article.objects.filter(pk=article.pk).update(content_release="stale:read")
    read_before_the_edit = Article.objects.for_page().get(pk=article.pk)
    content.mark_stale(Article.objects.filter(pk=article.pk))  # the edit

    content.for_page(read_before_the_edit)

    assert stored(article).content_release.startswith("stale:")
    assert stored(article).content_release != "stale:read"


def test_the_section_is_in_the_article_language():
    """Whatever language the request that renders it is in (the admin's
    preview of a Turkish article, say)."""
    article = ArticleFactory(language="tr", slug="diyabet")
    KeyTakeawayFactory(article=article)

    with translation.override("en"):
        html = content.render(article).html

    assert "Önemli noktalar" in html
    assert "Key takeaways" not in html


def _save(instance, **changes):
    for name, value in changes.items():
        setattr(instance, name, value)
    instance.save()
