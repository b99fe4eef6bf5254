"""Keeping the search index up to date: the one function every writer calls.

`update_search_index(articles)` rewrites the index rows of the given articles from their
text, language and shown mentions. Saving an article calls it (articles.signals), and so
does mention detection after it writes (which is how imports, the seed, corpus builds and
editors' mention changes reach the index); `manage.py reindex` rebuilds everything.
"""

from collections import defaultdict

from .backends import get_backend
from .documents import document

BATCH = 500


def update_search_index(articles):
    """Rewrite the index of `articles` (a queryset of Article). Returns how many."""
    from articles.models import Mention

    ids = list(articles.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        named = defaultdict(list)
        for article_id, actor_id in (
            Mention.objects.shown()
            .filter(article_id__in=chunk)
            .values_list("article_id", "actor_id")
        ):
            named[article_id].append(actor_id)
        rows = articles.model._base_manager.filter(pk__in=chunk).values_list(
            "pk", "language", "title", "standfirst", "body"
        )
        get_backend().write([document(*row, named[row[0]]) for row in rows])
    return len(ids)
