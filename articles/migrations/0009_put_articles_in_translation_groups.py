"""Each existing article becomes its own translation group; a working copy
joins its article's group."""

import uuid

from django.db import migrations


def put_in_groups(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    for article in Article.objects.filter(draft_of__isnull=True).only("pk"):
        group = uuid.uuid4()
        Article.objects.filter(pk=article.pk).update(translation_group=group)
        Article.objects.filter(draft_of=article.pk).update(translation_group=group)


class Migration(migrations.Migration):
    dependencies = [("articles", "0008_translations")]

    operations = [migrations.RunPython(put_in_groups, migrations.RunPython.noop)]
