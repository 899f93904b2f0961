import pytest
from django.core.exceptions import ValidationError

from faq.models import FaqEntry
from tests.factories import ArticleFactory, CategoryFactory, FaqEntryFactory

pytestmark = pytest.mark.django_db


def test_published_excludes_drafts_and_questions_of_unpublished_articles():
    visible = FaqEntryFactory(question="Visible?")
    FaqEntryFactory(question="Draft?", status=FaqEntry.Status.DRAFT)
    FaqEntryFactory(question="On a draft?", article=ArticleFactory(draft=True))
    FaqEntryFactory(question="Scheduled?", article=ArticleFactory(scheduled=True))
    on_topic = FaqEntryFactory(article=None, topic=CategoryFactory())

    assert set(FaqEntry.objects.published()) == {visible, on_topic}


def test_entries_are_ordered_by_position():
    article = ArticleFactory()
    late = FaqEntryFactory(article=article, position=9)
    early = FaqEntryFactory(article=article, position=1)
    assert list(article.faq_entries.all()) == [early, late]


def test_an_entry_takes_its_articles_language():
    article = ArticleFactory(language="ar")
    entry = FaqEntryFactory(article=article, language="en")
    assert entry.language == "ar"


def test_an_entry_needs_an_article_or_a_topic():
    entry = FaqEntryFactory.build(article=None, topic=None)
    with pytest.raises(ValidationError) as error:
        entry.full_clean()
    assert "Choose the article" in str(error.value.message_dict["topic"])


@pytest.mark.parametrize("answer", ["", "<p>&nbsp;</p>", "<p> </p><p></p>"])
def test_an_empty_answer_is_refused(answer):
    entry = FaqEntryFactory.build(article=None, topic=CategoryFactory(), answer=answer)
    with pytest.raises(ValidationError) as error:
        entry.full_clean()
    assert "answer" in error.value.message_dict


def test_unsafe_html_in_an_answer_is_sanitized_like_a_body():
    entry = FaqEntryFactory(
        answer='<p onclick="steal()">Fine <script>alert(1)</script>'
        '<a href="javascript:alert(1)">link</a><iframe src="x"></iframe></p>'
    )
    entry.refresh_from_db()
    assert entry.answer == "<p>Fine <a>link</a></p>"


def test_the_entry_links_to_its_question_on_the_article_or_the_faq_page():
    on_article = FaqEntryFactory()
    assert on_article.get_absolute_url() == (
        f"{on_article.article.get_absolute_url()}#faq-{on_article.pk}"
    )
    on_topic = FaqEntryFactory(article=None, topic=CategoryFactory(), language="tr")
    assert on_topic.get_absolute_url() == f"/tr/faq/#faq-{on_topic.pk}"
