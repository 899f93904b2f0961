"""The article list stays readable: few columns, the state as a badge,
working copies under their live article, search through the body, and
"View on site" showing a working copy's own text."""

import datetime
import re

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

LIST = "/admin/articles/article/"


def column_count(html):
    header = re.search(r"<thead>(.*?)</thead>", html, re.S).group(1)
    return header.count("<th")


def row_titles(html):
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S).group(1)
    return [
        " ".join(re.sub(r"<[^>]+>", " ", cell).split())
        for cell in re.findall(
            r'<th class="field-title_and_copy">(.*?)</th>', body, re.S
        )
    ]


def test_the_list_has_at_most_seven_columns_and_a_state_badge(admin_client):
    ArticleFactory(title="Diabetes and fasting", reviewed_on=timezone.localdate())
    ArticleFactory(title="Gout", reviewed_on=datetime.date(2020, 1, 6))

    html = admin_client.get(LIST).content.decode()

    # The selection checkbox and six columns.
    assert column_count(html) <= 7
    assert '<span class="state-badge state-published">Published</span>' in html
    assert "state-badge state-overdue" in html  # reviewed in 2020


def test_a_working_copy_is_listed_just_under_its_live_article(admin_client, admin_user):
    older = ArticleFactory(title="Older live article")
    live = ArticleFactory(title="Asthma in children")
    newest = ArticleFactory(title="Newest live article")
    older.published_at = live.published_at.replace(year=live.published_at.year - 1)
    older.save()
    newest.published_at = live.published_at.replace(year=live.published_at.year + 1)
    newest.save()
    copy = workflow.start_working_copy(live, admin_user)

    titles = row_titles(admin_client.get(LIST).content.decode())

    assert titles.index("Asthma in children") + 1 == titles.index(
        "↳ Asthma in children (working copy)"
    )
    assert "state-badge state-copy" in admin_client.get(LIST).content.decode()
    assert copy.pk


def test_search_finds_words_that_are_only_in_the_body(admin_client):
    ArticleFactory(
        title="Looking after your feet", body="<p>Check for blisters daily.</p>"
    )
    ArticleFactory(title="Sleep", body="<p>Keep a regular bedtime.</p>")

    titles = row_titles(admin_client.get(LIST, {"q": "blisters"}).content.decode())

    assert titles == ["Looking after your feet"]


def test_view_on_site_from_a_working_copy_opens_its_preview(admin_client, admin_user):
    live = ArticleFactory(title="Asthma in children")
    copy = workflow.start_working_copy(live, admin_user)

    live_page = admin_client.get(f"{LIST}{live.pk}/change/").content.decode()
    copy_page = admin_client.get(f"{LIST}{copy.pk}/change/").content.decode()

    assert 'href="/admin/r/' in live_page  # the live page, through Django
    assert f'href="{LIST}{copy.pk}/preview/"' in copy_page
    assert Article.objects.count() == 2
