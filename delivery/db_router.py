"""Visitor reads from a PostgreSQL read replica, when one is configured
(DATABASE_REPLICA_URL); everything else from the primary.

Staff (requests with a session), every write and every read inside a
transaction use the primary, so an editor always sees what they just saved
even if the replica lags a little. Visitors may see an edit a moment late;
the page cache is invalidated by the save itself, so a page rendered from
a lagging replica would be stored until the next edit or the page-cache
lifetime — keep replica lag far below PAGE_CACHE_SECONDS (streaming
replication lags by milliseconds).
"""

import contextvars

from django.conf import settings
from django.db import connections

_use_primary = contextvars.ContextVar("use_primary", default=True)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _use_primary.get() or connections["default"].in_atomic_block:
            return "default"
        return "replica"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"


class VisitorReadsFromReplicaMiddleware:
    """Lets the router send a visitor's GET or HEAD to the replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        visitor = (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )
        token = _use_primary.set(not visitor)
        try:
            return self.get_response(request)
        finally:
            _use_primary.reset(token)
