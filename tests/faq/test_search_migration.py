"""The FAQ search migration: entries saved before search existed get
their vectors, then the index."""

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("faq", "0002_faq_search_vector")]
AFTER = [("faq", "0003_index_faq_search")]


def test_existing_entries_become_searchable_in_their_language(migrate):
    apps = migrate(BEFORE)
    try:
        FaqEntry = apps.get_model("faq", "FaqEntry")
        FaqEntry.objects.create(
            question="Can I fast with diabetes?", answer="<p>Ask first.</p>"
        )
        FaqEntry.objects.create(
            language="tr",
            question="Oruç tutabilir miyim?",
            answer="<p>Doktorlarınıza sorun.</p>",
        )
    finally:
        apps = migrate(AFTER)

    entries = apps.get_model("faq", "FaqEntry").objects
    assert not entries.filter(search_vector__isnull=True).exists()

    def matches(word, config):
        query = SearchQuery(word, config=config)
        return list(entries.filter(search_vector=query).values_list("language"))

    assert matches("fasting", "english") == [("en",)]
    assert matches("doktorlar", "turkish") == [("tr",)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_indexes WHERE indexname = 'faq_search_vector_idx'"
        )
        assert cursor.fetchone()
