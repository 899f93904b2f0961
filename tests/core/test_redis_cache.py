"""The shared cache: Django's Redis backend, one client per connection pool."""

import warnings

import pytest
from django.core.cache import cache, caches

from core.redis_cache import RedisCache


def test_the_tests_run_against_the_redis_backend():
    # Otherwise the rest of this file proves nothing.
    assert isinstance(caches["default"], RedisCache)


def test_values_round_trip_through_redis():
    cache.set_many({"redis-test:a": {"title": "Asthma"}, "redis-test:b": 2})
    assert cache.get_many(["redis-test:a", "redis-test:b", "redis-test:c"]) == {
        "redis-test:a": {"title": "Asthma"},
        "redis-test:b": 2,
    }
    assert cache.incr("redis-test:b") == 3
    cache.delete("redis-test:a")
    assert cache.get("redis-test:a") is None


def test_long_page_keys_are_stored_without_memcached_warnings():
    key = "pc:p:release:https://health.example.org/en/articles/" + "a-long-slug-" * 30
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # CacheKeyWarning would fail the test
        cache.set(key, "page")
        assert cache.get_many([key]) == {key: "page"}


def test_the_c_reply_parser_is_used():
    from redis.utils import HIREDIS_AVAILABLE

    assert HIREDIS_AVAILABLE


@pytest.mark.parametrize("write", [False, True])
def test_operations_share_one_client_and_one_pool(write):
    redis = caches["default"]._cache
    client = redis.get_client(write=write)
    assert redis.get_client(write=write) is client
    cache.get("redis-test:anything")
    assert redis.get_client(write=write) is client
