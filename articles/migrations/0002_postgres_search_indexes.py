"""PostgreSQL-only search machinery; SQLite (the quick start) skips it.

- pg_trgm: typo-tolerant actor lookup (similarity over Alias.normalized).
- unaccent: accent-insensitive full text for non-English articles.
- GIN over Article.search_vector: serves every full-text `q` query.
"""

from django.db import migrations

from articles.migrations._postgres import postgres_only

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE INDEX IF NOT EXISTS article_search_vector_gin ON articles_article USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS alias_normalized_trgm ON articles_alias USING gin (normalized gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS alias_normalized_trgm",
    "DROP INDEX IF EXISTS article_search_vector_gin",
]


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]
    operations = [postgres_only(FORWARD, BACKWARD)]
