"""Authors and translators at work on the article's admin page (issue 20).

Authors manage the FAQ entries and references of the articles they may
edit, so an [1] marker of theirs is theirs to fix; translators translate
a translation's text, FAQ, alt text and caption, credited to them. The
rows follow the article's rule (``workflow.may_edit``): nobody changes
them while the text is live or in review. Neither role approves or
publishes."""

import pytest
from django.contrib.auth import get_user_model

from articles import workflow
from articles.body.checks import check_article
from articles.models import Article, Author
from articles.translations import translators
from faq.models import FaqEntry
from references.models import Citation
from tests.admin_forms import empty_inline
from tests.articles.conftest import article_form_data, as_shown
from tests.factories import (
    ArticleCitationFactory,
    ArticleFactory,
    CitationFactory,
    FaqEntryFactory,
)

pytestmark = pytest.mark.django_db

BASE = "/admin/articles/article/"
FAQ_FIELDS = ["position", "question", "answer", "status", "topic"]


def change_url(article):
    return f"{BASE}{article.pk}/change/"


def inline(prefix, rows, fields):
    """An inline's post: its saved rows as they are, then ``rows`` (dicts)
    as new ones."""
    data = empty_inline(prefix)
    data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
    for n, row in enumerate(rows):
        for name in fields:
            data[f"{prefix}-{n}-{name}"] = row.get(name, "")
        if row.get("id"):
            data[f"{prefix}-{n}-id"] = row["id"]
            data[f"{prefix}-{n}-article"] = row["article"]
        if row.get("DELETE"):
            data[f"{prefix}-{n}-DELETE"] = "on"
    data[f"{prefix}-INITIAL_FORMS"] = str(sum(1 for row in rows if row.get("id")))
    return data


def saved_faq(article, **changes):
    return [
        {
            "id": e.pk,
            "article": article.pk,
            "position": e.position,
            "question": e.question,
            "answer": e.answer,
            "status": e.status,
            "topic": e.topic_id or "",
            **changes,
        }
        for e in article.faq_entries.all()
    ]


def post_article(client, article, **inlines):
    data = article_form_data(article)
    for prefix, (rows, fields) in inlines.items():
        data |= inline(prefix, rows, fields)
    return client.post(change_url(article), data)


class TestAuthors:
    def test_an_author_fixes_their_own_marker_and_adds_a_question(self, client, writer):
        article = ArticleFactory(
            draft=True,
            created_by=writer,
            body="<h2>Sugar</h2><p>HbA1c shows the average of three months.[1]</p>",
        )
        assert "reference_uncited" in {f.code for f in check_article(article).errors}
        client.force_login(writer)
        # The source is new: the "+" next to the field adds it (a popup).
        added = client.post(
            "/admin/references/citation/add/",
            {
                "title": "Glycated haemoglobin",
                "publisher": "WHO",
                "url": "https://who.int/hba1c",
                "accessed_on": "2026-03-02",
            },
        )
        assert added.status_code == 302
        citation = Citation.objects.get(title="Glycated haemoglobin")

        response = post_article(
            client,
            article,
            article_citations=(
                [{"position": 1, "citation": citation.pk}],
                ["position", "citation"],
            ),
            faq_entries=(
                [
                    {
                        "position": 1,
                        "question": "How often is it measured?",
                        "answer": "<p>Every three months.</p>",
                        "status": "published",
                    }
                ],
                FAQ_FIELDS,
            ),
        )

        assert response.status_code == 302, response.context["errors"]
        article.refresh_from_db()
        assert [c.citation for c in article.article_citations.all()] == [citation]
        assert [e.question for e in article.faq_entries.all()] == [
            "How often is it measured?"
        ]
        assert check_article(article).errors == []

    def test_an_author_changes_and_deletes_the_rows_of_their_draft(
        self, client, writer
    ):
        article = ArticleFactory(draft=True, created_by=writer)
        FaqEntryFactory(article=article, question="Old question?", position=1)
        FaqEntryFactory(article=article, question="Unwanted?", position=2)
        link = ArticleCitationFactory(article=article, position=1)
        client.force_login(writer)

        first, second = saved_faq(article)
        first["question"] = "Better question?"
        second["DELETE"] = True
        response = post_article(
            client,
            article,
            faq_entries=([first, second], FAQ_FIELDS),
            article_citations=(
                [
                    {
                        "id": link.pk,
                        "article": article.pk,
                        "position": 1,
                        "citation": link.citation_id,
                        "DELETE": True,
                    }
                ],
                ["position", "citation"],
            ),
        )

        assert response.status_code == 302, response.context["errors"]
        assert [e.question for e in article.faq_entries.all()] == ["Better question?"]
        assert not article.article_citations.exists()

    def test_in_review_the_rows_are_shown_but_locked(self, client, writer):
        article = ArticleFactory(in_review=True, created_by=writer)
        FaqEntryFactory(article=article, question="Is it safe?")
        client.force_login(writer)

        page = client.get(change_url(article)).content.decode()
        response = post_article(
            client,
            article,
            faq_entries=(saved_faq(article, question="Changed in review?"), FAQ_FIELDS),
        )

        assert "Is it safe?" in page
        assert 'name="faq_entries-0-question"' not in page
        assert response.status_code == 403
        assert article.faq_entries.get().question == "Is it safe?"

    def test_a_live_articles_rows_change_only_in_its_working_copy(self, client, writer):
        live = ArticleFactory()
        FaqEntryFactory(article=live, question="Is it safe?")
        copy = workflow.start_working_copy(live, writer)
        client.force_login(writer)

        live_post = post_article(
            client, live, faq_entries=(saved_faq(live, question="X?"), FAQ_FIELDS)
        )
        copy_post = post_article(
            client,
            copy,
            faq_entries=(
                saved_faq(copy, question="Is it safe for children?"),
                FAQ_FIELDS,
            ),
        )

        assert live_post.status_code == 403
        assert copy_post.status_code == 302, copy_post.context["errors"]
        assert live.faq_entries.get().question == "Is it safe?"
        assert copy.faq_entries.get().question == "Is it safe for children?"

    def test_an_author_may_not_rewrite_a_source_other_articles_cite(
        self, client, writer
    ):
        citation = CitationFactory(title="Shared source")
        client.force_login(writer)
        response = client.post(
            f"/admin/references/citation/{citation.pk}/change/",
            {"title": "Rewritten", "publisher": "X", "url": "https://x.org"},
        )
        assert response.status_code == 403
        citation.refresh_from_db()
        assert citation.title == "Shared source"


