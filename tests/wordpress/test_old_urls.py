"""Every old WordPress address of an imported post keeps working."""

import pytest

from redirects.models import Redirect
from wordpress.importer import ImportOptions, import_export
from wordpress.models import ImportedPost

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(export_path, settings):
    settings.PAGE_CACHE_ENABLED = False
    return import_export(export_path, ImportOptions())


def url_of(wp_id):
    return ImportedPost.objects.get(wp_id=wp_id).article.get_absolute_url()


def assert_one_hop_to_a_page(client, old, new):
    response = client.get(old)
    assert response.status_code == 301, old
    assert response["Location"] == new
    assert client.get(new).status_code == 200


@pytest.mark.parametrize(
    "old",
    [
        "/2023/05/living-with-type-1-diabetes/",
        "/2023/05/living-with-type-1-diabetes/feed/",
        "/?p=101",
    ],
)
def test_permalink_feed_and_plain_link_of_a_post(report, client, old):
    assert_one_hop_to_a_page(client, old, url_of(101))


def test_a_non_ascii_permalink(report, client):
    # The browser sends it percent-encoded, as WordPress wrote it.
    assert_one_hop_to_a_page(
        client, "/2023/08/%d8%a7%d9%84%d8%b3%d9%83%d8%b1%d9%8a/", url_of(106)
    )


@pytest.mark.parametrize(
    "old",
    ["/category/endocrinology/diabetes/", "/category/endocrinology/diabetes/feed/"],
)
def test_category_pages_with_their_parents_in_the_path(report, client, old):
    assert_one_hop_to_a_page(client, old, "/en/articles/category/diabetes/")


def test_the_site_feed(report, client):
    response = client.get("/feed/")
    assert response.status_code == 301
    assert response["Location"] == "/en/articles/feed/"


def test_drafts_get_no_redirects(report):
    assert not Redirect.objects.filter(old_path="/?p=104").exists()


def test_the_report_lists_the_redirects(report):
    assert ("/?p=101", url_of(101)) in report.redirects
    assert len(report.redirects) == len(set(report.redirects))


def test_links_between_imported_posts_point_to_the_new_pages(report):
    body = ImportedPost.objects.get(wp_id=102).article.body
    assert f'<a href="{url_of(101)}">living with type 1 diabetes</a>' in body


def test_a_link_to_a_post_not_imported_is_reported(export_path, tmp_path, settings):
    settings.PAGE_CACHE_ENABLED = False
    changed = tmp_path / "changed.xml"
    changed.write_text(
        export_path.read_text().replace(
            'https://old.example.org/2023/05/living-with-type-1-diabetes/">',
            'https://old.example.org/2019/01/gone/">',
        )
    )
    report = import_export(changed, ImportOptions())
    assert (
        "Link to an old page with no new address: "
        "https://old.example.org/2019/01/gone/" in report.warnings[102]
    )


def test_reimporting_makes_no_new_redirects(export_path, report):
    count = Redirect.objects.count()
    again = import_export(export_path, ImportOptions())
    assert again.redirects == []
    assert Redirect.objects.count() == count


def test_pages_when_asked_for_keep_their_addresses(export_path, client, settings):
    settings.PAGE_CACHE_ENABLED = False
    import_export(export_path, ImportOptions(post_types=("post", "page")))
    for old in ("/patients/preparing-for-a-blood-test/", "/?page_id=400", "/?p=400"):
        assert_one_hop_to_a_page(client, old, url_of(400))
