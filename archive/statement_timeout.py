"""A time limit on each web request's database work: PostgreSQL's `statement_timeout`.

Public pages get `PUBLIC_STATEMENT_TIMEOUT_MS`, the admin `ADMIN_STATEMENT_TIMEOUT_MS`
(merges and bulk actions may rightly take longer); management commands never pass through
here and keep the server's default. PostgreSQL cancels a statement that runs past the
limit, even one whose client has gone, and the request is answered with a 503 that says to
narrow the request, not a 500.
"""

import logging

from django.conf import settings
from django.db import OperationalError, connections
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for a statement cancelled by its timeout


def limit_for(request):
    """The request's limit in milliseconds (0: none)."""
    if request.path_info.startswith(f"/{settings.ADMIN_PATH}"):
        return settings.ADMIN_STATEMENT_TIMEOUT_MS
    return settings.PUBLIC_STATEMENT_TIMEOUT_MS


def apply_limit(limit):
    """Ask for `limit` on this thread's connections: set now when it is open, else as soon
    as it opens (a request that needs no database opens none, and one whose database is
    down fails where it would have, /healthz with its 503).

    Connections outlive requests (CONN_MAX_AGE), so the setting is sent only when it
    changes: on a new connection, or between an admin and a public request. It is sent
    through the driver's own cursor, as Django sets a connection's time zone: it is the
    connection's state, not one of the page's queries. Inside a transaction (tests) it is
    always sent, as a rollback undoes it.
    """
    # Every database: anonymous reads may go to a replica (archive/replica.py).
    for connection in connections.all():
        if connection.vendor != "postgresql":
            continue
        connection.wanted_statement_timeout_ms = limit
        connection.close_if_health_check_failed()
        if connection.connection is not None:
            _send(connection)


@receiver(connection_created)
def _on_new_connection(sender, connection, **kwargs):
    connection.statement_timeout_ms = None  # the server's default
    if getattr(connection, "wanted_statement_timeout_ms", None) is not None:
        _send(connection)


def _send(connection):
    limit = connection.wanted_statement_timeout_ms
    if getattr(connection, "statement_timeout_ms", None) == limit and not (
        connection.in_atomic_block
    ):
        return
    with connection.connection.cursor() as cursor:
        cursor.execute("SELECT set_config('statement_timeout', %s, false)", [f"{limit}ms"])
    connection.statement_timeout_ms = limit


def is_timeout(exception):
    return (
        isinstance(exception, OperationalError)
        and getattr(exception.__cause__, "sqlstate", None) == QUERY_CANCELED
    )


class StatementTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        apply_limit(limit_for(request))
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_timeout(exception):
            return None
        logger.warning("Statement timeout (%d ms): %s", limit_for(request), request.get_full_path())
        message = _(
            "This request asked for more work than the archive does for one page, and was "
            "stopped. Narrow it (fewer filters at once, a shorter date range, a simpler "
            "search) and try again."
        )
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": message}, status=503)
        return render(request, "503.html", {"message": message}, status=503)
