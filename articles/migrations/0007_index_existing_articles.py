"""Fill body_text, the search vectors and the lexicon for articles saved
before search existed."""

from django.db import migrations


def index_existing_articles(apps, schema_editor):
    from articles.body.prepare import prepare_body
    from articles.search.indexing import search_vector
    from core.text_search import uses_postgres, words_of

    Article = apps.get_model("articles", "Article")
    SearchWord = apps.get_model("articles", "SearchWord")
    for article in Article.objects.all():
        article.body_text = prepare_body(article.body).text
        article.save(update_fields=["body_text"])
        if not uses_postgres():
            continue
        Article.objects.filter(pk=article.pk).update(
            search_vector=search_vector(article.language)
        )
        if article.status == "published":
            SearchWord.objects.bulk_create(
                [
                    SearchWord(language=article.language, word=word)
                    for word in words_of(
                        article.title, article.summary, article.body_text
                    )
                ],
                ignore_conflicts=True,
            )


class Migration(migrations.Migration):
    dependencies = [("articles", "0006_postgres_search_indexes")]

    operations = [
        migrations.RunPython(index_existing_articles, migrations.RunPython.noop),
    ]
