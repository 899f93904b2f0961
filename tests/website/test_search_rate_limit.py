"""Searches are limited per client (counted in the real Redis cache): past
the limit a visitor gets a friendly 429 page in their language."""

import pytest
from django.core.cache import cache

from delivery.page_cache import PageCacheMiddleware

pytestmark = pytest.mark.django_db


def search(client, language="en", query="diabetes", **headers):
    return client.get(f"/{language}/search/", {"q": query}, **headers)


def redis():
    return cache._cache.get_client()


def test_past_the_limit_a_visitor_is_asked_to_wait_in_their_language(client, settings):
    assert settings.SEARCH_RATE_LIMIT == 30
    statuses = [search(client, "tr", f"şeker {n}").status_code for n in range(30)]

    refused = search(client, "tr", "şeker")

    assert statuses == [200] * 30
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    html = refused.content.decode()
    assert '<html lang="tr"' in html
    assert "<h1>Lütfen bir dakika bekleyin</h1>" in html
    assert "Lütfen bir dakika sonra yeniden arayın." in html
    assert "şeker" not in html
    assert refused["X-Robots-Tag"] == "noindex"


def test_other_clients_and_the_empty_search_page_are_not_limited(client, settings):
    settings.SEARCH_RATE_LIMIT = 2
    for _ in range(3):
        search(client)

    assert search(client).status_code == 429
    assert search(client, REMOTE_ADDR="203.0.113.8").status_code == 200
    assert client.get("/en/search/").status_code == 200


def test_clients_behind_the_proxy_are_counted_apart(client, settings):
    settings.SEARCH_RATE_LIMIT = 2
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(2):
        search(client, HTTP_X_FORWARDED_FOR="198.51.100.1")

    blocked = search(client, HTTP_X_FORWARDED_FOR="198.51.100.1")
    spoofed = search(client, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.1")
    another = search(client, HTTP_X_FORWARDED_FOR="198.51.100.2")

    assert [blocked.status_code, spoofed.status_code] == [429, 429]
    assert another.status_code == 200


def test_the_count_lives_a_minute_in_redis_without_the_address(client, settings):
    settings.SEARCH_RATE_LIMIT = 2
    for _ in range(3):
        search(client, REMOTE_ADDR="192.0.2.55")

    [key] = redis().keys("*ratelimit:search:*")
    assert b"192.0.2.55" not in key
    assert 0 < redis().ttl(key) <= 60
    assert int(redis().get(key)) == 3


def test_no_cache_keeps_the_429(client, settings):
    settings.SEARCH_RATE_LIMIT = 1
    search(client)

    refused = search(client)

    assert refused.status_code == 429
    assert "no-store" in refused["Cache-Control"]
    assert PageCacheMiddleware.storable(refused) is False
    assert redis().keys("*pc:p:*") == []
    # The next visitor gets results, not a stored 429.
    assert search(client, REMOTE_ADDR="203.0.113.9").status_code == 200


def test_a_limit_of_zero_turns_it_off(client, settings):
    settings.SEARCH_RATE_LIMIT = 0
    assert {search(client).status_code for _ in range(35)} == {200}
