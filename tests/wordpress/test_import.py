"""``import_wordpress`` turns a WordPress export into articles."""

import datetime
import json

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from articles.models import Article, Author, Category
from faq.models import FaqEntry
from redirects.models import Redirect
from tests.factories import UserFactory
from wordpress.importer import ImportOptions, import_export
from wordpress.models import ImportedPost

pytestmark = pytest.mark.django_db


def run(export_path, **options):
    return import_export(export_path, ImportOptions(**options))


def article(wp_id):
    return ImportedPost.objects.get(wp_id=wp_id).article


@pytest.fixture
def imported(export_path, settings):
    settings.PAGE_CACHE_ENABLED = False
    return run(export_path)


class TestFirstImport:
    def test_posts_become_articles_and_the_rest_is_accounted_for(self, imported):
        assert sorted(o.wp_id for o in imported.created) == [
            101,
            102,
            103,
            104,
            105,
            106,
            107,
            108,
            109,
        ]
        assert [(o.wp_id, o.reason) for o in imported.skipped] == [
            (110, "in the WordPress trash")
        ]
        assert imported.failed == []
        assert imported.other_types == {
            "attachment": 1,
            "nav_menu_item": 1,
            "page": 1,
        }

    def test_fields_are_mapped(self, imported):
        living = article(101)
        assert living.title == "Living with type 1 diabetes"
        assert living.slug == "living-with-type-1-diabetes"
        # Yoast's meta description: the summary is the meta description.
        assert living.summary == (
            "How insulin is given and which blood sugar targets to aim for."
        )
        assert living.language == "en"
        assert living.status == Article.Status.PUBLISHED
        assert living.published_at == datetime.datetime(
            2023, 5, 15, 8, 30, tzinfo=datetime.UTC
        )
        assert living.updated_at == datetime.datetime(
            2024, 1, 10, 11, 0, tzinfo=datetime.UTC
        )

    def test_primary_category_is_kept_and_the_others_reported(self, imported):
        assert article(101).category.slug == "diabetes"
        assert article(101).category.name == "Diabetes"
        assert (
            "Articles have one category: kept “diabetes”, not “nutrition”."
            in (imported.warnings[101])
        )

    def test_tags_are_reported_as_not_imported_with_why(self, imported):
        assert imported.terms_not_imported == {"post_tag": {"insulin", "blood-sugar"}}
        assert imported.posts_with_terms_not_imported == {"post_tag": 2}
        assert (
            "Not imported: 2 tag(s) on 2 post(s) (blood-sugar, insulin): "
            "articles here have no tags" in imported.as_text()
        )

    def test_authors_are_bylines_by_login_without_staff_accounts(
        self, imported, django_user_model
    ):
        assert article(101).author.name == "Dr Ayşe Yılmaz"
        assert article(102).author == article(101).author
        assert Author.objects.filter(name="Dr Ayşe Yılmaz").count() == 1
        assert django_user_model.objects.count() == 0

    def test_classic_body_gets_paragraphs_and_a_captioned_figure(self, imported):
        body = article(101).body
        assert body.startswith(
            "<p>Type 1 diabetes means the body makes little or no insulin.<br>"
        )
        assert "<figcaption>An insulin pump gives insulin all day.</figcaption>" in body
        assert "contact-form-7" not in body
        assert "Shortcode [contact-form-7] removed." in imported.warnings[101]

    def test_block_body_is_mapped_with_its_faq(self, imported):
        hba1c = article(102)
        assert "wp:" not in hba1c.body
        assert "<caption>HbA1c results in adults</caption>" in hba1c.body
        assert '<a href="https://www.youtube.com/watch?v=hba1c-explained">' in (
            hba1c.body
        )
        assert "<cite>A patient</cite>" in hba1c.body
        assert list(hba1c.faq_entries.values_list("question", "answer")) == [
            (
                "Do I need to fast before an HbA1c test?",
                "<p>No. You can eat and drink normally.</p>",
            ),
            (
                "How often should it be checked?",
                "<p>At least once a year, more often if your treatment "
                "<strong>changes</strong>.</p>",
            ),
        ]

    def test_no_excerpt_means_a_summary_from_the_text_reported(self, imported):
        assert article(102).summary.startswith("The HbA1c test shows your average")
        assert len(article(102).summary) <= 160
        assert (
            "No excerpt: the summary is the start of the text."
            in (imported.warnings[102])
        )

    def test_future_post_is_scheduled_and_draft_stays_a_draft(self, imported):
        clinic, feet = article(103), article(104)
        assert clinic.status == Article.Status.PUBLISHED
        assert clinic.published_at.year == 2098
        assert not clinic.is_published()
        assert feet.status == Article.Status.DRAFT
        assert feet.published_at is None
        assert feet.slug == "foot-care-for-people-with-diabetes"

    def test_hostile_post_is_sanitised_and_reported(self, imported):
        body = article(105).body
        for dangerous in ("<script", "onclick", "onerror", "javascript:", "<iframe"):
            assert dangerous not in body
        assert "style=" not in body
        assert "Claim your meter today!" in body
        assert {
            "Removed 1 <script> element(s).",
            "Removed 1 <iframe> element(s).",
            "Removed 1 script link(s) on <a>.",
            "Removed 1 “onerror” attribute(s) on <img>.",
            "Removed 1 inline style(s) on <p>.",
        } <= set(imported.warnings[105])

    def test_non_ascii_slugs_are_kept_and_reachable(self, imported, client):
        for wp_id, slug in ((106, "السكري"), (107, "диабет"), (108, "şeker-hastalığı")):
            assert article(wp_id).slug == slug
            assert client.get(article(wp_id).get_absolute_url()).status_code == 200

    def test_duplicate_slug_is_made_unique_and_reported(self, imported):
        assert article(109).slug == "living-with-type-1-diabetes-2"
        assert (
            "The slug “living-with-type-1-diabetes” was taken; this post is at "
            "“living-with-type-1-diabetes-2”." in imported.warnings[109]
        )

    def test_published_posts_stay_live_but_are_due_for_review(self, imported, client):
        living = article(101)
        assert client.get(living.get_absolute_url()).status_code == 200
        today = timezone.localdate()
        assert living in Article.objects.review_due(today, within_days=0)
        assert living.is_review_overdue()

    def test_a_trailing_reference_list_becomes_citations(self, imported):
        hba1c = article(102)
        assert list(
            hba1c.article_citations.values_list(
                "citation__title", "citation__publisher", "citation__doi"
            )
        ) == [
            (
                "Diagnosis and Classification of Diabetes: Standards of Care in "
                "Diabetes—2024",
                "diabetesjournals.org",
                "",
            ),
            ("HbA1c for diagnosis in primary care", "doi.org", "10.1136/bmj.l4896"),
        ]
        assert "References" not in hba1c.body
        # The marker [1] has its citation: no content check error.
        assert hba1c.content_checks["errors"] == []

    def test_yoast_seo_settings_become_the_article_s(self, imported):
        living = article(101)
        assert living.seo_title == "Type 1 diabetes: living well | Old Hospital"
        assert (living.canonical_url, living.noindex) == ("", False)
        assert article(103).canonical_url == (
            "https://news.example.com/new-diabetes-clinic/"
        )
        assert article(105).noindex is True
        assert not any("SEO title" in w for w in imported.warnings[101])
        assert not any("noindex" in w for w in imported.warnings[105])

    def test_content_check_findings_are_in_the_report(self, imported):
        assert (
            "Content check (warning): A table has no caption." in imported.warnings[101]
        )


