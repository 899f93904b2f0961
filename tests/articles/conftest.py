import pytest

from articles.roles import AUTHOR, MEDICAL_REVIEWER, PUBLISHER, SITE_ADMIN, setup_roles
from tests.factories import UserFactory


@pytest.fixture
def roles(db):
    """The editorial groups (a data migration made them; a transactional
    test elsewhere may have flushed them, so make sure)."""
    return setup_roles()


@pytest.fixture
def writer(roles):
    return UserFactory(username="writer", groups=[AUTHOR])


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
    return UserFactory(username="siteadmin", groups=[SITE_ADMIN])
