"""Categories translated in WordPress become one category here, with its
name and description in each language the site offers."""

import pytest

from articles.models import Article, Category
from wordpress.importer import ImportOptions, import_export

from .conftest import FIXTURES

pytestmark = pytest.mark.django_db

TURKISH = {"name": "Diyabet", "description": "Tip 1, tip 2 ve gebelik diyabeti."}
RUSSIAN = {
    "name": "Диабет",
    "description": "Диабет 1 и 2 типа и гестационный диабет.",
}


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture(params=["polylang", "wpml"])
def export(request):
    return FIXTURES / f"{request.param}.xml"


def test_one_category_per_group_with_its_languages(export, client):
    report = import_export(export, ImportOptions())
    assert len(report.created) == 3
    (category,) = Category.objects.all()
    assert (category.slug, category.name) == ("diabetes", "Diabetes")
    assert category.description == "Type 1, type 2 and gestational diabetes."
    # French is not a language of the site.
    assert category.translations == {"tr": TURKISH, "ru": RUSSIAN}
    assert set(Article.objects.values_list("category", flat=True)) == {category.pk}
    page = client.get("/tr/articles/category/diabetes/").content.decode()
    assert "Diyabet" in page and TURKISH["description"] in page
    assert "Tip 1 diyabet nedir?" in page


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/category/diabetes/", "/en/articles/category/diabetes/"),
        ("/category/diyabet/", "/tr/articles/category/diabetes/"),
        # As Polylang and WPML write a language's addresses by default.
        ("/tr/category/diyabet/feed/", "/tr/articles/category/diabetes/"),
        ("/?cat=12", "/tr/articles/category/diabetes/"),
        (
            "/ru/category/%D0%B4%D0%B8%D0%B0%D0%B1%D0%B5%D1%82/",
            "/ru/articles/category/diabetes/",
        ),
    ],
)
def test_each_languages_old_category_address_leads_to_its_page(
    export, client, old, new
):
    import_export(export, ImportOptions())
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new
    assert client.get(new).status_code == 200


def test_importing_again_changes_nothing_and_keeps_edits_made_here(export):
    import_export(export, ImportOptions())
    category = Category.objects.get()
    category.translations = {"tr": {"name": "Şeker hastalığı", "description": ""}}
    category.description = "Edited here."
    category.save()

    import_export(export, ImportOptions(overwrite=True))
    import_export(export, ImportOptions())

    category = Category.objects.get()
    # Kept what was edited here; only the missing language was added again.
    assert category.translations == {
        "tr": {"name": "Şeker hastalığı", "description": ""},
        "ru": RUSSIAN,
    }
    assert category.description == "Edited here."
    assert Article.objects.filter(category=category).count() == 3
