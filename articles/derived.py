"""Fields the archive derives from others, recomputed after a raw load (loaddata skips save()).

Besides alias keys and body hashes: the detected mentions and the search index, which
read the text loaddata wrote without signals (detection rewrites the index after it).
"""

from . import versions
from .detection import detect_mentions
from .models import Alias, Article
from .text import normalize


def refresh_derived(articles=None):
    """Recompute alias keys, body hashes, detected mentions and the search index.

    `articles` limits the article work to a queryset. Returns detection's report.
    """
    # update(), not save(): a reload that changes nothing must not add a history row per alias.
    for alias in Alias.objects.only("id", "name", "normalized"):
        key = normalize(alias.name)
        if key != alias.normalized:
            Alias.objects.filter(pk=alias.pk).update(normalized=key)
    articles = Article.objects.all() if articles is None else articles
    # iterator(): the bodies are read a batch at a time, not all kept (2 GB at 100,000).
    for article in articles.only("id", "body", "body_sha256").iterator(chunk_size=500):
        sha = Article.compute_sha256(article.body)
        if sha != article.body_sha256:
            Article.objects.filter(pk=article.pk).update(body_sha256=sha)
    report = detect_mentions(articles)
    # Every write above bypassed the signals (update(), detection's bulk writes).
    versions.bump()
    return report
