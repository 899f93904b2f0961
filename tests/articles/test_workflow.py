import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles import workflow
from articles.models import Article, ReviewEvent, add_months
from faq.models import FaqEntry
from tests.factories import (
    ArticleCitationFactory,
    ArticleFactory,
    CategoryFactory,
    FaqEntryFactory,
    KeyTakeawayFactory,
)

pytestmark = pytest.mark.django_db

Status = Article.Status


@pytest.fixture
def draft(writer):
    return ArticleFactory(
        draft=True, created_by=writer, last_edited_by=writer, medical_reviewer=None
    )


def test_full_path_draft_to_published(draft, writer, reviewer, publisher):
    workflow.submit(draft, writer)
    draft.refresh_from_db()
    assert draft.status == Status.IN_REVIEW

    workflow.approve(draft, reviewer, "Dosage checked.")
    draft.refresh_from_db()
    assert draft.status == Status.APPROVED
    assert draft.approved_by == reviewer
    assert draft.approved_at is not None
    assert draft.medical_reviewer == reviewer.author_profile
    assert draft.reviewed_on == timezone.localdate()
    assert draft.next_review_due == add_months(timezone.localdate(), 12)
    # The approval points at the revision holding exactly the approved text.
    approved_version = draft.approved_revision.version_set.get(object_id=draft.pk)
    assert approved_version.field_dict["body"] == draft.body

    workflow.publish(draft, publisher)
    draft.refresh_from_db()
    assert draft.is_published() is True
    assert list(
        ReviewEvent.objects.filter(article=draft)
        .order_by("created_at", "pk")
        .values_list("action", flat=True)
    ) == ["submitted", "approved", "published"]


def test_publishing_with_a_future_date_schedules(draft, writer, reviewer, publisher):
    draft.published_at = timezone.now() + datetime.timedelta(days=3)
    draft.save()
    workflow.submit(draft, writer)
    workflow.approve(draft, reviewer)
    workflow.publish(draft, publisher)
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    assert Article.objects.published().count() == 0
    assert draft.review_events.first().action == "scheduled"


def test_category_and_article_review_intervals(draft, writer, reviewer):
    draft.category = CategoryFactory(name="Oncology", review_interval_months=6)
    draft.save()
    workflow.submit(draft, writer)
    workflow.approve(draft, reviewer)
    draft.refresh_from_db()
    assert draft.next_review_due == add_months(timezone.localdate(), 6)

    draft.review_interval_months = 3
    draft.status = Status.IN_REVIEW
    draft.save()
    workflow.approve(draft, reviewer)
    draft.refresh_from_db()
    assert draft.next_review_due == add_months(timezone.localdate(), 3)


def test_add_months_clamps_to_the_end_of_the_month():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 11, 27), 12) == datetime.date(2027, 11, 27)


@pytest.mark.parametrize(
    ("status", "function", "user_fixture"),
    [
        (Status.IN_REVIEW, workflow.submit, "writer"),
        (Status.APPROVED, workflow.submit, "writer"),
        (Status.DRAFT, workflow.approve, "reviewer"),
        (Status.APPROVED, workflow.approve, "reviewer"),
        (Status.DRAFT, workflow.publish, "publisher"),
        (Status.IN_REVIEW, workflow.publish, "publisher"),
        (Status.DRAFT, workflow.unpublish, "publisher"),
        (Status.DRAFT, workflow.confirm_review, "reviewer"),
    ],
)
def test_illegal_transitions_change_nothing(
    request, writer, status, function, user_fixture
):
    article = ArticleFactory(status=status, published_at=None, created_by=writer)
    user = request.getfixturevalue(user_fixture)
    with pytest.raises(workflow.TransitionError):
        function(article, user)
    article.refresh_from_db()
    assert article.status == status
    assert not article.review_events.exists()


@pytest.mark.parametrize(
    ("function", "status", "user_fixture"),
    [
        (workflow.submit, Status.DRAFT, "reviewer"),
        (workflow.submit, Status.DRAFT, "publisher"),
        (workflow.approve, Status.IN_REVIEW, "writer"),
        (workflow.approve, Status.IN_REVIEW, "publisher"),
        (workflow.publish, Status.APPROVED, "writer"),
        (workflow.publish, Status.APPROVED, "reviewer"),
        (workflow.unpublish, Status.PUBLISHED, "writer"),
        (workflow.unpublish, Status.PUBLISHED, "reviewer"),
    ],
)
def test_roles_without_the_permission_are_refused(
    request, function, status, user_fixture
):
    article = ArticleFactory(status=status)
    with pytest.raises(PermissionDenied):
        function(article, request.getfixturevalue(user_fixture))
    article.refresh_from_db()
    assert article.status == status


