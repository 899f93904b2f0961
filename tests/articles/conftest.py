import pytest
from django.contrib.auth.models import Group

from articles.workflow.roles import (
    AUTHOR,
    MEDICAL_REVIEWER,
    PUBLISHER,
    ROLE_PERMISSIONS,
    SITE_ADMIN,
    TRANSLATOR,
    setup_roles,
)
from tests.factories import UserFactory


@pytest.fixture
def no_page_cache(settings):
    """Every request renders its page (the stored sections and cards are
    what these tests look at)."""
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture
def roles(db):
    """The editorial groups (a data migration made them; a transactional
    test elsewhere may have flushed them, so make sure)."""
    groups = {g.name: g for g in Group.objects.filter(name__in=ROLE_PERMISSIONS)}
    if len(groups) == len(ROLE_PERMISSIONS):
        return groups
    return setup_roles()


@pytest.fixture
def writer(roles):
    return UserFactory(username="writer", groups=[AUTHOR])


@pytest.fixture
def translator(roles):
    """A translator with no author profile yet: their first translation
    makes one."""
    return UserFactory(
        username="translator", first_name="Elif", last_name="Kaya", groups=[TRANSLATOR]
    )


@pytest.fixture
def reviewer(roles):
    return UserFactory(
        username="reviewer",
        first_name="Ayse",
        last_name="Demir",
        groups=[MEDICAL_REVIEWER],
        credentials="MD, Endocrinology",
    )


@pytest.fixture
def other_reviewer(roles):
    return UserFactory(
        username="reviewer2", groups=[MEDICAL_REVIEWER], credentials="MD, Cardiology"
    )


@pytest.fixture
def publisher(roles):
    return UserFactory(username="publisher", groups=[PUBLISHER])


@pytest.fixture
def site_admin(roles):
    return UserFactory(
        username="siteadmin", groups=[SITE_ADMIN], credentials="MD, Medical director"
    )


@pytest.fixture
def nobody(roles):
    """Staff, but in no editorial group."""
    return UserFactory(username="nobody")


def article_form_data(article, **changes):
    """What the admin change form posts for ``article``."""
    data = {
        "language": article.language,
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "hero_image_alt": "",
        "hero_image_caption": "",
        "body": article.body,
        "category": article.category_id,
        "author": article.author_id,
        "published_at_0": "",
        "published_at_1": "",
        "review_interval_months": "",
        "next_review_due": "",
        "revision_comment": "",
        "loaded_at": article.updated_at.isoformat() if article.pk else "",
        "takeaways-TOTAL_FORMS": "0",
        "takeaways-INITIAL_FORMS": "0",
        "takeaways-MIN_NUM_FORMS": "0",
        "takeaways-MAX_NUM_FORMS": "1000",
    }
    # The FAQ and references inlines, empty: shown to users with those
    # apps' permissions (a site admin), whose posts must carry them.
    for prefix in ("faq_entries", "article_citations"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    takeaways = list(article.takeaways.all())
    for i, takeaway in enumerate(takeaways):
        data[f"takeaways-{i}-id"] = takeaway.pk
        data[f"takeaways-{i}-article"] = article.pk
        data[f"takeaways-{i}-position"] = takeaway.position
        data[f"takeaways-{i}-text"] = takeaway.text
    data["takeaways-TOTAL_FORMS"] = data["takeaways-INITIAL_FORMS"] = str(
        len(takeaways)
    )
    data.update(changes)
    return data


def as_shown(article, **data):
    """A workflow form's post from a page showing ``article`` as it is now:
    approve and return act only on the text the page showed."""
    from articles.models import Article
    from articles.workflow import content_digest

    return {"shown": content_digest(Article.objects.get(pk=article.pk)), **data}
