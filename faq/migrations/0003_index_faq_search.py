"""A GIN index for FAQ search (PostgreSQL only) and vectors for the FAQ
entries saved before search existed."""

from django.db import migrations


def index_existing_entries(apps, schema_editor):
    from core.text_search import weighted_vector

    if schema_editor.connection.vendor != "postgresql":
        return
    FaqEntry = apps.get_model("faq", "FaqEntry")
    for language in FaqEntry.objects.values_list("language", flat=True).distinct():
        FaqEntry.objects.filter(language=language).update(
            search_vector=weighted_vector(language, "question", "answer")
        )
    # Built once over the filled column: building it first would have every
    # one of those updates insert into it.
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS faq_search_vector_idx "
        "ON faq_faqentry USING gin (search_vector)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS faq_search_vector_idx")


class Migration(migrations.Migration):
    dependencies = [("faq", "0002_faq_search_vector")]

    operations = [migrations.RunPython(index_existing_entries, drop_index)]
