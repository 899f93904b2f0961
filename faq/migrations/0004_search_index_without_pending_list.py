"""The FAQ search index takes each entry at once rather than through GIN's
pending list (PostgreSQL only; why: articles migration 0015)."""

from importlib import import_module

from django.db import migrations

run_on_postgres = import_module(
    "articles.migrations.0006_postgres_search_indexes"
).run_on_postgres

FORWARD = [
    "ALTER INDEX faq_search_vector_idx SET (fastupdate = off)",
    "SELECT gin_clean_pending_list('faq_search_vector_idx'::regclass)",
]
BACKWARD = ["ALTER INDEX faq_search_vector_idx RESET (fastupdate)"]


class Migration(migrations.Migration):
    dependencies = [
        ("faq", "0003_index_faq_search"),
        ("articles", "0015_search_indexes_without_pending_list"),
    ]

    operations = [
        migrations.RunPython(run_on_postgres(FORWARD), run_on_postgres(BACKWARD)),
    ]
