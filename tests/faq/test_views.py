import pytest

from tests.factories import ArticleFactory, CategoryFactory, FaqEntryFactory

from .pages import faq_item_ids, visible_faq

pytestmark = pytest.mark.django_db

FAQ_URL = "/en/faq/"


def test_faq_page_groups_questions_by_topic_with_a_jump_list(client):
    heart = CategoryFactory(name="Heart health", slug="heart-health")
    diabetes = CategoryFactory(name="Diabetes", slug="diabetes")
    FaqEntryFactory(article=None, topic=heart, question="Is a stent forever?")
    # Without a topic of its own, a question is listed under its article's.
    FaqEntryFactory(
        article=ArticleFactory(category=diabetes), question="Insulin?", position=2
    )
    FaqEntryFactory(article=None, topic=diabetes, question="Diet?", position=1)

    response = client.get(FAQ_URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    jump = html[
        html.index('class="faq-jump"') : html.index(
            "</nav>", html.index('class="faq-jump"')
        )
    ]
    assert jump.index('href="#topic-diabetes"') < jump.index(
        'href="#topic-heart-health"'
    )
    assert '<h2 id="topic-diabetes">Diabetes</h2>' in html
    assert [q for q, _ in visible_faq(html)] == [
        "Diet?",
        "Insulin?",
        "Is a stent forever?",
    ]
    assert "From the article" in html


def test_faq_page_shows_only_published_questions_in_the_visitors_language(client):
    topic = CategoryFactory()
    FaqEntryFactory(article=None, topic=topic, question="English question?")
    FaqEntryFactory(article=None, topic=topic, question="Türkçe soru?", language="tr")
    FaqEntryFactory(article=None, topic=topic, question="Draft?", status="draft")
    FaqEntryFactory(article=ArticleFactory(draft=True), question="Unreleased?")

    english = client.get(FAQ_URL).content.decode()
    turkish = client.get("/tr/faq/").content.decode()

    assert [q for q, _ in visible_faq(english)] == ["English question?"]
    assert [q for q, _ in visible_faq(turkish)] == ["Türkçe soru?"]


def test_every_question_is_an_expandable_item_with_its_own_anchor(client):
    entries = FaqEntryFactory.create_batch(2)
    html = client.get(FAQ_URL).content.decode()
    assert faq_item_ids(html) == [f"faq-{e.pk}" for e in entries]
    assert f'<a href="#faq-{entries[0].pk}">Link to this question</a>' in html
    assert "js/faq." in html and "defer" in html


def test_an_empty_faq_page_says_so(client):
    response = client.get(FAQ_URL)
    assert response.status_code == 200
    assert "There are no questions in this language yet." in response.content.decode()


@pytest.mark.parametrize("count", [1, 30])
def test_faq_page_runs_one_query(client, django_assert_num_queries, count):
    topics = CategoryFactory.create_batch(3)
    for n in range(count):
        FaqEntryFactory(topic=topics[n % 3])

    # The entries with their topics and articles; the header's topics.
    with django_assert_num_queries(2):
        response = client.get(FAQ_URL)

    assert len(visible_faq(response.content.decode())) == count


def test_faq_page_sets_no_cookie(client):
    FaqEntryFactory()
    response = client.get(FAQ_URL)
    assert response.cookies == {}
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_header_links_to_the_faq_page(client):
    html = client.get("/en/").content.decode()
    assert '<a href="/en/faq/">FAQ</a>' in html
    faq_html = client.get(FAQ_URL).content.decode()
    assert '<a href="/en/faq/" aria-current="page">FAQ</a>' in faq_html
