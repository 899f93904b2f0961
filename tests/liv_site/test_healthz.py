"""/healthz tells a load balancer whether the database and cache answer."""

import pytest

from tests.conftest import database_down, with_cache_down


@pytest.mark.django_db
def test_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_cache_down_is_reported_with_503(client, settings):
    settings.CACHES = with_cache_down(settings.CACHES)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "fail"}


@pytest.mark.django_db(transaction=True)
def test_database_down_is_reported_with_503(client):
    with database_down():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "fail", "cache": "ok"}
