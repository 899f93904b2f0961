"""One GIN index over (language, search_vector), with btree_gin, in place
of the one over search_vector alone (PostgreSQL only).

A search always asks for one language. With two indexes the planner often
took the language's rows from the b-tree and tested each vector, reading
every article's vector (kilobytes each) when a word is common; the
combined index answers both conditions at once."""

from importlib import import_module

from django.db import migrations

run_on_postgres = import_module(
    "articles.migrations.0006_postgres_search_indexes"
).run_on_postgres

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    "CREATE INDEX IF NOT EXISTS article_search_idx "
    "ON articles_article USING gin (language, search_vector)",
    "DROP INDEX IF EXISTS article_search_vector_idx",
]
BACKWARD = [
    "CREATE INDEX IF NOT EXISTS article_search_vector_idx "
    "ON articles_article USING gin (search_vector)",
    "DROP INDEX IF EXISTS article_search_idx",
]


class Migration(migrations.Migration):
    dependencies = [("articles", "0013_article_title_summary_vector")]

    operations = [
        migrations.RunPython(run_on_postgres(FORWARD), run_on_postgres(BACKWARD)),
    ]
