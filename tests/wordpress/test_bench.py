"""The benchmark's generated export imports like a real one."""

import re

import pytest
from django.core.management import call_command

from articles.models import Article

pytestmark = pytest.mark.django_db


def test_the_benchmark_imports_translations_with_images(capsys, settings):
    settings.PAGE_CACHE_ENABLED = False
    call_command("bench_wordpress_import", posts=10, images_per_post=2)
    output = capsys.readouterr().out
    assert re.search(r"^10 posts .* posts/s, peak memory \d+ MB, 0 failed", output)
    english = Article.objects.get(language="en", slug="condition-0")
    assert {a.language for a in english.translations()} == {"tr", "ar", "ru", "de"}
    assert english.body.count("/media/articles/body/") == 2
    # Topics translated in WordPress: one category, named in each language.
    assert english.category.name == "Topic 0 (en)"
    assert english.category.translations["ar"]["name"] == "Topic 0 (ar)"
    assert {a.category for a in english.translations()} == {english.category}
