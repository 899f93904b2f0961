import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_put_articles_in_translation_groups")]

    operations = [
        migrations.AlterField(
            model_name="article",
            name="translation_group",
            field=models.UUIDField(
                db_index=True,
                default=uuid.uuid4,
                editable=False,
                verbose_name="translation group",
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.UniqueConstraint(
                condition=models.Q(("draft_of__isnull", True)),
                fields=("translation_group", "language"),
                name="article_one_translation_per_language",
            ),
        ),
    ]
