"""The title and summary search vector that picks the candidates a search
ranks, filled for the existing articles (PostgreSQL only)."""

import django.contrib.postgres.search
from django.db import migrations


def fill_title_summary_vectors(apps, schema_editor):
    from articles.search.indexing import title_summary_vector

    if schema_editor.connection.vendor != "postgresql":
        return
    Article = apps.get_model("articles", "Article")
    languages = Article.objects.order_by().values_list("language", flat=True)
    for language in languages.distinct():
        Article.objects.filter(language=language).update(
            title_summary_vector=title_summary_vector(language)
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0012_article_content_section")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="title_summary_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True
            ),
        ),
        migrations.RunPython(fill_title_summary_vectors, migrations.RunPython.noop),
    ]
