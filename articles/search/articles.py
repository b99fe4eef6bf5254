"""Full-text search over articles: one index lookup for the words and the actors a query names."""

from dataclasses import dataclass, field

from django.db.models import F, Prefetch

from articles.models import Actor, Alias
from articles.text import clean_query

from .backends import get_backend
from .reading import Reading, read

# Relevance is computed for the newest RANK_CANDIDATES matches only. Ranking reads each
# row's whole index entry: ranking the 95,000 articles that contain "border" to show ten
# took 0.7-1.4 s at 100,000 articles; ranking 500 takes a few milliseconds. The trade-off:
# an older article that would rank first is shown only when the query is narrower (fewer
# matches than this) or the list is sorted by date.
RANK_CANDIDATES = 500


@dataclass
class ArticleSearch:
    queryset: object  # the matches, annotated with `rank`
    reading: Reading = None
    actors: list = field(default_factory=list)  # the actors the query names, with their aliases
    query: str = ""  # the query as searched: control characters gone, at most 200 characters
    base: object = None  # the queryset searched (every other filter applied)

    ranked = True

    @property
    def ambiguous(self):
        """[(name as written, [actors])] for names the query gives that several actors go by."""
        by_id = {actor.pk: actor for actor in self.actors}
        return [
            (text, sorted((by_id[a] for a in ids if a in by_id), key=lambda a: a.name))
            for text, ids in (self.reading.names if self.reading else [])
            if len(ids) > 1
        ]

    def ordered(self):
        return self.by_relevance()

    def by_relevance(self, limit=RANK_CANDIDATES, matches=None):
        """The newest `limit` matches, ranked (a LIMITed subquery along the newest-first
        index, or the search index when the matches are few). `matches`: how many there
        are, when the caller knows; no more than `limit` are all ranked, in a query
        without that subquery (a rare word's page compiled in half the time)."""
        if self.base is None:
            return self.queryset
        if matches is not None and matches <= limit:
            return self.queryset.order_by(F("rank").desc(nulls_last=True), "-id")
        newest = self.queryset.order_by().newest_first().values("pk")[:limit]
        return (
            self.base.filter(pk__in=newest)
            .annotate(rank=get_backend().rank(self.reading))
            .order_by(F("rank").desc(nulls_last=True), "-id")
        )


def named_actors(reading):
    """The actors a reading names, each with its aliases (two queries; none when it names none)."""
    if not reading.actor_ids:
        return []
    return list(
        Actor.objects.filter(pk__in=reading.actor_ids)
        .prefetch_related(
            Prefetch("aliases", queryset=Alias.objects.only("id", "actor_id", "name"))
        )
        .order_by("name")
    )


def search_articles(queryset, q):
    """Articles of `queryset` matching `q`; see articles.search.reading for how it is read."""
    q = clean_query(q)
    reading = read(q) if q else Reading(query=q)
    if reading.empty:
        return ArticleSearch(queryset.none(), reading=reading, query=q)
    backend = get_backend()
    matches = backend.matching(queryset, reading)
    return ArticleSearch(
        matches.annotate(rank=backend.rank(reading)),
        reading=reading,
        actors=named_actors(reading),
        query=q,
        base=queryset,
    )
