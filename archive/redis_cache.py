"""Django's Redis cache backend, keeping one redis-py client per connection pool.

Django's RedisCacheClient makes a new `redis.Redis` for every cache operation. Its
connections come from the pool, but the constructor itself fills a table of about 170
response callbacks: at 100,000 articles an uncached list page made nine cache round trips,
and making their clients cost more than the round trips did. Django gives each thread a
backend (and pools) of its own, and a pool notices a fork and starts afresh, so a client
made once serves every later operation of its thread.
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
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
