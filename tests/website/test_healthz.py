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


@pytest.mark.django_db
@pytest.mark.parametrize("host", ["10.0.0.7:8000", "127.0.0.1:8000", "[::1]:8000"])
def test_a_load_balancer_may_probe_an_instance_at_its_own_address(
    client, settings, host
):
    # Not an allowed host, and plain HTTP while HTTPS is enforced.
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/healthz", HTTP_HOST=host)

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_other_pages_still_refuse_hosts_that_are_not_allowed(client):
    assert client.get("/en/", HTTP_HOST="10.0.0.7:8000").status_code == 400
