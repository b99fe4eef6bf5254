"""PostgreSQL: a stored tsvector of lemmas with a GIN index, queried by a tsquery.

Both are written as literals built in Python (articles.search.documents and .reading),
never through a text search configuration: the lemmas come from the archive's morphology,
and the same lexemes must meet on both sides. An actor the article is shown to mention is
the lexeme "@<id>", weighted like the standfirst.
"""

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    TrigramSimilarity,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import F, Q
from django.db.models.functions import Greatest

from ..reading import Named

WEIGHTS = {"title": "A", "standfirst": "B", "body": "C"}
ACTOR_WEIGHT = "B"
# PostgreSQL's own limits: positions up to 16,383, and 256 positions per lexeme.
MAX_POSITION = 16383
MAX_POSITIONS_PER_LEXEME = 256
# A tsvector holds at most 1 MB: words past this budget of distinct lexemes are left out
# of the index (a text that long is a list of names or codes, not an article).
MAX_LEXEME_BYTES = 600_000


def _quote(lexeme):
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(doc):
    positions = {}
    position, size = 0, 0
    for name, weight in WEIGHTS.items():
        for readings in doc.fields[name]:
            position = min(position + 1, MAX_POSITION)
            for lexeme in readings:
                if lexeme not in positions:
                    size += len(lexeme.encode()) + 8
                    if size > MAX_LEXEME_BYTES:
                        continue
                at = positions.setdefault(lexeme, [])
                if len(at) < MAX_POSITIONS_PER_LEXEME and (not at or at[-1][0] != position):
                    at.append((position, weight))
    for actor_id in doc.actor_ids:
        positions[f"@{actor_id}"] = [(1, ACTOR_WEIGHT)]
    return " ".join(
        _quote(lexeme) + ":" + ",".join(f"{p}{w}" for p, w in at)
        for lexeme, at in positions.items()
    )


def _phrase(phrase):
    return (" <-> " if phrase.in_a_row else " & ").join(
        "(" + " | ".join(_quote(t) for t in word.terms) + ")" for word in phrase.words
    )


def _alternative(alternative):
    if isinstance(alternative, Named):
        return " | ".join(_quote(f"@{a}") for a in sorted(alternative.actor_ids))
    return _phrase(alternative)


def tsquery_literal(reading):
    parts = [
        "(" + " | ".join(f"({_alternative(a)})" for a in clause) + ")" for clause in reading.clauses
    ]
    parts += [f"!({_phrase(p)})" for p in reading.excluded]
    return " & ".join(parts)


class TsQuery(SearchQuery):
    """A tsquery given as a literal: its lexemes are used exactly as written."""

    def __init__(self, literal):
        super().__init__(literal)
        self.literal = literal

    def as_sql(self, compiler, connection, **extra_context):
        return "%s::tsquery", [self.literal]


class PostgresBackend:
    vendor = "postgresql"

    def write(self, documents):
        if not documents:
            return
        # Rows whose index is unchanged are left alone: PostgreSQL writes a new version of
        # every row an UPDATE sets, even to the same value, and re-detecting or reloading
        # a whole archive (100,000 rows) changes few: one reload of the seed into the
        # benchmark archive left 142,509 dead versions, vectors and all, for a vacuum.
        with connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE articles_article SET search_vector = %(v)s::tsvector"
                " WHERE id = %(id)s AND search_vector IS DISTINCT FROM %(v)s::tsvector",
                [{"v": tsvector_literal(doc), "id": doc.id} for doc in documents],
            )

    def matching(self, queryset, reading):
        return queryset.filter(search_vector=TsQuery(tsquery_literal(reading)))

    def rank(self, reading):
        return SearchRank(F("search_vector"), TsQuery(tsquery_literal(reading)))

    # Actors by a misspelt name: % and %> use the trigram index on Alias.normalized
    # (within pg_trgm's thresholds, 0.3 and 0.6).
    def alias_fuzzy_matches(self, key):
        return [Q(normalized__trigram_similar=key), Q(normalized__trigram_word_similar=key)]

    def alias_fuzzy_score(self, key):
        return Greatest(
            TrigramSimilarity("normalized", key), TrigramWordSimilarity(key, "normalized")
        )
