"""Finding actors by any spelling of any of their names."""

from django.contrib.postgres.search import TrigramSimilarity, TrigramWordSimilarity
from django.db.models import Case, FloatField, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Greatest

from articles.models import Actor, Alias
from articles.text import clean_query, normalize, normalize_document

from .vectors import is_postgres
from .websearch import alias_candidates

# Scores of one alias against the folded query; an actor scores its best alias.
EXACT, PREFIX, WORD_PREFIX, CONTAINS = 4.0, 3.0, 2.5, 2.0


def _alias_match(key):
    match = Q(normalized__startswith=key) | Q(normalized__contains=f" {key}")
    if is_postgres():
        # % and %> use the trigram GIN index (alias_normalized_trgm): misspellings
        # ("Lukashenk", "Lukachenko") within pg_trgm's thresholds (0.3, 0.6).
        match |= Q(normalized__trigram_similar=key) | Q(normalized__trigram_word_similar=key)
    else:
        match |= Q(normalized__contains=key)
    return match


def _alias_score(key):
    if is_postgres():
        fuzzy = Greatest(
            TrigramSimilarity("normalized", key), TrigramWordSimilarity(key, "normalized")
        )
    else:
        fuzzy = Value(1.0)
    return Case(
        When(normalized=key, then=Value(EXACT)),
        When(normalized__startswith=key, then=Value(PREFIX)),
        When(normalized__contains=f" {key}", then=Value(WORD_PREFIX)),
        When(normalized__contains=key, then=Value(CONTAINS)),
        default=fuzzy,
        output_field=FloatField(),
    )


def search_actors(queryset, q):
    """Actors with an alias like `q`, best match first (annotated `match_score`).

    Exact alias, then alias prefix, then a word of the alias, then (PostgreSQL)
    trigram similarity; ties by name. No GROUP BY on the actor rows, so callers
    can count, facet and paginate the result like any actor queryset.
    """
    key = normalize(clean_query(q))
    if not key:
        return queryset.none()
    matching = Alias.objects.filter(_alias_match(key))
    best = (
        Alias.objects.filter(actor=OuterRef("pk"))
        .filter(_alias_match(key))
        .annotate(score=_alias_score(key))
        .order_by("-score")
        .values("score")[:1]
    )
    return (
        queryset.filter(pk__in=matching.values("actor_id"))
        .annotate(match_score=Subquery(best, output_field=FloatField()))
        .order_by("-match_score", "name")
    )


def alias_keys(q):
    """Folded forms under which the query, or a phrase of it, could be an alias."""
    keys = set()
    for text in alias_candidates(q):
        keys.update(k for k in (normalize(text), normalize_document(text)) if k)
    return keys


def actors_named_by(q):
    """Actors the query names by one of their aliases, with their aliases prefetched.

    Equality on the folded key, never similarity: "Lukashenka" is read as
    Alexander Lukashenko, "Luka" is not.
    """
    keys = alias_keys(q)
    if not keys:
        return []
    return list(
        Actor.objects.filter(pk__in=Alias.objects.filter(normalized__in=keys).values("actor_id"))
        .prefetch_related(
            Prefetch("aliases", queryset=Alias.objects.only("id", "actor_id", "name"))
        )
        .order_by("name")
    )
