"""What visitors may see, defined once: a row that is published, whose
publication time has come, and that is not a working copy (``draft_of``).

The same rule in the three forms the code needs it in:

- ``conditions(prefix)``: a Q object for the ORM (``prefix`` reaches the
  row through a relation, e.g. ``"article__"``);
- ``SQL`` with ``params(db)``: for the hand-written statements that serve
  pages (core.raw_sql);
- ``is_visible(row)``: for one loaded row (admin columns, templates).

tests/core/test_publication.py checks that the three agree for every
combination of state, time and working copy.
"""

from django.db import connections
from django.db.models import Q
from django.utils import timezone

PUBLISHED = "published"

# ``{a}`` is the row's alias in the statement.
SQL = (
    "({a}.status = %(published)s"
    " AND {a}.published_at <= %(now)s"
    " AND {a}.draft_of_id IS NULL)"
)


def conditions(prefix=""):
    return Q(
        **{
            f"{prefix}status": PUBLISHED,
            f"{prefix}published_at__lte": timezone.now(),
            f"{prefix}draft_of__isnull": True,
        }
    )


def params(db):
    """The parameters ``SQL`` names, for a statement run on ``db``."""
    return {
        "published": PUBLISHED,
        "now": connections[db].ops.adapt_datetimefield_value(timezone.now()),
    }


def is_visible(row, now=None):
    return (
        row.status == PUBLISHED
        and row.published_at is not None
        and row.published_at <= (now or timezone.now())
        and row.draft_of_id is None
    )
