"""Put articles reviewed before the review schedule existed on it: next
review due 12 months (or the category's interval) after the last review."""

import calendar
import datetime

from django.db import migrations


def add_months(day, months):
    # A frozen copy of articles.models.add_months: migrations must not
    # change when the app code does.
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last_day))


def schedule(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    articles = Article.objects.filter(
        reviewed_on__isnull=False, next_review_due__isnull=True
    ).select_related("category")
    for article in articles:
        months = article.review_interval_months or article.category.review_interval_months
        Article.objects.filter(pk=article.pk).update(
            next_review_due=add_months(article.reviewed_on, months or 12)
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_create_editorial_roles")]

    operations = [migrations.RunPython(schedule, migrations.RunPython.noop)]
