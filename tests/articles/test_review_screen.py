"""The review screen shows the reviewer what patients will read, and what
changed since the text was last approved, where Approve is pressed."""

import re

import pytest
import reversion

from articles import workflow
from articles.models import Article
from tests.factories import ArticleFactory, FaqEntryFactory

pytestmark = pytest.mark.django_db

BASE = "/admin/articles/article/"


def saved(article, user):
    with reversion.create_revision():
        reversion.set_user(user)
        article.save()


@pytest.fixture
def copy_in_review(writer, reviewer, publisher):
    """A published article, approved at "5.1 mmol/L", whose working copy
    now says "7.2 mmol/L" and waits for review."""
    live = ArticleFactory(
        draft=True,
        created_by=writer,
        body="<p>Keep fasting glucose near <strong>5.1 mmol/L</strong>.</p>",
    )
    FaqEntryFactory(article=live, answer="<p>Yes, <em>with</em> care.</p>")
    saved(live, writer)
    workflow.submit(live, writer)
    workflow.approve(live, reviewer)
    live = workflow.publish(Article.objects.get(pk=live.pk), publisher)
    copy = workflow.start_working_copy(live, writer)
    copy.body = "<p>Keep fasting glucose near <strong>7.2 mmol/L</strong>.</p>"
    entry = copy.faq_entries.get()
    entry.question = "Can I exercise with diabetes?"
    entry.save()
    saved(copy, writer)
    workflow.submit(copy, writer)
    return copy


def test_the_reviewer_reads_the_rendered_body_and_faq(client, reviewer, copy_in_review):
    client.force_login(reviewer)

    page = client.get(f"{BASE}{copy_in_review.pk}/change/").content.decode()

    assert "<strong>7.2 mmol/L</strong>" in page  # rendered, not as source
    assert "&lt;strong&gt;" not in page
    assert "Yes, <em>with</em> care." in page


def test_the_review_screen_shows_the_change_since_the_approval(
    client, reviewer, copy_in_review
):
    client.force_login(reviewer)

    page = client.get(f"{BASE}{copy_in_review.pk}/change/").content.decode()

    assert "changes since the last approval" in page.lower()
    assert re.search(r"<del>-Keep fasting glucose near 5\.1 mmol/L ?\.</del>", page)
    assert re.search(r"<ins>\+Keep fasting glucose near 7\.2 mmol/L ?\.</ins>", page)


def test_the_changes_cover_the_faq_and_the_references_too(
    client, reviewer, copy_in_review
):
    client.force_login(reviewer)

    page = client.get(f"{BASE}{copy_in_review.pk}/change/").content.decode()

    assert re.search(
        r"<ins>\+Can I exercise with diabetes\? Yes, with care\.</ins>", page
    )
    assert "<del>-Can I ask question number" in page
    # The references did not change.
    references = page.split(">References<", 1)[1]
    assert references.split("</ul>", 1)[0].count("<ins>") == 0