class TestTranslators:
    @pytest.fixture
    def source(self, writer):
        article = ArticleFactory(
            language="en",
            title="Blood sugar",
            hero_image_alt="A glucose meter",
            created_by=writer,
        )
        FaqEntryFactory(article=article, question="Is it painful?", position=1)
        ArticleCitationFactory(article=article, position=1)
        return article

    def translate(self, client, source, language="tr"):
        response = client.post(
            f"{BASE}{source.pk}/translate/",
            {"language": language, "slug": "kan-sekeri"},
        )
        assert response.status_code == 302
        return Article.objects.get(translation_source=source, language=language)

    def test_a_translation_is_credited_to_its_translator(
        self, client, translator, source
    ):
        users = get_user_model().objects.count()
        client.force_login(translator)

        translation = self.translate(client, source)

        profile = translation.author
        assert (profile.user, profile.name) == (translator, "Elif Kaya")
        assert get_user_model().objects.count() == users  # no new account
        assert translators.original_author(translation) == source.author
        assert translators.original_author(source) is None
        page = client.get(change_url(translation)).content.decode()
        assert f"{source.author}, in the English original" in page

        # A second translation credits the same profile.
        again = self.translate(client, source, language="de")
        assert again.author == profile
        assert Author.objects.filter(user=translator).count() == 1

    def test_a_translator_translates_the_faq_alt_text_and_caption(
        self, client, translator, source
    ):
        client.force_login(translator)
        translation = self.translate(client, source)
        [entry] = saved_faq(translation)
        assert entry["status"] == FaqEntry.Status.DRAFT
        entry |= {
            "question": "Acıtır mı?",
            "answer": "<p>Hayır.</p>",
            "status": "published",
        }
        data = article_form_data(
            translation,
            title="Kan şekeri",
            hero_image_alt="Bir şeker ölçüm cihazı",
            hero_image_caption="Diyabet kliniğinde",
        ) | inline("faq_entries", [entry], FAQ_FIELDS)

        response = client.post(change_url(translation), data)

        assert response.status_code == 302, response.context["errors"]
        translation.refresh_from_db()
        assert translation.hero_image_alt == "Bir şeker ölçüm cihazı"
        assert translation.hero_image_caption == "Diyabet kliniğinde"
        faq = translation.faq_entries.get()
        assert (faq.question, faq.language, faq.status) == (
            "Acıtır mı?",
            "tr",
            "published",
        )

    def test_a_translator_reads_the_references_but_keeps_them(
        self, client, translator, source
    ):
        client.force_login(translator)
        translation = self.translate(client, source)
        [link] = translation.article_citations.all()
        page = client.get(change_url(translation)).content.decode()

        response = post_article(
            client,
            translation,
            article_citations=(
                [
                    {
                        "id": link.pk,
                        "article": translation.pk,
                        "position": 1,
                        "citation": link.citation_id,
                        "DELETE": True,
                    }
                ],
                ["position", "citation"],
            ),
        )

        assert str(link.citation.title) in page
        assert response.status_code == 302
        assert translation.article_citations.get() == link

    @pytest.mark.parametrize("action", ["approve", "return", "publish"])
    def test_a_translator_neither_approves_nor_publishes(
        self, client, translator, writer, action
    ):
        status = "approved" if action == "publish" else "in_review"
        article = ArticleFactory(status=status, published_at=None, created_by=writer)
        client.force_login(translator)

        response = client.post(
            f"{BASE}{article.pk}/workflow/{action}/",
            as_shown(article, comment="Fine."),
        )

        assert response.status_code == 403
        article.refresh_from_db()
        assert article.status == status
        assert not article.review_events.exists()

    def test_a_translator_submits_their_translation(self, client, translator, source):
        client.force_login(translator)
        translation = self.translate(client, source)

        response = client.post(f"{BASE}{translation.pk}/workflow/submit/")

        assert response.status_code == 302
        translation.refresh_from_db()
        assert translation.status == "in_review"
