"""Public reads from a PostgreSQL streaming replica, when DATABASE_REPLICA_URL names one.

Only anonymous GET and HEAD requests for public pages may read from the replica. Writes,
the admin, staff (who must see their own writes at once), imports and every management
command read and write the primary.

The replica is never depended on. A request reads from it only when
  - it answered its last connection attempt (after a failure the primary serves for
    REPLICA_RETRY_SECONDS before the replica is tried again), and
  - it has replayed the write-ahead log at least as far as the primary had written when
    the archive's data version was last bumped (articles.versions records that position
    with every bump): a page rendered from the replica then shows every change its
    version stands for, so a cached page is never a stale one. A replica that lags
    behind that point is passed over until it catches up.
"""

import logging
import time
from contextvars import ContextVar
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections

REPLICA = "replica"
logger = logging.getLogger(__name__)

_request = ContextVar("archive_public_read", default=None)

# Per process: when the replica may be tried again after a failure.
_down_until = 0.0


def enabled():
    return REPLICA in settings.DATABASES


def lsn(text):
    """A PostgreSQL log position ('16/B374D848') as a number that orders like it."""
    high, low = text.split("/")
    return (int(high, 16) << 32) + int(low, 16)


def _position_key(name, version):
    return f"version:{name}:{version}:lsn"


def note_bump(name, version):
    """Record how far the primary had written when `version` began (called after commit)."""
    if enabled():
        position = _primary_position()
        cache.set(_position_key(name, version), position, settings.PAGE_CACHE_SECONDS * 2)


def _primary_position():
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        return cursor.fetchone()[0]


class PublicRead:
    """One anonymous request's choice of database, made at its first query."""

    def __init__(self, version):
        self.version = version

    @cached_property
    def alias(self):
        from articles.versions import DATA

        key = _position_key(DATA, self.version)
        required = cache.get(key)
        if required is None:
            # No position for this version (the counter restarted, or its bump is being
            # recorded right now): the primary's position now covers every change made
            # before the version began, and demands no less than the bump would have.
            cache.add(key, _primary_position(), settings.PAGE_CACHE_SECONDS * 2)
            required = cache.get(key)
        return REPLICA if _replica_has(lsn(required)) else None


def _replica_has(position):
    """Whether the replica answers and has replayed the log up to `position`.

    Asked once per rendered page (a cached page reads no database at all): the query is
    a round trip on an open connection, and it is also what finds a replica gone away
    before the page's own queries would.
    """
    global _down_until
    if time.monotonic() < _down_until:
        return False
    replica = connections[REPLICA]
    try:
        with replica.cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn()::text")
            (replayed,) = cursor.fetchone()
    except DatabaseError as exc:
        _down_until = time.monotonic() + settings.REPLICA_RETRY_SECONDS
        logger.warning("replica unavailable, reading from the primary: %s", exc)
        try:
            replica.close()  # the next attempt connects afresh
        except DatabaseError:
            pass
        return False
    # None: not in recovery, so not a replica of this primary any more (promoted).
    return replayed is not None and lsn(replayed) >= position


class ReplicaRouter:
    """Reads go where the request's PublicRead says (the primary unless it says otherwise)."""

    def db_for_read(self, model, **hints):
        public = _request.get()
        return public.alias if public is not None else None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA  # it follows the primary's schema by replication


class ReplicaMiddleware:
    """Place after PageCacheMiddleware: it reads the data version that one pins."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (
            enabled()
            and request.method in ("GET", "HEAD")
            and not request.path.startswith("/" + settings.ADMIN_PATH)
            and not request.user.is_authenticated
        ):
            return self.get_response(request)
        from articles import versions

        token = _request.set(PublicRead(versions.current()))
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)
