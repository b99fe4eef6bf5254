"""The stored full-text search vector of an article (PostgreSQL only).

Title weighs more than standfirst, standfirst more than body. English articles
use English stemming; other languages (Belarusian, Russian, Ukrainian, ...)
have no stemmer in PostgreSQL, so they get lower-cased, accent-folded words.
Both configurations are created by migration 0004 and fold accents themselves.
"""

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Case, Q, When

ENGLISH = "archive_english"
SIMPLE = "archive_simple"


def is_postgres():
    return connection.vendor == "postgresql"


def _vector(config):
    return (
        SearchVector("title", weight="A", config=config)
        + SearchVector("standfirst", weight="B", config=config)
        + SearchVector("body", weight="C", config=config)
    )


def document_vector():
    """The expression for an article's search vector, in the configuration of its language."""
    return Case(When(language="en", then=_vector(ENGLISH)), default=_vector(SIMPLE))


def update_search_vectors(queryset):
    """Recompute the stored vectors of `queryset` in one UPDATE; nothing to do on SQLite."""
    if not is_postgres():
        return 0
    return queryset.update(search_vector=document_vector())


def web_queries(q):
    """The query in web-search syntax, once per configuration: (english, simple)."""
    return (
        SearchQuery(q, config=ENGLISH, search_type="websearch"),
        SearchQuery(q, config=SIMPLE, search_type="websearch"),
    )


def matches(english, simple):
    """The predicate: each article is searched in the configuration its vector was built with.

    The first condition (either query) is a superset the GIN index answers alone;
    the second keeps, per row, the query of the row's language. Without the first,
    the planner may serve the English arm from the language index instead.
    """
    per_language = Q(language="en", search_vector=english) | (
        ~Q(language="en") & Q(search_vector=simple)
    )
    return Q(search_vector=english | simple) & per_language
