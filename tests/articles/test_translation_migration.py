"""The data migration that puts existing articles in translation groups."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("articles", "0007_index_existing_articles")]
AFTER = [("articles", "0010_require_translation_group")]


def test_each_article_gets_its_own_group_and_a_working_copy_shares_it(migrate):
    apps = migrate(BEFORE)
    try:
        Category = apps.get_model("articles", "Category")
        Author = apps.get_model("articles", "Author")
        Article = apps.get_model("articles", "Article")
        category = Category.objects.create(name="Heart", slug="heart")
        author = Author.objects.create(name="Team")
        common = {"category": category, "author": author, "summary": "S", "body": "B"}
        live = Article.objects.create(
            title="One", slug="one", status="published", **common
        )
        Article.objects.create(title="Two", slug="two", **common)
        Article.objects.create(title="One", slug="one", draft_of=live, **common)
    finally:
        apps = migrate(AFTER)

    Article = apps.get_model("articles", "Article")
    one = Article.objects.get(slug="one", draft_of__isnull=True)
    two = Article.objects.get(slug="two")
    copy = Article.objects.get(draft_of=one)
    assert one.translation_group != two.translation_group
    assert copy.translation_group == one.translation_group
