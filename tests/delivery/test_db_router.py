"""With DATABASE_REPLICA_URL set, visitors read from the replica; staff,
writes and transactions stay on the primary."""

from django.db import transaction
from django.test import RequestFactory

from articles.models import Article
from delivery.db_router import ReplicaRouter, VisitorReadsFromReplicaMiddleware


def _read_database(request):
    seen = {}

    def view(request):
        seen["read"] = ReplicaRouter().db_for_read(Article)
        seen["write"] = ReplicaRouter().db_for_write(Article)
        return None

    VisitorReadsFromReplicaMiddleware(view)(request)
    return seen


def test_visitor_get_reads_from_the_replica_and_writes_to_the_primary():
    seen = _read_database(RequestFactory().get("/en/articles/"))
    assert seen == {"read": "replica", "write": "default"}


def test_staff_and_posts_read_from_the_primary():
    staff = RequestFactory().get("/en/articles/", HTTP_COOKIE="sessionid=abc")
    assert _read_database(staff)["read"] == "default"
    assert _read_database(RequestFactory().post("/en/newsletter/"))["read"] == (
        "default"
    )


def test_reads_outside_a_request_and_inside_transactions_use_the_primary(db):
    assert ReplicaRouter().db_for_read(Article) == "default"
    seen = {}

    def view(request):
        with transaction.atomic():
            seen["read"] = ReplicaRouter().db_for_read(Article)

    VisitorReadsFromReplicaMiddleware(view)(RequestFactory().get("/en/"))
    assert seen["read"] == "default"
