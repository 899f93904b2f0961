import re

import pytest

from articles.models import Article, KeyTakeaway
from tests.admin_forms import empty_inline
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/articles/article/add/"


@pytest.fixture
def form_data():
    category = CategoryFactory()
    author = AuthorFactory()
    return {
        "language": "en",
        "title": "Managing type 1 diabetes",
        "slug": "managing-type-1-diabetes",
        "summary": "How insulin, diet and monitoring work together.",
        "hero_image_alt": "",
        "hero_image_caption": "",
        "body": "<h2>Insulin</h2><p>Text.</p><script>alert(1)</script>",
        "category": category.pk,
        "author": author.pk,
        "medical_reviewer": "",
        "reviewed_on": "",
        "status": "published",
        "published_at_0": "",
        "published_at_1": "",
        "takeaways-TOTAL_FORMS": "2",
        "takeaways-INITIAL_FORMS": "0",
        "takeaways-MIN_NUM_FORMS": "0",
        "takeaways-MAX_NUM_FORMS": "1000",
        "takeaways-0-position": "1",
        "takeaways-0-text": "Check your blood sugar.",
        "takeaways-1-position": "2",
        "takeaways-1-text": "Carry fast sugar.",
        **empty_inline("faq_entries"),
        **empty_inline("article_citations"),
    }


def test_add_and_change_pages_load_with_the_ckeditor5_widget(admin_client):
    article = ArticleFactory(draft=True)
    for url in (ADD_URL, f"/admin/articles/article/{article.pk}/change/"):
        content = admin_client.get(url).content.decode()
        assert 'class="django_ckeditor_5"' in content, url
        assert "django_ckeditor_5/dist/bundle" in content, url


def test_list_page_searches_and_filters(admin_client):
    ArticleFactory(title="Insulin pumps explained")
    ArticleFactory(title="Heart surgery recovery")
    response = admin_client.get("/admin/articles/article/", {"q": "insulin"})
    content = response.content.decode()
    assert "Insulin pumps explained" in content
    assert "Heart surgery recovery" not in content
    assert (
        admin_client.get("/admin/articles/article/?status__exact=draft").status_code
        == 200
    )


def test_saving_an_article_with_takeaways_sanitizes_and_keeps_it_a_draft(
    admin_client, form_data
):
    """The form can't set the status: publishing goes through review."""
    response = admin_client.post(ADD_URL, form_data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get()
    assert "<script>" not in article.body
    assert article.status == Article.Status.DRAFT
    assert article.is_published() is False
    assert [t.text for t in article.takeaways.all()] == [
        "Check your blood sugar.",
        "Carry fast sugar.",
    ]


def test_search_engine_settings_are_set_in_a_collapsed_section(admin_client, form_data):
    content = admin_client.get(ADD_URL).content.decode()
    collapsed = re.search(
        r"<details><summary>\s*<h2[^>]*>Search engines</h2>\s*</summary>(.*?)"
        r"</details>",
        content,
        re.S,
    )
    assert collapsed is not None
    for field in ("seo_title", "canonical_url", "noindex"):
        assert f'name="{field}"' in collapsed[1]

    form_data |= {
        "seo_title": "Type 1 diabetes: a guide",
        # Pasted without its scheme.
        "canonical_url": "partner.example.com/diabetes/",
        "noindex": "on",
    }
    response = admin_client.post(ADD_URL, form_data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get()
    assert article.seo_title == "Type 1 diabetes: a guide"
    assert article.canonical_url == "https://partner.example.com/diabetes/"
    assert article.noindex is True


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("summary", "x" * 161, "at most 160 characters"),
        ("slug", "taken-slug", "already uses this slug"),
        ("title", "", "This field is required"),
    ],
)
def test_bad_input_shows_a_field_error_and_saves_nothing(
    admin_client, form_data, field, value, message
):
    ArticleFactory(slug="taken-slug")
    form_data[field] = value

    response = admin_client.post(ADD_URL, form_data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert message in str(errors[field])
    assert Article.objects.count() == 1
    assert KeyTakeaway.objects.count() == 0


def test_hero_image_without_alt_text_is_refused(admin_client, form_data, tmp_path):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (40, 20), "teal").save(buffer, format="PNG")
    form_data["hero_image"] = SimpleUploadedFile(
        "hero.png", buffer.getvalue(), content_type="image/png"
    )

    response = admin_client.post(ADD_URL, form_data)

    errors = response.context["adminform"].form.errors
    assert "screen readers" in str(errors["hero_image_alt"])
    assert Article.objects.count() == 0


def test_an_invalid_takeaway_rolls_back_the_whole_save(admin_client, form_data):
    form_data["takeaways-1-text"] = "x" * 301

    response = admin_client.post(ADD_URL, form_data)

    assert response.status_code == 200
    assert Article.objects.count() == 0
    assert KeyTakeaway.objects.count() == 0


def test_publish_and_unpublish_actions(admin_client):
    approved = ArticleFactory.create_batch(2, approved=True)
    ids = [a.pk for a in approved]

    admin_client.post(
        "/admin/articles/article/",
        {"action": "publish_selected", "_selected_action": ids},
    )
    assert Article.objects.published().count() == 2

    admin_client.post(
        "/admin/articles/article/",
        {"action": "unpublish_selected", "_selected_action": ids},
    )
    assert Article.objects.published().count() == 0


def test_view_on_site_links_to_the_article(admin_client):
    article = ArticleFactory()
    content = admin_client.get(
        f"/admin/articles/article/{article.pk}/change/"
    ).content.decode()
    assert "View on site" in content
