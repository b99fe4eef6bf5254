"""Django's Redis cache backend, with one redis-py client per connection pool.

Django's RedisCacheClient makes a new `redis.Redis` for every cache operation. The
connections come from a shared pool, but the constructor itself fills a table of about
170 response callbacks: at 100,000 articles a list page makes nine cache round trips,
and building their clients cost more than the round trips. A redis-py client is safe to
share between threads (each command takes a connection from the pool), and its pool
notices a fork and starts afresh, so each pool keeps one client for good.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            # Two threads may both make one; either serves.
            client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
