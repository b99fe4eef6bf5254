"""The shared cache on a real Redis (127.0.0.1:6379, database 11): Django's backend with one
redis-py client per pool, and the local memory in front of it for values kept under a
version (articles.versions.kept)."""

import pytest
from django.core.cache import cache, caches
from django.test import override_settings

from articles import versions

REDIS = "redis://127.0.0.1:6379/11"


def redis_is_up():
    import redis

    try:
        return redis.Redis.from_url(REDIS, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return False


pytestmark = pytest.mark.skipif(not redis_is_up(), reason="no Redis on 127.0.0.1:6379")


@pytest.fixture
def shared():
    settings = {
        "default": {"BACKEND": "archive.redis_cache.SharedClientRedisCache", "LOCATION": REDIS},
        "local": {
            "BACKEND": "archive.local_cache.ManyAtOnceLocMemCache",
            "LOCATION": "test-kept",
        },
    }
    with override_settings(CACHES=settings):
        cache.clear()
        caches["local"].clear()
        yield cache
        cache.clear()
        caches["local"].clear()


def test_every_operation_reaches_redis(shared):
    shared.set("a", {"n": 1})
    shared.set_many({"b": [2], "c": "три"})
    assert shared.get("a") == {"n": 1}
    assert shared.get_many(["b", "c", "missing"]) == {"b": [2], "c": "три"}
    assert shared.add("a", 5) is False
    assert shared.add("n", 1) is True
    assert shared.incr("n") == 2
    shared.delete("a")
    assert shared.get("a") is None


def test_one_client_serves_every_operation(shared):
    client = shared._cache.get_client()
    shared.get("a")
    shared.set("a", 1)
    assert shared._cache.get_client() is client
    assert shared._cache.get_client(write=True) is client  # one server: one pool


def test_a_kept_value_is_read_from_redis_once_per_process(shared):
    key = f"memo:test:{versions.current()}"
    shared.set(key, "made by another process")
    assert versions.kept.get(key) == "made by another process"
    shared.delete(key)  # this process still has it: the value under a key never changes
    assert versions.kept.get(key) == "made by another process"


def test_what_a_process_keeps_reaches_the_others(shared):
    versions.kept.set_many({"row:1": "<li>1</li>"}, 60)
    assert shared.get("row:1") == "<li>1</li>"
    assert caches["local"].get("row:1") == "<li>1</li>"


def test_a_bump_leaves_every_kept_value_behind(shared, db, django_capture_on_commit_callbacks):
    computed = []
    first = versions.memo("count", lambda: computed.append(1) or len(computed))
    assert versions.memo("count", lambda: computed.append(1) or len(computed)) == first == 1
    with django_capture_on_commit_callbacks(execute=True):
        versions.bump()
    assert versions.memo("count", lambda: computed.append(1) or len(computed)) == 2


def test_a_request_reads_the_version_and_the_alias_token_together(shared):
    from articles import detection

    shared.set(detection._VERSION_KEY, "token-1")
    with versions.pinned():
        shared.set(detection._VERSION_KEY, "token-2")
        assert versions.pinned_value(detection._VERSION_KEY) == "token-1"
        versions.unpin(detection._VERSION_KEY)
        assert versions.pinned_value(detection._VERSION_KEY) is None
    assert versions.pinned_value(detection._VERSION_KEY) is None
