"""An article's parts and its derived columns are each declared once
(articles.models.parts.PARTS, articles.models.columns.DERIVED), and every
list that needs them follows: versions hold the parts and no rendered
HTML, working copies carry the parts, the review digest covers them."""

import pytest
import reversion
from reversion.models import Version

from articles import workflow
from articles.models import DERIVED, PARTS, Article
from articles.rendering import content
from tests.factories import (
    ArticleCitationFactory,
    ArticleFactory,
    FaqEntryFactory,
    KeyTakeawayFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def article_with_parts():
    article = ArticleFactory()
    KeyTakeawayFactory(article=article, text="Drink water.", position=1)
    FaqEntryFactory(article=article, question="Is it safe?", position=1)
    ArticleCitationFactory(article=article, position=1)
    # The page was shown once: its stored renderings are filled in.
    content.for_page(Article.objects.get(pk=article.pk))
    return Article.objects.get(pk=article.pk)


def saved_version(article):
    with reversion.create_revision():
        article.save()
    return Version.objects.get_for_object(article).order_by("-pk").first()


def test_a_saved_version_holds_what_staff_wrote_and_no_rendered_html(
    article_with_parts,
):
    assert article_with_parts.content_html  # rendered and stored

    version = saved_version(article_with_parts)

    assert not set(DERIVED) & set(version.field_dict)
    assert "body" in version.field_dict and "title" in version.field_dict
    saved_models = {v._model for v in version.revision.version_set.all()}
    assert {part.model for part in PARTS} <= saved_models


def test_every_part_comes_back_with_a_restored_version(article_with_parts):
    version = saved_version(article_with_parts)

    parts = workflow.version_parts(version)

    assert {name: len(rows) for name, rows in parts.items()} == {
        part.related_name: 1 for part in PARTS
    }


def test_the_review_digest_changes_with_any_part(article_with_parts):
    before = workflow.content_digest(article_with_parts)
    for part in PARTS:
        row = part.rows(article_with_parts).first()
        row.position += 10
        row.save()
        after = workflow.content_digest(article_with_parts)
        assert after != before, part.related_name
        before = after


def test_rendered_columns_never_move_with_a_working_copy(article_with_parts):
    """A working copy starts from the text, not from the live page's
    stored renderings; they are rendered again for it."""
    live = article_with_parts
    copy = Article(draft_of=live, status=Article.Status.DRAFT)
    workflow.copy_article_content(live, copy)

    copy.refresh_from_db()
    assert copy.content_release != live.content_release
    assert copy.content_release.startswith("stale:")
    assert [t.text for t in copy.takeaways.all()] == ["Drink water."]
    assert copy.faq_entries.count() == copy.article_citations.count() == 1
