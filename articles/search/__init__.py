"""The archive's search: what the views call.

- search_articles(queryset, q) -> ArticleSearch: full text (PostgreSQL: stored,
  GIN-indexed vector, web-search syntax, ranked; SQLite: a contains match),
  plus every article that mentions an actor the query names by an alias.
- add_snippets(articles, q): highlighted excerpts for the displayed page only.
- search_actors(queryset, q): actors by any spelling of any name, best first.
"""

from dataclasses import dataclass, field

from .actors import actors_named_by, search_actors
from .articles import add_snippets, search_articles
from .vectors import update_search_vectors


@dataclass
class ArticleSearch:
    queryset: object
    actors: list = field(default_factory=list)  # actors the query was read as
    ranked: bool = False  # True when `queryset` is annotated with `rank`
    query: str = ""  # the query as searched: NUL bytes gone, at most 200 characters

    def ordered(self):
        """The results by relevance when ranked, else newest first."""
        if self.ranked:
            return self.queryset.order_by("-rank", "-published_on", "-id")
        return self.queryset.newest_first()


__all__ = [
    "ArticleSearch",
    "actors_named_by",
    "add_snippets",
    "search_actors",
    "search_articles",
    "update_search_vectors",
]
