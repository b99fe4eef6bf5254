"""One search backend per database, chosen once (as Wagtail's search backends are):
views, facets and detection never ask which database they run on.

- postgres: a stored tsvector of lemmas (GIN-indexed), a tsquery built from the reading,
  ts_rank; trigram similarity for misspelt actor names.
- sqlite: an FTS5 table of lemmas, bm25 ranking.
"""

from functools import cache

from django.db import connection


@cache
def get_backend():
    if connection.vendor == "postgresql":
        from .postgres import PostgresBackend

        return PostgresBackend()
    from .sqlite import SQLiteBackend

    return SQLiteBackend()
