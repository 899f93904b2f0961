from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from articles.workflow.roles import ROLE_PERMISSIONS, setup_roles

FIXTURES = Path(__file__).parent / "fixtures"
EXPORT = FIXTURES / "health-library.xml"


@pytest.fixture
def export_path():
    """A hand-written export shaped like WordPress 6's Tools → Export."""
    return EXPORT


@pytest.fixture
def roles(db):
    """The editorial groups (a transactional test elsewhere may have
    flushed the ones the data migration made)."""
    if Group.objects.filter(name__in=ROLE_PERMISSIONS).count() < len(ROLE_PERMISSIONS):
        setup_roles()
