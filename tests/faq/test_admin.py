import pytest

from faq.models import FaqEntry
from tests.factories import CategoryFactory, FaqEntryFactory

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