def test_a_reviewer_cannot_approve_text_they_wrote_or_edited(
    reviewer, other_reviewer, writer
):
    written = ArticleFactory(in_review=True, created_by=reviewer)
    edited = ArticleFactory(in_review=True, created_by=writer, last_edited_by=reviewer)
    for article in (written, edited):
        with pytest.raises(PermissionDenied):
            workflow.approve(article, reviewer)
        article.refresh_from_db()
        assert article.status == Status.IN_REVIEW
        # A second reviewer may.
        workflow.approve(article, other_reviewer)
        article.refresh_from_db()
        assert article.status == Status.APPROVED


def test_content_check_errors_block_approval_but_warnings_do_not(writer, reviewer):
    with_error = ArticleFactory(in_review=True, body="<h2>A</h2><h4>Skipped</h4>")
    with_warning = ArticleFactory(
        in_review=True, body='<h2>A</h2><p><a href="http://x.org/">link</a></p>'
    )
    with pytest.raises(workflow.TransitionError, match="content check"):
        workflow.approve(with_error, reviewer)
    workflow.approve(with_warning, reviewer)
    with_warning.refresh_from_db()
    assert with_warning.status == Status.APPROVED


def test_a_reviewer_without_an_author_profile_cannot_approve(roles):
    from tests.factories import UserFactory

    bare = UserFactory(groups=["Medical reviewer"])
    article = ArticleFactory(in_review=True)
    with pytest.raises(workflow.TransitionError, match="author profile"):
        workflow.approve(article, bare)


def test_return_needs_a_comment_and_makes_a_draft(reviewer):
    article = ArticleFactory(in_review=True)
    with pytest.raises(workflow.TransitionError, match="comment"):
        workflow.return_to_author(article, reviewer, "  ")
    workflow.return_to_author(article, reviewer, "Cite the 2025 guideline.")
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    event = article.review_events.get()
    assert (event.action, event.comment, event.user) == (
        "returned",
        "Cite the 2025 guideline.",
        reviewer,
    )


def test_unpublish_hides_and_needs_a_new_approval(publisher):
    article = ArticleFactory()
    workflow.unpublish(article, publisher)
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert Article.objects.published().count() == 0


def test_confirm_review_renews_a_live_article_without_changing_it(reviewer, writer):
    article = ArticleFactory(
        created_by=writer, next_review_due=datetime.date(2026, 1, 1)
    )
    body = article.body
    workflow.confirm_review(article, reviewer, "Still current.")
    article.refresh_from_db()
    assert article.is_published() is True
    assert article.body == body
    assert article.next_review_due == add_months(timezone.localdate(), 12)
    assert article.medical_reviewer == reviewer.author_profile


class TestWorkingCopy:
    def test_edits_stay_off_the_live_page_until_approved_and_published(
        self, writer, reviewer, publisher
    ):
        live = ArticleFactory(title="Live title", body="<h2>Old</h2><p>Old text.</p>")
        KeyTakeawayFactory(article=live, text="Old takeaway")

        copy = workflow.start_working_copy(live, writer)
        assert workflow.start_working_copy(live, writer) == copy  # reopened
        assert copy.slug == live.slug and copy.draft_of == live
        copy.title = "New title"
        copy.body = "<h2>New</h2><p>New text.</p>"
        copy.last_edited_by = writer
        copy.save()
        copy.takeaways.all().delete()
        KeyTakeawayFactory(article=copy, text="New takeaway")

        for step in (
            lambda: workflow.submit(copy, writer),
            lambda: workflow.approve(copy, reviewer),
        ):
            step()
            visible = Article.objects.published().get()
            assert visible.pk == live.pk
            assert visible.title == "Live title"
            assert [t.text for t in visible.takeaways.all()] == ["Old takeaway"]

        result = workflow.publish(copy, publisher)

        assert result.pk == live.pk
        live.refresh_from_db()
        assert live.title == "New title"
        assert "New text." in live.body_html
        assert [t.text for t in live.takeaways.all()] == ["New takeaway"]
        assert live.approved_by == reviewer
        assert Article.objects.count() == 1
        assert set(live.review_events.values_list("action", flat=True)) >= {
            "working_copy",
            "submitted",
            "approved",
            "published",
        }

    def test_faq_and_references_go_live_with_the_copy_and_not_before(
        self, writer, reviewer, publisher
    ):
        live = ArticleFactory(body="<p>Insulin helps [1].</p>")
        FaqEntryFactory(article=live, question="Old question?")
        ArticleCitationFactory(article=live, citation__title="Old study")
        copy = workflow.start_working_copy(live, writer)
        assert [f.question for f in copy.faq_entries.all()] == ["Old question?"]

        copy.faq_entries.update(question="New question?")
        copy.article_citations.all().delete()
        ArticleCitationFactory(article=copy, citation__title="New study")
        copy.last_edited_by = writer
        copy.save()
        workflow.submit(copy, writer)
        workflow.approve(copy, reviewer)
        assert [f.question for f in FaqEntry.objects.published()] == ["Old question?"]

        workflow.publish(copy, publisher)

        assert [f.question for f in FaqEntry.objects.published()] == ["New question?"]
        assert [c.citation.title for c in live.article_citations.all()] == ["New study"]
        assert FaqEntry.objects.count() == 1

    def test_a_working_copy_can_never_be_published(self, writer):
        live = ArticleFactory()
        copy = workflow.start_working_copy(live, writer)
        copy.status = Status.PUBLISHED
        with pytest.raises(IntegrityError), transaction.atomic():
            copy.save()
        with pytest.raises(ValueError):
            Article.objects.get(pk=copy.pk).publish()

    def test_only_published_articles_get_one(self, writer):
        with pytest.raises(workflow.TransitionError):
            workflow.start_working_copy(ArticleFactory(draft=True), writer)


