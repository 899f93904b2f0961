"""Each role against each workflow step and admin page: what a role may not
do answers 403 and changes nothing."""

import pytest
import reversion

from articles.models import Article
from tests.articles.conftest import article_form_data, as_shown
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

Status = Article.Status
ROLES = ["writer", "translator", "reviewer", "publisher", "site_admin", "nobody"]
BASE = "/admin/articles/article/"
EVERY_ROLE = {"writer", "translator", "reviewer", "publisher", "site_admin"}

# action: (the state it starts from, the roles allowed, the state after)
TRANSITIONS = {
    "submit": (Status.DRAFT, {"writer", "translator", "site_admin"}, Status.IN_REVIEW),
    "approve": (Status.IN_REVIEW, {"reviewer", "site_admin"}, Status.APPROVED),
    "return": (Status.IN_REVIEW, {"reviewer", "site_admin"}, Status.DRAFT),
    "publish": (Status.APPROVED, {"publisher", "site_admin"}, Status.PUBLISHED),
    "unpublish": (Status.PUBLISHED, {"publisher", "site_admin"}, Status.DRAFT),
    "confirm_review": (
        Status.PUBLISHED,
        {"reviewer", "site_admin"},
        Status.PUBLISHED,
    ),
}


@pytest.fixture
def staff(request, roles):
    def login(role):
        user = request.getfixturevalue(role)
        client = request.getfixturevalue("client")
        client.force_login(user)
        return client

    return login


def snapshot(article):
    article.refresh_from_db()
    return (
        article.status,
        article.title,
        article.body,
        article.updated_at,
        list(article.takeaways.values_list("text", flat=True)),
        article.review_events.count(),
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", TRANSITIONS)
def test_transition_matrix(staff, role, action):
    start, allowed, after = TRANSITIONS[action]
    origin = UserFactory(username="origin")
    article = ArticleFactory(
        status=start,
        published_at=None if start != Status.PUBLISHED else None,
        created_by=origin,
        last_edited_by=origin,
    )
    before = snapshot(article)

    response = staff(role).post(
        f"{BASE}{article.pk}/workflow/{action}/",
        as_shown(article, comment="Looks right."),
    )

    if role in allowed:
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.status == after
        assert article.review_events.count() == 1
    else:
        assert response.status_code == 403
        assert snapshot(article) == before


def test_approving_own_text_through_the_admin_is_forbidden(staff, reviewer):
    article = ArticleFactory(in_review=True, created_by=reviewer)
    before = snapshot(article)
    client = staff("reviewer")
    response = client.post(f"{BASE}{article.pk}/workflow/approve/", as_shown(article))
    assert response.status_code == 403
    assert snapshot(article) == before
    # and the change page offers no approve button to them
    page = client.get(f"{BASE}{article.pk}/change/").content.decode()
    assert "/workflow/approve/" not in page
    assert "/workflow/return/" in page


def test_workflow_urls_refuse_get(staff):
    article = ArticleFactory(draft=True)
    response = staff("site_admin").get(f"{BASE}{article.pk}/workflow/submit/")
    assert response.status_code == 405


def versioned_article():
    article = ArticleFactory(draft=True, body="<h2>One</h2><p>First text.</p>")
    with reversion.create_revision():
        article.save()
    article.body = "<h2>One</h2><p>Second text.</p>"
    with reversion.create_revision():
        article.save()
    return article


def version_ids(article):
    from reversion.models import Version

    return list(
        Version.objects.get_for_object(article)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("page", "allowed"),
    [
        ("changelist", EVERY_ROLE),
        ("change", EVERY_ROLE),
        ("versions", EVERY_ROLE),
        ("compare", EVERY_ROLE),
        ("preview", EVERY_ROLE),
        ("preview_version", EVERY_ROLE),
        ("review_due", {"reviewer", "publisher", "site_admin"}),
    ],
)
def test_page_matrix(staff, role, page, allowed):
    article = versioned_article()
    first, second = version_ids(article)
    url = {
        "changelist": BASE,
        "change": f"{BASE}{article.pk}/change/",
        "versions": f"{BASE}{article.pk}/versions/",
        "compare": f"{BASE}{article.pk}/versions/compare/?from={first}&to={second}",
        "preview": f"{BASE}{article.pk}/preview/",
        "preview_version": f"{BASE}{article.pk}/versions/{first}/preview/",
        "review_due": f"{BASE}review-due/",
    }[page]

    response = staff(role).get(url)

    assert response.status_code == (200 if role in allowed else 403)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("action", "allowed"),
    [
        ("add", {"writer", "site_admin"}),
        ("change_draft", {"writer", "translator", "publisher", "site_admin"}),
        ("change_live", set()),
        ("working_copy", {"writer", "translator", "publisher", "site_admin"}),
        ("restore", {"writer", "translator", "publisher", "site_admin"}),
        ("delete", {"site_admin"}),
    ],
)
def test_write_matrix(staff, role, action, allowed):
    article = versioned_article()
    if action in ("change_live", "working_copy"):
        article.status = Status.PUBLISHED
        article.save()
    before, count = snapshot(article), Article.objects.count()
    first = version_ids(article)[0]
    url, data = {
        "add": (
            f"{BASE}add/",
            article_form_data(article, slug="a-new-one", title="A new one"),
        ),
        "change_draft": (
            f"{BASE}{article.pk}/change/",
            article_form_data(article, title="Changed"),
        ),
        "change_live": (
            f"{BASE}{article.pk}/change/",
            article_form_data(article, title="Changed"),
        ),
        "working_copy": (f"{BASE}{article.pk}/working-copy/", {}),
        "restore": (f"{BASE}{article.pk}/versions/{first}/restore/", {}),
        "delete": (f"{BASE}{article.pk}/delete/", {"post": "yes"}),
    }[action]

    response = staff(role).post(url, data)

    if role in allowed:
        assert response.status_code == 302, response.content.decode()[:2000]
    else:
        assert response.status_code == 403
        assert Article.objects.count() == count
        assert snapshot(article) == before


def test_actions_a_role_lacks_are_not_offered_and_do_nothing(staff):
    approved = ArticleFactory(approved=True)
    client = staff("writer")
    page = client.get(BASE).content.decode()
    assert "publish_selected" not in page
    assert "submit_selected" in page
    client.post(BASE, {"action": "publish_selected", "_selected_action": [approved.pk]})
    approved.refresh_from_db()
    assert approved.status == Status.APPROVED
