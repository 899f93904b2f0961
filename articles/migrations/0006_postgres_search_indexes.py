"""PostgreSQL-only search objects: pg_trgm, and GIN indexes for the article
search vector and the "did you mean" lexicon. SQLite (the `make run`
default) gets none of them and searches without an index."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS article_search_vector_idx "
    "ON articles_article USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS search_word_trigram_idx "
    "ON articles_searchword USING gin (word gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_word_trigram_idx",
    "DROP INDEX IF EXISTS article_search_vector_idx",
]


def run_on_postgres(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_search_and_renditions")]

    operations = [
        migrations.RunPython(run_on_postgres(FORWARD), run_on_postgres(BACKWARD)),
    ]