def test_next_review_defaults_to_the_interval_after_the_last_review():
    oncology = CategoryFactory(name="Oncology", review_interval_months=6)
    article = ArticleFactory(reviewed_on=datetime.date(2026, 3, 31), category=oncology)
    assert article.next_review_due == datetime.date(2026, 9, 30)
    kept = ArticleFactory(
        reviewed_on=datetime.date(2026, 3, 1), next_review_due=datetime.date(2026, 5, 1)
    )
    assert kept.next_review_due == datetime.date(2026, 5, 1)


def test_migration_puts_earlier_reviews_on_the_schedule():
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "articles.migrations.0004_schedule_existing_reviews"
    )
    article = ArticleFactory(reviewed_on=datetime.date(2025, 10, 21))
    Article.objects.filter(pk=article.pk).update(next_review_due=None)
    migration.schedule(apps, None)
    article.refresh_from_db()
    assert article.next_review_due == datetime.date(2026, 10, 21)


class TestApprovalIsOfTheTextShown:
    """A reviewer approves (or returns) the text their page showed, never a
    text changed after they opened it."""

    @pytest.fixture
    def in_review(self, writer):
        article = ArticleFactory(
            in_review=True,
            created_by=writer,
            body="<h2>Targets</h2><p>Keep glucose at 5.1 mmol/L.</p>",
        )
        KeyTakeawayFactory(article=article, text="Check twice a day.")
        return article

    def test_a_stale_digest_is_refused_and_nothing_changes(self, in_review, reviewer):
        shown = workflow.content_digest(in_review)
        in_review.body = "<h2>Targets</h2><p>Keep glucose at 9.1 mmol/L.</p>"
        in_review.save()

        for step in (
            lambda: workflow.approve(in_review, reviewer, shown=shown),
            lambda: workflow.return_to_author(in_review, reviewer, "No.", shown=shown),
        ):
            with pytest.raises(workflow.TextChanged):
                step()
            in_review.refresh_from_db()
            assert in_review.status == Status.IN_REVIEW
            assert in_review.approved_by is None
            assert not in_review.review_events.exists()

    def test_any_reviewed_part_changes_the_digest(self, in_review):
        shown = workflow.content_digest(in_review)
        in_review.takeaways.update(text="Check once a week.")
        assert workflow.content_digest(in_review) != shown
        in_review.takeaways.update(text="Check twice a day.")
        FaqEntryFactory(article=in_review, question="How often?")
        assert workflow.content_digest(in_review) != shown

    def test_the_text_shown_is_approved_and_stamps_do_not_count(
        self, in_review, reviewer
    ):
        shown = workflow.content_digest(in_review)
        in_review.featured = True  # not reviewed content
        in_review.save()
        workflow.approve(in_review, reviewer, shown=shown)
        in_review.refresh_from_db()
        assert in_review.status == Status.APPROVED
        # The review's own stamps leave the approved text's digest as it was.
        assert workflow.content_digest(in_review) == shown


class TestTextInReview:
    """While a text is in review it stays the one the reviewer reads; its
    author takes it back to draft to change it."""

    def test_only_reviewers_may_change_a_text_in_review(self, writer, reviewer):
        article = ArticleFactory(in_review=True, created_by=writer)
        assert workflow.may_edit(article, writer) is False
        assert workflow.may_edit(article, reviewer) is True
        article.status = Status.DRAFT
        assert workflow.may_edit(article, writer) is True

    def test_take_back_makes_a_draft_and_voids_the_approval(self, writer, reviewer):
        article = ArticleFactory(in_review=True, created_by=writer)
        assert "take_back" in workflow.available_steps(article, writer)
        workflow.approve(article, reviewer)

        workflow.take_back(article, writer, "One more dose to add.")

        article.refresh_from_db()
        assert article.status == Status.DRAFT
        assert article.approved_by is None and article.approved_revision is None
        event = article.review_events.first()
        assert (event.action, event.user, event.comment) == (
            "taken_back",
            writer,
            "One more dose to add.",
        )
        assert workflow.may_edit(article, writer) is True
        with pytest.raises(workflow.TransitionError):
            workflow.take_back(article, writer)

    def test_only_authors_take_back(self, reviewer):
        article = ArticleFactory(in_review=True)
        with pytest.raises(PermissionDenied):
            workflow.take_back(article, reviewer)
        article.refresh_from_db()
        assert article.status == Status.IN_REVIEW
