"""The archive's search: what the views call.

- search_articles(queryset, q) -> ArticleSearch: the query read (articles.search.reading)
  and matched against the search index of the database's backend, ranked.
- add_snippets(articles, q, search): highlighted excerpts for the displayed page only.
- search_actors(queryset, q): actors by any name in any form, best first.
- search_events(queryset, q): events by words or by the actors the query names.
- update_search_index(articles): the one place the index is written.
"""

from .actors import search_actors
from .articles import RANK_CANDIDATES, ArticleSearch, search_articles
from .events import search_events
from .indexing import update_search_index
from .snippets import add_snippets

__all__ = [
    "RANK_CANDIDATES",
    "ArticleSearch",
    "add_snippets",
    "search_actors",
    "search_articles",
    "search_events",
    "update_search_index",
]
