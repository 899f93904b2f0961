from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
EXPORT = FIXTURES / "health-library.xml"


@pytest.fixture
def export_path():
    """A hand-written export shaped like WordPress 6's Tools → Export."""
    return EXPORT
