"""Create the Author, Medical reviewer, Publisher and Site admin groups.

The same function backs `manage.py setup_roles`, which also fills in the
permissions of apps migrated after this one.
"""

from django.db import migrations


def create_roles(apps, schema_editor):
    from articles.workflow.roles import setup_roles

    setup_roles(apps, using=schema_editor.connection.alias)


def delete_roles(apps, schema_editor):
    from articles.workflow.roles import remove_roles

    remove_roles(apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_review_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, delete_roles)]
