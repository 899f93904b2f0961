from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0020_article_page_json_ld"),
    ]

    operations = [
        migrations.RenameField(
            model_name="article",
            old_name="page_json_ld",
            new_name="head_html",
        ),
    ]
