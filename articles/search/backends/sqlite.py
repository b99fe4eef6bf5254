"""SQLite: an FTS5 table of lemmas (articles_article_fts, made by a migration), bm25 ranking.

FTS5 cannot put two lemmas of one word at one position, so a word with several readings
has them side by side; a quoted phrase is therefore matched with NEAR: its words with at
most two index tokens between neighbours, in either order, rather than strictly in a row.
That is the one documented difference from PostgreSQL.
"""

import itertools

from django.db import connection
from django.db.models import FloatField, Q, Value
from django.db.models.expressions import RawSQL

from articles.morphology import MAX_LEMMAS

from ..reading import Named

TABLE = "articles_article_fts"
TEXT = "{title standfirst body}"
# bm25 weights per column: title, standfirst, body, actors.
BM25 = "10.0, 5.0, 1.0, 5.0"
MAX_PHRASE_VARIANTS = 8


def _quote(term):
    return '"' + term.replace('"', '""') + '"'


def _word(word):
    return "(" + " OR ".join(_quote(t) for t in word.terms) + ")"


def _phrase(phrase):
    if len(phrase.words) == 1 or not phrase.in_a_row:
        return " AND ".join(_word(word) for word in phrase.words)
    variants = itertools.islice(
        itertools.product(*(word.terms for word in phrase.words)), MAX_PHRASE_VARIANTS
    )
    # Each word of the phrase may have MAX_LEMMAS tokens in the index, side by side.
    span = (MAX_LEMMAS - 1) * (len(phrase.words) - 1)
    return " OR ".join(
        "NEAR(" + " ".join(_quote(t) for t in variant) + f", {span})" for variant in variants
    )


def _alternative(alternative):
    if isinstance(alternative, Named):
        terms = " OR ".join(_quote(f"a{a}") for a in sorted(alternative.actor_ids))
        return f"{{actors}} : ({terms})"
    return f"{TEXT} : ({_phrase(alternative)})"


def match_expression(reading):
    query = " AND ".join(
        "(" + " OR ".join(f"({_alternative(a)})" for a in clause) + ")"
        for clause in reading.clauses
    )
    if reading.excluded:
        query += (
            " NOT (" + " OR ".join(f"({TEXT} : ({_phrase(p)}))" for p in reading.excluded) + ")"
        )
    return query


def _row(doc):
    def text(name):
        return " ".join(lemma for readings in doc.fields[name] for lemma in readings)

    return (
        doc.id,
        text("title"),
        text("standfirst"),
        text("body"),
        " ".join(f"a{a}" for a in doc.actor_ids),
    )


class SQLiteBackend:
    vendor = "sqlite"

    def write(self, documents):
        if not documents:
            return
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT OR REPLACE INTO {TABLE} (rowid, title, standfirst, body, actors)"
                " VALUES (%s, %s, %s, %s, %s)",
                [_row(doc) for doc in documents],
            )

    def matching(self, queryset, reading):
        ids = RawSQL(
            f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [match_expression(reading)]
        )
        return queryset.filter(pk__in=ids)

    def rank(self, reading):
        # Correlated, so call it on a bounded set of rows only (ArticleSearch.by_relevance).
        return RawSQL(
            f"(SELECT -bm25({TABLE}, {BM25}) FROM {TABLE}"
            f" WHERE {TABLE} MATCH %s AND rowid = articles_article.id)",
            [match_expression(reading)],
            output_field=FloatField(),
        )

    def alias_fuzzy_matches(self, key):
        return [Q(normalized__contains=key)]

    def alias_fuzzy_score(self, key):
        return Value(1.0)
