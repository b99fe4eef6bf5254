"""The local-memory cache that reads a page's kept parts in one go (archive/local_cache.py):
what Django's local-memory cache gives, with a batch read under one lock."""

import pytest

from archive.local_cache import ManyAtOnceLocMemCache


@pytest.fixture
def memory():
    cache = ManyAtOnceLocMemCache("test-many-at-once", {"OPTIONS": {"MAX_ENTRIES": 3}})
    cache.clear()
    yield cache
    cache.clear()


def test_a_batch_read_finds_what_is_there_and_skips_the_rest(memory):
    memory.set_many({"row:1": "<li>Лукашэнка</li>", "row:2": "<li>Лукашенко</li>"})
    assert memory.get_many(["row:1", "missing", "row:2"]) == {
        "row:1": "<li>Лукашэнка</li>",
        "row:2": "<li>Лукашенко</li>",
    }
    assert memory.get_many([]) == {}


def test_an_expired_value_is_not_read_and_is_dropped(memory):
    memory.set("stale", "old", timeout=0)  # Django's "expire at once"
    memory.set("fresh", "new")
    assert memory.get_many(["stale", "fresh"]) == {"fresh": "new"}
    assert "stale" not in [key.split(":")[-1] for key in memory._cache]


def test_a_reader_cannot_change_what_the_next_one_reads(memory):
    memory.set("facets", {"source": [["belsat", 3]]})
    memory.get_many(["facets"])["facets"]["source"].append(["nasha-niva", 1])
    assert memory.get_many(["facets"]) == {"facets": {"source": [["belsat", 3]]}}


def test_what_a_batch_read_touched_is_the_last_to_be_culled(memory):
    memory.set_many({"a": 1, "b": 2, "c": 3})
    memory.get_many(["a"])  # now the most recently used; "b" is the least
    memory.set("d", 4)  # over MAX_ENTRIES: the least recently used third goes
    assert memory.get_many(["a", "b", "c", "d"]) == {"a": 1, "c": 3, "d": 4}
