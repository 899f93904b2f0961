import datetime

import pytest
import reversion
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from reversion.models import Version

from articles.models import Article
from tests.articles.conftest import article_form_data
from tests.factories import ArticleFactory, KeyTakeawayFactory

pytestmark = pytest.mark.django_db

BASE = "/admin/articles/article/"
Status = Article.Status


def as_user(client, user):
    client.force_login(user)
    return client


def public_text(client, article):
    client.logout()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_editing_a_published_article_leaves_the_page_unchanged_until_published(
    client, writer, reviewer, publisher
):
    live = ArticleFactory(
        title="Insulin basics", body="<h2>Doses</h2><p>Take 10 units.</p>"
    )
    KeyTakeawayFactory(article=live, text="Old takeaway")
    client.force_login(writer)

    # The live row is read-only and offers a working copy.
    page = client.get(f"{BASE}{live.pk}/change/").content.decode()
    assert "Edit in a working copy" in page
    assert 'class="django_ckeditor_5"' not in page
    response = client.post(f"{BASE}{live.pk}/working-copy/")
    copy = Article.objects.get(draft_of=live)
    assert response.url == f"{BASE}{copy.pk}/change/"

    data = article_form_data(
        copy,
        body="<h2>Doses</h2><p>Take 12 units.</p>",
        revision_comment="New dose from the 2026 guideline",
    )
    data["takeaways-0-text"] = "New takeaway"
    response = client.post(f"{BASE}{copy.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    def page_shows_old_text():
        text = public_text(client, live)
        return (
            "Take 10 units." in text
            and "Old takeaway" in text
            and ("12 units" not in text and "New takeaway" not in text)
        )

    assert page_shows_old_text()
    for user, action in [(writer, "submit"), (reviewer, "approve")]:
        as_user(client, user).post(f"{BASE}{copy.pk}/workflow/{action}/")
        assert page_shows_old_text()

    response = as_user(client, publisher).post(f"{BASE}{copy.pk}/workflow/publish/")
    assert response.url == f"{BASE}{live.pk}/change/"
    text = public_text(client, live)
    assert "Take 12 units." in text and "New takeaway" in text
    assert "Take 10 units." not in text
    assert not Article.objects.filter(draft_of=live).exists()

    # The copy's edits stay in the article's history and can be restored.
    client.force_login(writer)
    history = client.get(f"{BASE}{live.pk}/versions/").content.decode()
    assert "New dose from the 2026 guideline" in history
    started = Version.objects.get_for_object(live).order_by("pk").first()
    assert "Working copy started" in started.revision.get_comment()
    client.post(f"{BASE}{live.pk}/versions/{started.pk}/restore/")
    restored = Article.objects.get(draft_of=live)
    assert "Take 10 units." in restored.body
    assert [t.text for t in restored.takeaways.all()] == ["Old takeaway"]
    assert "Take 12 units." in public_text(client, live)


def test_staff_preview_at_the_public_url_ignores_working_copies(editor_client, writer):
    from articles import workflow

    live = ArticleFactory(title="Public title")
    copy = workflow.start_working_copy(live, writer)
    copy.title = "Unreviewed title"
    copy.save()
    content = editor_client.get(live.get_absolute_url()).content.decode()
    assert "Public title" in content and "Unreviewed title" not in content
    preview = editor_client.get(f"{BASE}{copy.pk}/preview/")
    assert "Unreviewed title" in preview.content.decode()
    assert "no-cache" in preview["Cache-Control"]


def test_editing_an_approved_article_makes_it_a_draft_again(client, writer, reviewer):
    article = ArticleFactory(approved=True, approved_by=reviewer, created_by=writer)
    client.force_login(writer)

    client.post(
        f"{BASE}{article.pk}/change/", article_form_data(article, featured="on")
    )
    article.refresh_from_db()
    assert article.status == Status.APPROVED  # not a content change

    client.post(
        f"{BASE}{article.pk}/change/", article_form_data(article, title="Changed")
    )
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert article.approved_by is None
    assert article.last_edited_by == writer


def test_status_and_review_credits_cannot_be_set_through_the_form(client, writer):
    article = ArticleFactory(draft=True, medical_reviewer=None, reviewed_on=None)
    client.force_login(writer)
    client.post(
        f"{BASE}{article.pk}/change/",
        article_form_data(
            article,
            status="published",
            medical_reviewer=article.author_id,
            reviewed_on="2026-01-01",
        ),
    )
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert article.medical_reviewer is None and article.reviewed_on is None


class TestRevisions:
    def save_in_admin(self, client, article, **changes):
        response = client.post(
            f"{BASE}{article.pk}/change/", article_form_data(article, **changes)
        )
        assert response.status_code == 302, response.context["adminform"].form.errors
        article.refresh_from_db()

    def test_every_admin_save_keeps_a_version_with_takeaways_user_and_comment(
        self, client, writer
    ):
        article = ArticleFactory(draft=True)
        KeyTakeawayFactory(article=article, text="First takeaway")
        client.force_login(writer)

        self.save_in_admin(
            client, article, title="Second title", revision_comment="Clearer title"
        )

        version = Version.objects.get_for_object(article).get()
        assert version.field_dict["title"] == "Second title"
        assert version.revision.user == writer
        assert "Clearer title" in version.revision.get_comment()
        takeaway_versions = version.revision.version_set.exclude(pk=version.pk)
        assert [v.field_dict["text"] for v in takeaway_versions] == ["First takeaway"]

    def test_history_diff_and_preview_of_an_old_version(self, client, writer):
        article = ArticleFactory(
            draft=True, body="<h2>Doses</h2><p>Take 10 units.</p><p>Same.</p>"
        )
        KeyTakeawayFactory(article=article, text="Old takeaway")
        client.force_login(writer)
        self.save_in_admin(client, article, revision_comment="first")
        data = {"body": "<h2>Doses</h2><p>Take 12 units.</p><p>Same.</p>"}
        data["takeaways-0-text"] = "New takeaway"
        self.save_in_admin(client, article, summary="A new summary.", **data)
        old, new = Version.objects.get_for_object(article).order_by("pk")

        history = client.get(f"{BASE}{article.pk}/versions/").content.decode()
        assert "first" in history and writer.username in history

        diff = client.get(
            f"{BASE}{article.pk}/versions/compare/", {"from": old.pk, "to": new.pk}
        )
        content = diff.content.decode()
        assert "<del>-Take 10 units.</del>" in content
        assert "<ins>+Take 12 units.</ins>" in content
        assert "<ins>+New takeaway</ins>" in content
        assert "A new summary." in content
        assert "Same." in content  # context line

        preview = client.get(f"{BASE}{article.pk}/versions/{old.pk}/preview/")
        text = preview.content.decode()
        assert "Take 10 units." in text and "Old takeaway" in text
        assert "Take 12 units." not in text
        assert "no-cache" in preview["Cache-Control"]

    def test_unknown_versions_are_404(self, client, writer):
        article = ArticleFactory(draft=True)
        client.force_login(writer)
        for url in (
            f"{BASE}{article.pk}/versions/compare/?from=x&to=999999",
            f"{BASE}{article.pk}/versions/999999/preview/",
            f"{BASE}999999/versions/",
        ):
            assert client.get(url).status_code == 404, url

    def test_restore_brings_back_body_and_takeaways_as_a_draft(
        self, client, writer, reviewer
    ):
        article = ArticleFactory(draft=True, body="<h2>A</h2><p>Original text.</p>")
        KeyTakeawayFactory(article=article, text="Original takeaway")
        client.force_login(writer)
        self.save_in_admin(client, article)
        data = {"body": "<h2>A</h2><p>Rewritten text.</p>"}
        data["takeaways-0-text"] = "Rewritten takeaway"
        self.save_in_admin(client, article, **data)
        original = Version.objects.get_for_object(article).order_by("pk").first()
        article.status = Status.APPROVED
        article.save()

        client.post(f"{BASE}{article.pk}/versions/{original.pk}/restore/")

        article.refresh_from_db()
        assert "Original text." in article.body
        assert [t.text for t in article.takeaways.all()] == ["Original takeaway"]
        assert article.status == Status.DRAFT
        assert article.review_events.get().action == "restored"

    def test_restoring_a_published_article_goes_to_its_working_copy(
        self, client, writer
    ):
        article = ArticleFactory(body="<h2>A</h2><p>Live text.</p>")
        old_body = "<h2>A</h2><p>Old text.</p>"
        live_body = article.body
        article.body = old_body
        with reversion.create_revision():
            article.save()
        old = Version.objects.get_for_object(article).get()
        article.body = live_body
        article.save()
        client.force_login(writer)

        response = client.post(f"{BASE}{article.pk}/versions/{old.pk}/restore/")

        copy = Article.objects.get(draft_of=article)
        assert response.url == f"{BASE}{copy.pk}/change/"
        assert "Old text." in copy.body
        assert "Live text." in public_text(client, article)


class TestContentChecksInTheAdmin:
    def test_change_page_lists_findings_and_the_list_counts_them(self, admin_client):
        article = ArticleFactory(
            draft=True, body='<h2>A</h2><h4>B</h4><p><a href="http://x.org/">x</a></p>'
        )
        page = admin_client.get(f"{BASE}{article.pk}/change/").content.decode()
        assert "Heading levels skip from H2 to H4" in page
        assert "uses http:" in page
        listing = admin_client.get(BASE).content.decode()
        assert "1 error · 1 warning" in listing

    def test_clean_article_shows_no_problems(self, admin_client):
        article = ArticleFactory(draft=True)
        page = admin_client.get(f"{BASE}{article.pk}/change/").content.decode()
        assert "No problems found." in page
        assert "OK" in admin_client.get(BASE).content.decode()


class TestReviewDue:
    URL = f"{BASE}review-due/"

    def test_lists_overdue_and_due_soon_only(self, client, reviewer):
        today = timezone.localdate()
        ArticleFactory(
            title="Overdue one", next_review_due=today - datetime.timedelta(5)
        )
        ArticleFactory(
            title="Due soon one", next_review_due=today + datetime.timedelta(20)
        )
        ArticleFactory(
            title="Later one", next_review_due=today + datetime.timedelta(90)
        )
        ArticleFactory(title="Never reviewed draft", draft=True, next_review_due=today)
        client.force_login(reviewer)

        content = client.get(self.URL).content.decode()

        assert content.index("Overdue one") < content.index("Due soon one")
        assert "overdue by 5 days" in content
        assert "Later one" not in content and "Never reviewed draft" not in content

    @pytest.mark.parametrize("count", [1, 30])
    def test_runs_a_fixed_number_of_queries(self, client, reviewer, count):
        due = timezone.localdate()
        ArticleFactory.create_batch(count, next_review_due=due)
        client.force_login(reviewer)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(self.URL)
        assert len(response.context["articles"]) == count
        # session, user, the user's permissions (2), the list
        assert len(queries) == 5, [q["sql"] for q in queries]


class TestPatientPage:
    def test_shows_review_dates_nhs_style(self, client, reviewer, writer):
        from articles import workflow

        article = ArticleFactory(in_review=True, created_by=writer)
        workflow.approve(article, reviewer)
        article.refresh_from_db()
        article.status = Status.PUBLISHED
        article.save()

        content = client.get(article.get_absolute_url()).content.decode()

        assert "Medically reviewed by Dr Ayse Demir, MD, Endocrinology on" in content
        assert "Page last reviewed:" in content
        assert f'datetime="{article.next_review_due:%Y-%m-%d}"' in content
        assert "being reviewed" not in content

    @pytest.mark.parametrize(("setting", "shown"), [(True, True), (False, False)])
    def test_overdue_pages_show_a_calm_notice_when_enabled(
        self, client, settings, setting, shown
    ):
        settings.REVIEW_OVERDUE_NOTICE = setting
        article = ArticleFactory(next_review_due=datetime.date(2020, 1, 1))
        content = client.get(article.get_absolute_url()).content.decode()
        assert ("This page is being reviewed" in content) is shown


def test_a_refused_step_explains_why_on_the_article_page(client, reviewer):
    article = ArticleFactory(in_review=True, body="<h2>A</h2><h4>Skipped</h4>")
    client.force_login(reviewer)
    page = client.get(f"{BASE}{article.pk}/change/").content.decode()
    assert "1 content check error blocks approval" in page

    response = client.post(f"{BASE}{article.pk}/workflow/approve/", follow=True)

    assert "Fix the content check errors first" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW
