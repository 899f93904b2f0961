"""No lost work (issue 20): a workflow button pressed with unsaved edits
posts them with the step (the buttons belong to the article's form, so
this holds without JavaScript too); they are saved first, with all of
Save's checks, then the step is taken."""

import datetime

import pytest
from django.utils import timezone
from reversion.models import Version

from articles.models import Article
from tests.articles.conftest import article_form_data, as_shown
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

Status = Article.Status


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def press(client, article, step, **edits):
    """The article's form as its page posts it when ``step`` is pressed."""
    due = article.next_review_due
    data = article_form_data(
        article, next_review_due=due.isoformat() if due else "", **edits
    )
    data["_workflow_step"] = step
    return client.post(change_url(article), as_shown(article, **data))


def versions(article):
    return Version.objects.get_for_object(article).count()


def messages_of(client, response):
    return [str(m) for m in response.wsgi_request._messages]


def test_the_steps_of_an_editable_page_belong_to_its_form(client, writer):
    article = ArticleFactory(draft=True, created_by=writer)
    client.force_login(writer)

    page = client.get(change_url(article)).content.decode()

    assert (
        '<button type="submit" class="button" name="_workflow_step" '
        'value="submit" form="article_form" '
        f'data-unchanged-action="/admin/articles/article/{article.pk}/workflow/submit/"'
    ) in page
    assert (
        f'<form method="post" action="/admin/articles/article/{article.pk}/workflow/'
        not in page
    )


def test_a_locked_page_keeps_a_form_for_each_step(client, writer):
    article = ArticleFactory(in_review=True, created_by=writer)
    client.force_login(writer)

    page = client.get(change_url(article)).content.decode()

    assert "/workflow/take_back/" in page
    assert 'name="_workflow_step"' not in page


def test_submit_with_an_unsaved_summary_saves_it_then_submits(client, writer):
    article = ArticleFactory(draft=True, created_by=writer, summary="Old summary.")
    client.force_login(writer)
    before = versions(article)

    response = press(client, article, "submit", summary="Keep it near 5.1 mmol/L.")

    assert response.status_code == 302
    assert response["Location"] == change_url(article)
    article.refresh_from_db()
    assert article.summary == "Keep it near 5.1 mmol/L."
    assert article.status == Status.IN_REVIEW
    assert versions(article) == before + 2  # the edit, then the step
    assert article.review_events.get().action == "submitted"
    assert messages_of(client, response) == [
        "Your changes are saved.",
        "Submitted for medical review.",
    ]


def test_a_step_without_edits_saves_nothing(client, writer):
    article = ArticleFactory(draft=True, created_by=writer)
    client.force_login(writer)
    before = versions(article)

    response = press(client, article, "submit")

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW
    assert versions(article) == before + 1  # the step's own
    assert messages_of(client, response) == ["Submitted for medical review."]


def test_an_invalid_edit_stops_before_the_step_and_stays_in_the_form(client, writer):
    article = ArticleFactory(draft=True, created_by=writer, title="Old title")
    client.force_login(writer)

    response = press(client, article, "submit", title="New title", summary="")

    assert response.status_code == 200
    assert 'value="New title"' in response.content.decode()
    article.refresh_from_db()
    assert (article.title, article.status) == ("Old title", Status.DRAFT)
    assert not article.review_events.exists()


def test_a_page_older_than_the_text_submits_nothing(client, writer):
    article = ArticleFactory(draft=True, created_by=writer, summary="Old summary.")
    stale = article_form_data(article, summary="My edit.")
    Article.objects.filter(pk=article.pk).update(
        summary="Their edit.", updated_at=timezone.now()
    )
    client.force_login(writer)

    response = client.post(change_url(article), {**stale, "_workflow_step": "submit"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "Someone else saved this article" in content
    assert "My edit." in content  # still in the form
    article.refresh_from_db()
    assert (article.summary, article.status) == ("Their edit.", Status.DRAFT)


def test_publishing_an_approved_text_with_an_edit_publishes_nothing(client, publisher):
    """The edit is saved, which voids the approval: what would go live is
    no longer what the reviewer approved."""
    article = ArticleFactory(approved=True, summary="Approved summary.")
    client.force_login(publisher)

    response = press(client, article, "publish", summary="Unreviewed summary.")

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.summary == "Unreviewed summary."
    assert article.status == Status.DRAFT
    assert "Only an approved article can be published." in messages_of(client, response)


def test_a_reviewer_who_may_edit_approves_from_the_form(client, site_admin, writer):
    article = ArticleFactory(in_review=True, created_by=writer)
    client.force_login(site_admin)

    response = press(client, article, "approve", **{"comment-approve": "Checked."})

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.APPROVED
    assert article.review_events.get().comment == "Checked."


def test_return_reads_its_own_comment_field(client, site_admin, writer):
    article = ArticleFactory(in_review=True, created_by=writer)
    client.force_login(site_admin)

    press(client, article, "return", **{"comment-return": "Cite the guideline."})

    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert article.review_events.get().comment == "Cite the guideline."


def test_scheduling_an_update_from_the_form(client, publisher, writer):
    live = ArticleFactory()
    copy = ArticleFactory(
        draft_of=live, slug=live.slug, approved=True, created_by=writer
    )
    when = timezone.localtime() + datetime.timedelta(days=2)
    client.force_login(publisher)

    response = press(client, copy, "schedule", when=when.strftime("%Y-%m-%dT%H:%M"))

    assert response.status_code == 302
    copy.refresh_from_db()
    assert copy.update_due_at is not None
    assert copy.status == Status.APPROVED


def test_an_unknown_step_is_not_found(client, writer):
    article = ArticleFactory(draft=True, created_by=writer)
    client.force_login(writer)
    assert press(client, article, "launch").status_code == 404
