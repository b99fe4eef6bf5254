"""The archive's search: what the views call.

- search_articles(queryset, q) -> ArticleSearch: full text (PostgreSQL: stored,
  GIN-indexed vector, web-search syntax, ranked; SQLite: a contains match),
  plus every article that mentions an actor the query names by an alias.
- add_snippets(articles, q): highlighted excerpts for the displayed page only.
- search_actors(queryset, q): actors by any spelling of any name, best first.
"""

from dataclasses import dataclass, field

from django.db.models import F

from .actors import actors_named_by, search_actors
from .articles import add_snippets, search_articles
from .events import search_events
from .vectors import update_search_vectors

# Relevance is computed for the newest RANK_CANDIDATES matches only (per way of
# matching: the words, and the actors the query names). ts_rank reads each row's
# whole search vector: ranking the 95,000 articles that contain "border" to show ten
# took 0.7-1.4 s at 100,000 articles; ranking 500 takes a few milliseconds. The
# trade-off: an older article that would rank first is shown only when the query is
# narrower (fewer matches than this) or the list is sorted by date.
RANK_CANDIDATES = 500


@dataclass
class ArticleSearch:
    queryset: object
    actors: list = field(default_factory=list)  # actors the query was read as
    ranked: bool = False  # True when `queryset` is annotated with `rank`
    query: str = ""  # the query as searched: NUL bytes gone, at most 200 characters
    # PostgreSQL: what by_relevance() needs to rank a bounded set of candidates.
    base: object = None  # the queryset searched (every other filter applied)
    text_match: object = None  # the full-text predicate
    rank: object = None  # the relevance expression

    def ordered(self):
        """The results by relevance when ranked (see by_relevance), else newest first."""
        return self.by_relevance() if self.ranked else self.queryset.newest_first()

    def by_relevance(self, limit=RANK_CANDIDATES):
        """The newest `limit` text matches, and the newest `limit` articles naming an
        actor the query names, ranked: each a LIMITed subquery along the newest-first
        index (or the GIN index when the matches are few)."""
        from .articles import mentioning_any

        def newest(queryset):
            return queryset.order_by().newest_first().values("pk")[:limit]

        candidates = newest(self.base.filter(self.text_match))
        if self.actors:
            candidates = candidates.union(newest(self.base.filter(mentioning_any(self.actors))))
        return (
            self.base.filter(pk__in=candidates)
            .annotate(rank=self.rank)
            .order_by(F("rank").desc(nulls_last=True), "-id")
        )


__all__ = [
    "ArticleSearch",
    "actors_named_by",
    "add_snippets",
    "search_actors",
    "search_articles",
    "search_events",
    "update_search_vectors",
]
