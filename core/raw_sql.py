"""Hand-written SELECTs for the reads that serve pages, run as prepared
statements on PostgreSQL.

Where a page that missed the cache spends longer in the ORM building a
query than PostgreSQL takes to run it, the app writes the statement in
SQL (docs/performance.md). ``Shape`` names a model's own columns, so a
new field is read without a change to the statement, and makes the
instances the ORM would make (``from_db``, with the fields' converters).
Each app's tests check that its statements agree with the ORM's version.
"""

import hashlib
import re
import weakref
from functools import lru_cache

from django.conf import settings
from django.db import connections

from . import publication


class Shape:
    """The columns of ``model`` under ``alias`` in a row, and the instance
    they make. ``fields`` (attribute names) limits them, as ``only()``
    does; ``exclude`` leaves some out, as ``defer()`` does."""

    def __init__(self, model, alias, fields=None, exclude=()):
        self.model, self.alias = model, alias
        self.fields = [
            field
            for field in model._meta.concrete_fields
            if (fields is None or field.primary_key or field.attname in fields)
            and field.attname not in exclude
        ]
        self.attnames = [field.attname for field in self.fields]
        self._converters_by_vendor = {}

    def __len__(self):
        return len(self.fields)

    @property
    def columns(self):
        return ", ".join(f'{self.alias}."{field.column}"' for field in self.fields)

    def instance(self, db, values):
        connection = connections[db]
        values = list(values)
        for index, column, converters in self._converters(connection):
            for converter in converters:
                values[index] = converter(values[index], column, connection)
        return self.model.from_db(db, self.attnames, values)

    def _converters(self, connection):
        """What the ORM applies to each column it reads (JSON on
        PostgreSQL; dates and UUIDs too on SQLite), as the ORM's compiler
        finds them, worked out once per backend."""
        if connection.vendor not in self._converters_by_vendor:
            found = []
            for index, field in enumerate(self.fields):
                column = field.get_col(self.alias)
                converters = connection.ops.get_db_converters(
                    column
                ) + column.get_db_converters(connection)
                if converters:
                    found.append((index, column, converters))
            self._converters_by_vendor[connection.vendor] = found
        return self._converters_by_vendor[connection.vendor]


def rows(db, sql, params):
    """The rows of ``sql`` on ``db``, with the visibility rule's parameters
    too (``core.publication.SQL``)."""
    connection = connections[db]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and settings.DATABASE_PREPARED_STATEMENTS:
            sql = _prepared(cursor, sql)
        cursor.execute(sql, {**publication.params(db), **params})
        return cursor.fetchall()


# The statements prepared on each PostgreSQL connection.
_prepared_on = weakref.WeakKeyDictionary()


def _prepared(cursor, sql):
    """``sql`` as an EXECUTE of a statement prepared once per connection.

    PostgreSQL plans a statement every time it is sent; for these small
    reads the planning took longer than running them, on every page that
    missed the cache (docs/performance.md, "Prepared statements"). A prepared one is
    planned once, then its plan is reused. Persistent connections
    (``CONN_MAX_AGE``) keep the prepared statements between requests."""
    name, prepare, execute = _statement(sql)
    # Sent on the driver's own cursor, as Django sends its own set-up of a
    # new connection: part of the connection, not a query of the page.
    driver_cursor = cursor.cursor
    prepared = _prepared_on.setdefault(driver_cursor.connection, set())
    if name not in prepared:
        driver_cursor.execute(prepare)
        prepared.add(name)
    return execute


@lru_cache(maxsize=64)
def _statement(sql):
    """(name, PREPARE statement, EXECUTE with ``sql``'s named parameters)."""
    names = list(dict.fromkeys(_PARAMETER.findall(sql)))
    numbered = _PARAMETER.sub(lambda match: f"${names.index(match[1]) + 1}", sql)
    numbered = numbered.replace("%%", "%")  # sent without parameters
    name = "liv_" + hashlib.sha256(sql.encode()).hexdigest()[:16]
    arguments = ", ".join(f"%({parameter})s" for parameter in names)
    return name, f"PREPARE {name} AS {numbered}", f"EXECUTE {name}({arguments})"


_PARAMETER = re.compile(r"%\((\w+)\)s")


def with_columns(template, *shapes):
    """(``template`` with ``{columns}`` naming the columns of ``shapes``,
    the shapes), for a statement whose rows make one instance per shape."""
    columns = ", ".join(shape.columns for shape in shapes)
    return template.format(columns=columns), shapes


def split_row(row, shapes):
    """``row``'s values, one tuple per shape in ``shapes``, in order."""
    start = 0
    for shape in shapes:
        yield row[start : start + len(shape)]
        start += len(shape)
