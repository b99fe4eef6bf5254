"""Search entry points used by the views. (Placeholder: the search work replaces the internals.)"""

from dataclasses import dataclass, field

from django.db.models import Q


@dataclass
class ArticleSearch:
    queryset: object
    actors: list = field(default_factory=list)  # actors the query was read as
    ranked: bool = False  # True when `queryset` is annotated with `rank`


def search_articles(queryset, q):
    """Articles matching the query `q` (already stripped, non-empty)."""
    return ArticleSearch(queryset.filter(Q(title__icontains=q) | Q(body__icontains=q)))


def add_snippets(articles, q):
    """Give each article on the displayed page a `snippet` (safe HTML with <mark>ed terms)."""
    for article in articles:
        article.snippet = ""


def search_actors(queryset, q):
    """Actors whose name or alias matches `q`, best match first."""
    from articles.text import normalize

    key = normalize(q)
    return queryset.filter(aliases__normalized__contains=key).distinct() if key else queryset.none()
