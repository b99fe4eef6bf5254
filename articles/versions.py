"""Version counters for what the archive keeps in its cache, bumped on every change.

A cached page, facet count or chart series is stored under a key that carries the
version current when it was made. Any change bumps the version once its transaction
commits, so the next reader looks under a new key: nothing stale is ever served, and
no TTL has to guess how long data stays true. Entries made under old versions are
never read again and age out of the cache on their own.

The counters live in the default cache (Redis when REDIS_URL is set), so every worker
and every app server sees a bump at once.

What is kept under a version goes through `kept`. A key carries its version, so the value
under it never changes: besides the shared cache, each process keeps the values it has
read or made in its own memory (the "local" cache, when the settings define one), and
a page asks Redis only for the version and for what this process has not seen yet.
"""

import time
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial

from django.core.cache import cache, caches
from django.core.cache.backends.base import InvalidCacheBackendError
from django.db import transaction

from archive import replica

# Everything a public page shows: articles, actors, events, sources, topics, their links.
DATA = "data"

# A request reads the data version once and keeps it: one cache round trip instead of
# one per cached part, and every part of one page is keyed by the same version. Keys in
# READ_WITH_VERSION (the alias matcher's token) come in the same round trip.
_pinned = ContextVar("archive_data_version", default=None)
READ_WITH_VERSION = []


def _key(name):
    return f"version:{name}"


def current(name=DATA):
    """The version now (or the one the current request pinned)."""
    if name == DATA and (pinned := _pinned.get()) is not None:
        return pinned[_key(DATA)]
    value = cache.get(_key(name))
    if value is None:
        _start(name)
        value = cache.get(_key(name))
    return value


def _start(name):
    # From the clock, not from 1: when the counter is lost (evicted, Redis restarted)
    # while entries made under it remain, a fresh start never meets their numbers again.
    # add(): of two processes starting at once, one number wins.
    cache.add(_key(name), time.time_ns(), timeout=None)


def bump(name=DATA, using=None):
    """Make everything cached under `name`'s version stale, when the transaction commits.

    Not before: a reader between the bump and the commit would cache the old data
    under the new version. Outside a transaction it happens at once.
    """
    transaction.on_commit(partial(_bump_now, name), using=using)


def _bump_now(name):
    _start(name)  # a no-op unless the counter is missing
    try:
        version = cache.incr(_key(name))
    except ValueError:
        # Evicted in between: the next reader starts it again from the clock.
        return
    # Read after the increment, so the position covers every commit bumped before it.
    replica.note_bump(name, version)


class Kept:
    """The cache of values kept under a version: the process's own memory in front of
    the shared cache. Keys must carry the version their value was made under."""

    @staticmethod
    def _local():
        try:
            return caches["local"]
        except InvalidCacheBackendError:  # the default cache is the process's own already
            return None

    def get_many(self, keys):
        keys = list(keys)
        local = self._local()
        found = local.get_many(keys) if local else {}
        if missing := [key for key in keys if key not in found]:
            shared = cache.get_many(missing)
            if local and shared:
                local.set_many(shared)
            found.update(shared)
        return found

    def get(self, key):
        return self.get_many([key]).get(key)

    def set_many(self, values, timeout):
        if local := self._local():
            local.set_many(values)
        cache.set_many(values, timeout)

    def set(self, key, value, timeout):
        self.set_many({key: value}, timeout)

    def get_or_set(self, key, compute, timeout):
        value = self.get(key)
        if value is None:
            value = compute()
            self.set(key, value, timeout)
        return value


kept = Kept()


def memo(name, compute, timeout=3600):
    """`compute()`'s value, kept under the data version: computed once per change to the
    archive and exact in between (for counts over the whole archive that every reader of
    a page would otherwise recount)."""
    return kept.get_or_set(f"memo:{name}:{current()}", compute, timeout)


@contextmanager
def pinned():
    """Hold the data version, and what READ_WITH_VERSION names, for the length of a request."""
    values = cache.get_many([_key(DATA), *READ_WITH_VERSION])
    if _key(DATA) not in values:
        values[_key(DATA)] = current(DATA)
    token = _pinned.set(values)
    try:
        yield
    finally:
        _pinned.reset(token)


def pinned_value(key):
    """The value of `key` (one of READ_WITH_VERSION) when the request began; None outside
    a request, when it had none, or after `unpin(key)`."""
    return (_pinned.get() or {}).get(key)


def unpin(key):
    """Let the rest of this request read `key` afresh (this request has just changed it)."""
    if (pinned := _pinned.get()) is not None:
        pinned.pop(key, None)
