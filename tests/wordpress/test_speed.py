"""What keeps the import fast: a bounded number of queries a post, and
the cached pages invalidated in batches rather than post by post."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from wordpress import bench
from wordpress.importer import ImportOptions, import_export

from .conftest import FIXTURES

pytestmark = pytest.mark.django_db

# What a new post costs (docs/wordpress-import.md, "How long it takes"):
# the slug check, the article, its search vectors and words, its
# last-updated date, three for its redirects and its record; besides its
# transaction. One more is a slower import.
QUERIES_PER_NEW_POST = 9
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT")


def statements(captured):
    return [q["sql"] for q in captured if not q["sql"].startswith(TRANSACTION_CONTROL)]


# Committed for real: what the run remembers (authors, topics) it
# remembers once a post's transaction has committed.
@pytest.mark.django_db(transaction=True)
def test_a_new_post_costs_a_bounded_number_of_queries(tmp_path):
    export = tmp_path / "export.xml"
    bench.write_export(export, 50, 0, topics=1)
    import_export(export, ImportOptions())
    bench.write_export(export, 100, 0, topics=1)

    with CaptureQueriesContext(connection) as captured:
        report = import_export(export, ImportOptions())
    assert len(report.created) == 50
    # The 50 posts imported already cost nothing each; the run's own (the
    # topic's and the feed's redirects in 5 languages, the page cache
    # invalidation, what earlier imports made) some dozens.
    assert len(statements(captured)) <= 50 * QUERIES_PER_NEW_POST + 40

    with CaptureQueriesContext(connection) as captured:
        report = import_export(export, ImportOptions())
    assert len(report.unchanged) == 100
    # One query for what earlier imports made of the 100 posts, besides
    # the two setting commits not to wait for the disk.
    assert len(statements(captured)) == 3


def test_cached_pages_show_what_the_import_brought(client):
    for url in ("/en/", "/en/articles/"):
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit"
    import_export(FIXTURES / "polylang.xml", ImportOptions())
    english = Article.objects.get(language="en")
    for url in ("/en/", "/en/articles/"):
        page = Client().get(url)
        assert english.title in page.content.decode(), url
