"""Posts in several languages become linked translations."""

import pytest

from articles.models import Article
from wordpress.importer import ImportOptions, import_export
from wordpress.models import ImportedPost

from .conftest import FIXTURES

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


def article(wp_id):
    return ImportedPost.objects.get(wp_id=wp_id).article


@pytest.mark.parametrize("plugin", ["polylang", "wpml"])
def test_translations_are_linked_in_the_sites_languages(plugin, client):
    report = import_export(FIXTURES / f"{plugin}.xml", ImportOptions())
    english, turkish, russian = article(301), article(302), article(303)
    assert (english.language, turkish.language, russian.language) == ("en", "tr", "ru")
    assert set(english.translations()) == {turkish, russian}
    assert russian.slug == "что-такое-диабет"
    page = client.get(english.get_absolute_url())
    assert turkish.get_absolute_url().encode() in page.content
    assert [(o.wp_id, o.reason) for o in report.skipped] == [
        (304, "in “fr”, a language the site does not offer")
    ]


def test_translations_stay_linked_on_reimport():
    path = FIXTURES / "polylang.xml"
    import_export(path, ImportOptions())
    group = article(301).translation_group
    import_export(path, ImportOptions(overwrite=True))
    assert article(302).translation_group == group
    assert Article.objects.count() == 3


def test_an_export_without_languages_takes_the_one_given(export_path):
    import_export(export_path, ImportOptions(language="tr"))
    assert article(101).language == "tr"
    assert article(101).get_absolute_url().startswith("/tr/")
