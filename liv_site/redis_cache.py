"""Django's Redis cache, with one client object per connection pool.

Django builds a new ``redis.Redis`` for every cache operation, and redis-py
fills a table of some 170 response callbacks in each: about a quarter of
the CPU that serving a page from the cache costs. A client holds nothing
but its pool and is safe to share between threads, so one per pool does
the same work.
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
