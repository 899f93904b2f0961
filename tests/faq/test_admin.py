import pytest

from articles.workflow.roles import AUTHOR, setup_roles
from faq.models import FaqEntry
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    FaqEntryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

URL = "/admin/faq/faqentry/"


def test_a_site_wide_question_is_added_under_a_topic(admin_client):
    topic = CategoryFactory()
    response = admin_client.post(
        f"{URL}add/",
        {
            "question": "Do you treat international patients?",
            "answer": "<p>Yes.</p><script>x()</script>",
            "article": "",
            "topic": topic.pk,
            "language": "de",
            "status": "published",
            "position": "0",
        },
    )
    assert response.status_code == 302
    entry = FaqEntry.objects.get()
    assert (entry.topic, entry.language, entry.answer) == (topic, "de", "<p>Yes.</p>")


def test_a_question_with_neither_article_nor_topic_is_refused(admin_client):
    response = admin_client.post(
        f"{URL}add/",
        {
            "question": "Orphan?",
            "answer": "<p>Yes.</p>",
            "language": "en",
            "status": "published",
            "position": "0",
        },
    )
    errors = response.context["adminform"].form.errors
    assert "Choose the article" in str(errors["topic"])
    assert FaqEntry.objects.count() == 0


def test_the_list_searches_and_filters(admin_client):
    FaqEntryFactory(question="Is insulin safe?")
    FaqEntryFactory(question="Is surgery painful?", status="draft")

    found = admin_client.get(URL, {"q": "insulin"}).content.decode()
    drafts = admin_client.get(URL, {"status__exact": "draft"}).content.decode()

    assert "Is insulin safe?" in found and "Is surgery painful?" not in found
    assert "Is surgery painful?" in drafts and "Is insulin safe?" not in drafts
    for params in ({"language__exact": "en"}, {"topic__id__exact": "1"}):
        assert admin_client.get(URL, params).status_code == 200


class TestAnArticlesQuestionsFollowTheArticle:
    """The FAQ list gives no way round the article's rule (issue 20): an
    article's question changes only while the article may be edited, and a
    question on the FAQ page alone, live once saved, only by a publisher."""

    @pytest.fixture
    def author_client(self, client):
        setup_roles()
        client.force_login(UserFactory(username="writer", groups=[AUTHOR]))
        return client

    def entry_data(self, entry, **changes):
        return {
            "question": entry.question,
            "answer": entry.answer,
            "article": entry.article_id or "",
            "topic": entry.topic_id or "",
            "language": entry.language,
            "status": entry.status,
            "position": entry.position,
            **changes,
        }

    def test_an_entry_of_a_draft_is_changed_one_of_a_live_article_is_not(
        self, author_client
    ):
        draft = FaqEntryFactory(article=ArticleFactory(draft=True))
        live = FaqEntryFactory(article=ArticleFactory(), question="Is it safe?")

        draft_post = author_client.post(
            f"{URL}{draft.pk}/change/", self.entry_data(draft, question="Better?")
        )
        live_page = author_client.get(f"{URL}{live.pk}/change/")
        live_post = author_client.post(
            f"{URL}{live.pk}/change/", self.entry_data(live, question="Changed?")
        )
        live_delete = author_client.post(f"{URL}{live.pk}/delete/", {"post": "yes"})

        assert draft_post.status_code == 302
        assert live_page.status_code == 200  # shown, read-only
        assert (live_post.status_code, live_delete.status_code) == (403, 403)
        live.refresh_from_db()
        assert live.question == "Is it safe?"

    def test_no_entry_is_moved_onto_an_article_in_review(self, author_client):
        in_review = ArticleFactory(in_review=True)
        entry = FaqEntryFactory(article=ArticleFactory(draft=True))

        response = author_client.post(
            f"{URL}{entry.pk}/change/", self.entry_data(entry, article=in_review.pk)
        )

        assert "can't be changed now" in " ".join(
            response.context["adminform"].form.errors["article"]
        )
        assert not in_review.faq_entries.exists()

    def test_only_a_publisher_adds_a_question_to_the_faq_page_alone(
        self, author_client
    ):
        response = author_client.post(
            f"{URL}add/",
            {
                "question": "Do you treat international patients?",
                "answer": "<p>Yes.</p>",
                "topic": CategoryFactory().pk,
                "language": "en",
                "status": "published",
                "position": "0",
            },
        )

        assert "only publishers" in " ".join(
            response.context["adminform"].form.errors["article"]
        )
        assert not FaqEntry.objects.exists()

    def test_the_lists_position_column_leaves_a_live_articles_entry_alone(
        self, author_client
    ):
        live = FaqEntryFactory(article=ArticleFactory(), position=1)
        draft = FaqEntryFactory(article=ArticleFactory(draft=True), position=1)

        response = author_client.post(
            URL,
            {
                "form-TOTAL_FORMS": "2",
                "form-INITIAL_FORMS": "2",
                "form-0-id": live.pk,
                "form-0-position": "9",
                "form-1-id": draft.pk,
                "form-1-position": "7",
                "_save": "Save",
            },
        )

        assert response.status_code == 302
        live.refresh_from_db()
        draft.refresh_from_db()
        assert (live.position, draft.position) == (1, 7)
