"""Indexes chosen from EXPLAIN ANALYZE at 100,000 articles (docs/performance.md); PostgreSQL only.

SQLite cannot put NULLS LAST in an index, and the quick start does not need them.
"""

from django.db import migrations

from articles.migrations._postgres import postgres_only

FORWARD = [
    # newest_first() = ORDER BY published_on DESC NULLS LAST, id DESC over published
    # articles: the article list and its deep pages, the capped count, the facet sample
    # (the newest 10,000 of the set), the actor, source and topic lists, the home page.
    # article_status_date keeps NULLs first (a DESC default), so every one of these
    # sorted all 95,000 published rows (250-285 ms, spilling to disk); with this index
    # the scan stops after the page. INCLUDE source_id: the facet sample reads it
    # from the index alone.
    "CREATE INDEX IF NOT EXISTS article_status_newest ON articles_article"
    " (status, published_on DESC NULLS LAST, id DESC) INCLUDE (source_id)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS article_status_newest",
]


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_search_configurations")]
    operations = [postgres_only(FORWARD, BACKWARD)]
