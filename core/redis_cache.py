"""Django's Redis cache, with one client object per connection pool, and
no check of keys against memcached's limits.

Django builds a new ``redis.Redis`` for every cache operation, and redis-py
fills a table of some 170 response callbacks in each: about a quarter of
the CPU that serving a page from the cache costs. A client holds nothing
but its pool and is safe to share between threads, so one per pool does
the same work.

Every key is also checked, character by character in Python, for what
memcached would refuse (more than 250 characters, spaces, control
characters): a warning meant for code that may move to memcached. Redis
takes any key, and a page's key is a long URL: the check was a seventh of
the Python work of a page served from the cache, as much as redis-py's
reply parsing before hiredis (requirements.txt) took it over.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    def validate_key(self, key):
        pass
