# The editorial roles, for moving a published article through the admin.
from tests.articles.conftest import (  # noqa: F401
    publisher,
    reviewer,
    roles,
    writer,
)