class TestRerun:
    def test_the_same_export_again_changes_nothing(self, export_path, imported):
        counts = (Article.objects.count(), FaqEntry.objects.count())
        again = run(export_path)
        assert again.created == [] and again.updated == []
        assert len(again.unchanged) == 9
        assert (Article.objects.count(), FaqEntry.objects.count()) == counts
        assert Category.objects.filter(slug="diabetes").count() == 1

    def test_a_post_changed_in_wordpress_is_updated(
        self, export_path, imported, tmp_path
    ):
        changed = tmp_path / "changed.xml"
        changed.write_text(
            export_path.read_text().replace(
                "Check your feet every day.", "Check both feet every day."
            )
        )
        again = run(changed)
        assert [o.wp_id for o in again.updated] == [104]
        assert "Check both feet every day." in article(104).body

    def test_an_article_edited_here_is_left_alone_unless_overwrite(
        self, export_path, imported, tmp_path
    ):
        feet = article(104)
        feet.title = "Foot care (edited here)"
        feet.save()
        changed = tmp_path / "changed.xml"
        changed.write_text(
            export_path.read_text().replace("Wear shoes", "Wear soft shoes")
        )
        again = run(changed)
        assert (104, "edited here since the last import (--overwrite)") in [
            (o.wp_id, o.reason) for o in again.skipped
        ]
        assert article(104).title == "Foot care (edited here)"
        run(changed, overwrite=True)
        assert article(104).title == "Foot care for people with diabetes"

    def test_an_article_deleted_here_is_not_recreated_unless_asked(
        self, export_path, imported
    ):
        article(105).delete()
        again = run(export_path)
        assert (105, "deleted here after an earlier import (--recreate-deleted)") in [
            (o.wp_id, o.reason) for o in again.skipped
        ]
        assert not Article.objects.filter(slug="free-meter").exists()
        run(export_path, recreate_deleted=True)
        assert Article.objects.filter(slug="free-meter").exists()


