"""The admin home shows each signed-in user their work, with counts and
links to the lists."""

import datetime
import re

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Article
from tests.factories import ArticleFactory, CategoryFactory, UserFactory

from .conftest import choose, draft_by, submitted_by

pytestmark = pytest.mark.django_db


def home(client, user):
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def my_work(html):
    """The "My work" lists as shown: {title: count}."""
    section = html[html.index('id="inbox"') : html.index("</section>")]
    return {
        title: int(count)
        for title, count in re.findall(
            r"<a href=\"[^\"]+\">(?:<strong>)?([^<(]+) \((\d+)\)", section
        )
    }


def test_a_reviewer_sees_what_waits_for_their_review(client, writer, reviewer):
    submitted_by(writer, title="Insulin pumps")
    submitted_by(writer, title="Thyroid tests")
    draft_by(writer)  # not submitted: waits for nobody

    work = my_work(home(client, reviewer))

    assert work == {
        "Waiting for my review": 2,
        "Reviews due soon or overdue": 0,
    }


def test_a_reviewer_is_not_asked_to_review_their_own_text(client, writer, reviewer):
    submitted_by(writer, last_edited_by=reviewer)

    assert my_work(home(client, reviewer))["Waiting for my review"] == 0


def test_a_reviewer_of_chosen_categories_sees_only_those(client, writer, reviewer):
    cardiology = CategoryFactory(name="Cardiology")
    submitted_by(writer, category=cardiology)
    submitted_by(writer, category=CategoryFactory(name="Oncology"))
    choose(reviewer, categories=[cardiology])

    assert my_work(home(client, reviewer))["Waiting for my review"] == 1


def test_an_author_sees_what_was_returned_to_them(client, writer, reviewer):
    returned = submitted_by(writer, title="Blood sugar targets")
    workflow.return_to_author(returned, reviewer, "Check the units.")
    submitted_by(writer)  # still in review: nothing to do for the author

    work = my_work(home(client, writer))

    assert work == {"Returned to me": 1, "Translations out of date": 0}
    # Submitted again, it is the reviewer's turn.
    workflow.submit(Article.objects.get(pk=returned.pk), writer)
    assert my_work(home(client, writer))["Returned to me"] == 0


def test_a_returned_article_is_not_someone_elses(client, writer, reviewer):
    returned = submitted_by(writer)
    workflow.return_to_author(returned, reviewer, "Check the units.")
    colleague = UserFactory(username="colleague", groups=["Author"])

    assert my_work(home(client, colleague))["Returned to me"] == 0


def test_a_publisher_sees_approved_articles_and_reviews_due(
    client, writer, reviewer, publisher
):
    approved = submitted_by(writer)
    workflow.approve(approved, reviewer)
    ArticleFactory(next_review_due=timezone.localdate() - datetime.timedelta(days=3))
    ArticleFactory(next_review_due=timezone.localdate() + datetime.timedelta(days=300))

    work = my_work(home(client, publisher))

    assert work == {"Approved, ready to publish": 1, "Reviews due soon or overdue": 1}


def test_a_scheduled_update_is_not_waiting_to_be_published(writer, reviewer, publisher):
    from inbox import work

    live = ArticleFactory(created_by=writer)
    copy = workflow.start_working_copy(live, writer)
    workflow.submit(copy, writer)
    workflow.approve(copy, reviewer)
    assert work.articles().ready_to_publish().count() == 1

    workflow.schedule_update(
        copy, publisher, timezone.now() + datetime.timedelta(days=1)
    )

    assert work.articles().ready_to_publish().count() == 0


def test_a_reviewer_sees_the_reviews_due_of_their_own_articles(
    client, reviewer, other_reviewer
):
    overdue = timezone.localdate() - datetime.timedelta(days=3)
    ArticleFactory(medical_reviewer=reviewer.author_profile, next_review_due=overdue)
    ArticleFactory(
        medical_reviewer=other_reviewer.author_profile, next_review_due=overdue
    )
    # Credited to a profile without a staff account: every reviewer's.
    ArticleFactory(next_review_due=overdue)

    assert my_work(home(client, reviewer))["Reviews due soon or overdue"] == 2


def test_authors_see_translations_out_of_date(client, writer):
    ArticleFactory(language="tr", translation_out_of_date=True)
    ArticleFactory(language="de")

    assert my_work(home(client, writer))["Translations out of date"] == 1


def test_a_superuser_sees_every_list(admin_client):
    html = admin_client.get("/admin/").content.decode()

    assert list(my_work(html)) == [
        "Waiting for my review",
        "Returned to me",
        "Approved, ready to publish",
        "Reviews due soon or overdue",
        "Translations out of date",
    ]
    # The models are still listed below.
    assert 'class="app-articles module' in html


def test_staff_without_a_role_are_told_so(client, roles):
    html = home(client, UserFactory(username="helpdesk"))

    assert "No editorial work is assigned to your roles." in html


def test_a_list_shows_its_articles_with_links_to_them(client, writer, reviewer):
    article = submitted_by(writer, title="Insulin pumps")
    client.force_login(reviewer)

    response = client.get("/admin/inbox/work/review/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Waiting for my review</h1>" in html
    assert (
        f'href="/admin/articles/article/{article.pk}/change/">Insulin pumps</a>' in html
    )
    assert "Submitted for review," in html and "by writer" in html


def test_an_empty_list_says_so(client, reviewer):
    client.force_login(reviewer)

    html = client.get("/admin/inbox/work/review/").content.decode()

    assert "No article waits for your review." in html


def test_a_list_of_someone_elses_role_is_refused(client, writer):
    client.force_login(writer)

    assert client.get("/admin/inbox/work/approved/").status_code == 403
    assert client.get("/admin/inbox/work/no-such-list/").status_code == 404


def test_the_lists_are_for_signed_in_staff_only(client):
    response = client.get("/admin/inbox/work/review/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
