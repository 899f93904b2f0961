"""Content translations: groups, starting a translation, the out-of-date
flag with its diff, and what the admin shows of them."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from articles import translations, workflow
from articles.models import Article
from faq.models import FaqEntry
from tests.factories import (
    ArticleCitationFactory,
    ArticleFactory,
    CategoryFactory,
    FaqEntryFactory,
    KeyTakeawayFactory,
)

pytestmark = pytest.mark.django_db

Status = Article.Status


def published_through_review(writer, reviewer, publisher, **fields):
    article = ArticleFactory(
        draft=True, created_by=writer, last_edited_by=writer, **fields
    )
    workflow.submit(article, writer)
    workflow.approve(article, reviewer)
    return workflow.publish(article, publisher)


def edit(article, user, body):
    article.body = body
    article.last_edited_by = user
    article.save()


def test_each_new_article_is_its_own_translation_group():
    first, second = ArticleFactory(), ArticleFactory()
    assert first.translation_group != second.translation_group
    assert list(first.translations()) == []


def test_a_group_holds_one_article_per_language():
    english = ArticleFactory(language="en")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(
            language="en", translation_group=english.translation_group, slug="other"
        )


def test_start_translation_prefills_text_takeaways_faq_and_references(writer):
    source = ArticleFactory(language="en", hero_image_alt="A diagram")
    KeyTakeawayFactory(article=source, text="Eat well.", position=1)
    FaqEntryFactory(article=source, question="Is it safe?", position=1)
    link = ArticleCitationFactory(article=source, position=1)

    translation = translations.start_translation(source, "tr", writer)

    assert translation.language == "tr"
    assert translation.status == Status.DRAFT
    assert translation.translation_group == source.translation_group
    assert translation.translation_source == source
    assert (translation.title, translation.summary, translation.body) == (
        source.title,
        source.summary,
        source.body,
    )
    assert translation.hero_image_alt == "A diagram"
    assert [t.text for t in translation.takeaways.all()] == ["Eat well."]
    faq = translation.faq_entries.get()
    assert (faq.question, faq.language, faq.status) == (
        "Is it safe?",
        "tr",
        FaqEntry.Status.DRAFT,
    )
    assert [c.citation for c in translation.article_citations.all()] == [link.citation]
    assert list(source.translations()) == [translation]
    assert list(translation.translations()) == [source]


def test_working_copies_never_count_as_translations(writer):
    source = ArticleFactory(language="en")
    translation = translations.start_translation(source, "de", writer)
    copy = workflow.start_working_copy(source, writer)

    assert copy.translation_group == source.translation_group
    assert list(source.translations()) == [translation]
    # Started from the working copy, the translation is of the article.
    assert translations.root_of(copy) == source


def test_a_clashing_slug_in_the_new_language_is_a_slug_error(writer):
    ArticleFactory(language="tr", slug="diyabet")
    source = ArticleFactory(language="en", slug="diabetes")

    with pytest.raises(ValidationError) as error:
        translations.start_translation(source, "tr", writer, slug="diyabet")

    assert "slug" in error.value.message_dict
    assert Article.objects.filter(language="tr").count() == 1
    assert list(source.translations()) == []


def test_a_second_translation_into_one_language_is_a_language_error(writer):
    source = ArticleFactory(language="en")
    translations.start_translation(source, "ar", writer)
    with pytest.raises(ValidationError) as error:
        translations.start_translation(source, "ar", writer, slug="another")
    assert "language" in error.value.message_dict


class TestOutOfDate:
    def test_new_source_approval_marks_translations_until_updated(
        self, writer, reviewer, publisher
    ):
        source = published_through_review(
            writer,
            reviewer,
            publisher,
            language="en",
            body="<h2>Dose</h2><p>Take 10 units.</p>",
        )
        translation = translations.start_translation(source, "tr", writer, slug="doz")
        assert translation.translated_from_revision == source.approved_revision
        edit(translation, writer, "<h2>Doz</h2><p>10 ünite alın.</p>")
        workflow.submit(translation, writer)
        workflow.approve(translation, reviewer)
        translation = workflow.publish(translation, publisher)
        assert translation.translation_out_of_date is False

        # The source changes through a working copy and a new approval.
        copy = workflow.start_working_copy(source, writer)
        edit(copy, writer, "<h2>Dose</h2><p>Take 12 units.</p>")
        workflow.submit(copy, writer)
        workflow.approve(copy, reviewer)

        translation.refresh_from_db()
        assert translation.translation_out_of_date is True
        diff = "\n".join(translations.source_diff(translation))
        assert "-Take 10 units." in diff
        assert "+Take 12 units." in diff

        # The translator updates the translation; a reviewer approves it.
        tr_copy = workflow.start_working_copy(translation, writer)
        edit(tr_copy, writer, "<h2>Doz</h2><p>12 ünite alın.</p>")
        workflow.submit(tr_copy, writer)
        workflow.approve(tr_copy, reviewer)

        translation.refresh_from_db()
        assert translation.translation_out_of_date is False
        assert translations.source_diff(translation) == []
        assert translation.translated_from_revision_id == (
            translations.latest_approved_revision_id(source)
        )

    def test_admin_column_filter_and_diff(self, admin_client, writer, reviewer):
        source = ArticleFactory(
            language="en", draft=True, created_by=writer, body="<p>Old advice.</p>"
        )
        fresh = ArticleFactory(language="de", title="Current translation")
        stale = translations.start_translation(source, "tr", writer, slug="eski")
        Article.objects.filter(pk=fresh.pk).update(translation_source=source)
        edit(source, writer, "<p>New advice.</p>")
        workflow.submit(source, writer)
        workflow.approve(source, reviewer)
        Article.objects.filter(pk=fresh.pk).update(translation_out_of_date=False)

        listing = admin_client.get(
            "/admin/articles/article/", {"translation": "out_of_date"}
        ).content.decode()
        assert stale.title in listing
        assert "Current translation" not in listing
        assert "out of date with the source" in listing

        page = admin_client.get(f"/admin/articles/article/{stale.pk}/change/")
        content = page.content.decode()
        assert "+New advice." in content
        assert "-Old advice." not in content  # the source had no approval then


class TestAdmin:
    def test_change_page_lists_translations_with_state_and_links(
        self, admin_client, writer
    ):
        source = ArticleFactory(language="en", title="Diabetes")
        translation = translations.start_translation(source, "ar", writer)
        Article.objects.filter(pk=translation.pk).update(title="السكري")

        content = admin_client.get(
            f"/admin/articles/article/{source.pk}/change/"
        ).content.decode()

        assert f'href="/admin/articles/article/{translation.pk}/change/"' in content
        assert "السكري" in content
        assert "Arabic" in content and "Draft" in content
        assert f"/admin/articles/article/{source.pk}/translate/" in content

    def test_the_translate_button_is_shown_only_to_who_may_translate(
        self, client, writer, reviewer
    ):
        source = ArticleFactory(language="en")
        translate_url = f"/admin/articles/article/{source.pk}/translate/"
        change_url = f"/admin/articles/article/{source.pk}/change/"

        client.force_login(reviewer)
        reviewer_page = client.get(change_url)
        reviewer_translate = client.get(translate_url)
        client.force_login(writer)
        writer_page = client.get(change_url)

        assert reviewer_page.status_code == 200
        assert translate_url not in reviewer_page.content.decode()
        assert "Translate into …" not in reviewer_page.content.decode()
        assert reviewer_translate.status_code == 403
        assert f'href="{translate_url}"' in writer_page.content.decode()
        assert client.get(translate_url).status_code == 200

    def test_translate_page_creates_a_draft_and_opens_it(self, admin_client):
        source = ArticleFactory(language="en", slug="diabetes")
        response = admin_client.post(
            f"/admin/articles/article/{source.pk}/translate/",
            {"language": "de", "slug": "diabetes-de"},
        )
        created = Article.objects.get(language="de", slug="diabetes-de")
        assert response.status_code == 302
        assert response["Location"] == f"/admin/articles/article/{created.pk}/change/"
        assert created.status == Status.DRAFT

    def test_translate_page_shows_a_slug_clash_on_the_field(self, admin_client):
        ArticleFactory(language="tr", slug="diyabet")
        source = ArticleFactory(language="en", slug="diabetes")
        response = admin_client.post(
            f"/admin/articles/article/{source.pk}/translate/",
            {"language": "tr", "slug": "diyabet"},
        )
        content = response.content.decode()
        assert response.status_code == 200
        assert 'id="id_slug_error"' in content
        assert "already uses this slug" in content
        assert list(source.translations()) == []

    def test_translate_page_offers_only_missing_languages(self, admin_client, writer):
        source = ArticleFactory(language="en")
        translations.start_translation(source, "ru", writer)
        content = admin_client.get(
            f"/admin/articles/article/{source.pk}/translate/"
        ).content.decode()
        assert 'value="tr"' in content
        assert 'value="ru"' not in content
        assert 'value="en"' not in content


class TestCategoryNames:
    def test_name_in_falls_back_to_the_default_name(self):
        category = CategoryFactory(
            name="Diabetes",
            translations={"tr": {"name": "Diyabet", "description": "Şeker"}},
        )
        assert category.name_in("tr") == "Diyabet"
        assert category.description_in("tr") == "Şeker"
        assert category.name_in("de") == "Diabetes"

    def test_pages_show_the_category_in_the_page_language(self, client):
        category = CategoryFactory(
            name="Diabetes", slug="diabetes", translations={"tr": {"name": "Diyabet"}}
        )
        ArticleFactory(language="tr", category=category)

        content = client.get("/tr/articles/category/diabetes/").content.decode()
        assert "<h1>Diyabet</h1>" in content

    def test_admin_saves_names_per_language(self, admin_client):
        category = CategoryFactory(name="Diabetes", slug="diabetes")
        response = admin_client.post(
            f"/admin/articles/category/{category.pk}/change/",
            {
                "name": "Diabetes",
                "slug": "diabetes",
                "description": "",
                "review_interval_months": "12",
                "name_ar": "السكري",
                "description_ar": "مرض السكري",
            },
        )
        assert response.status_code == 302
        category.refresh_from_db()
        assert category.translations == {
            "ar": {"name": "السكري", "description": "مرض السكري"}
        }


def test_the_history_says_a_translation_was_started_not_a_working_copy(writer):
    source = ArticleFactory(language="en")

    translation = translations.start_translation(source, "de", writer)

    [event] = translation.review_events.all()
    assert event.get_action_display() == "Translation started"