def test_a_dry_run_reports_everything_and_writes_nothing(export_path):
    report = run(export_path, dry_run=True)
    assert len(report.created) == 9
    assert report.warnings[105]
    assert Article.objects.count() == 0
    assert ImportedPost.objects.count() == 0
    assert Author.objects.count() == 0


def test_a_failing_post_is_reported_and_the_others_go_on(export_path, tmp_path):
    broken = tmp_path / "broken.xml"
    # An empty body can't be an article.
    broken.write_text(
        export_path.read_text().replace(
            "<![CDATA[An older version of this page.]]>", "<![CDATA[]]>"
        )
    )
    report = run(broken)
    assert [(o.wp_id, o.reason) for o in report.failed] == [
        (109, "This field cannot be blank.")
    ]
    assert len(report.created) == 8


def test_the_command_prints_the_report_and_writes_json(export_path, tmp_path, capsys):
    json_path = tmp_path / "report.json"
    call_command(
        "import_wordpress", str(export_path), report_json=str(json_path), verbosity=1
    )
    output = capsys.readouterr()
    assert "Created: 9  Updated: 0  Unchanged: 0  Skipped: 1  Failed: 0" in output.out
    assert "#110 Old offer: in the WordPress trash" in output.out
    assert "10/10 posts" in output.err
    data = json.loads(json_path.read_text())
    assert len(data["created"]) == 9
    assert "Removed 1 <script> element(s)." in data["warnings"]["105"]
    tags = data["terms_not_imported"]["post_tag"]
    assert (tags["terms"], tags["posts"]) == (["blood-sugar", "insulin"], 2)
    assert tags["why"].startswith("articles here have no tags")


class TestImportedAsReviewed:
    def test_only_a_site_admin_may_import_posts_as_reviewed(self, export_path, roles):
        publisher = UserFactory(username="pub")
        publisher.groups.add(Group.objects.get(name="Publisher"))
        with pytest.raises(CommandError, match="needs --user naming a Site admin"):
            call_command(
                "import_wordpress",
                str(export_path),
                imported_as_reviewed=True,
                user="pub",
                verbosity=0,
            )
        assert Article.objects.count() == 0
        admin = UserFactory(username="siteadmin")
        admin.groups.add(Group.objects.get(name="Site admin"))
        call_command(
            "import_wordpress",
            str(export_path),
            imported_as_reviewed=True,
            user="siteadmin",
            verbosity=0,
        )
        living = article(101)
        assert not living.is_review_overdue()
        assert living.next_review_due > timezone.localdate()


@pytest.mark.django_db(transaction=True)
def test_committed_posts_share_authors_and_category_redirects(export_path, settings):
    """With real commits the run remembers what earlier posts made."""
    settings.PAGE_CACHE_ENABLED = False
    report = run(export_path)
    assert report.failed == []
    assert sorted(Author.objects.values_list("name", flat=True)) == [
        "Dr Ayşe Yılmaz",
        "Web Team",
    ]
    assert Redirect.objects.filter(
        old_path="/category/endocrinology/diabetes/"
    ).exists()


def test_commits_wait_for_the_disk_again_after_an_import(export_path):
    """The import's quick commits end with it (the connection may serve
    web requests next)."""
    run(export_path)
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"
