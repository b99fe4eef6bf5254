"""Trigram indexes for finding events by their words (PostgreSQL; SQLite skips them).

Events are matched case-insensitively as written, in title, summary or place
(articles.search.events): UPPER(column) LIKE UPPER('%word%'). Without an index every
search read every event; a trigram index answers the LIKE for a word found in few.
"""

from django.db import migrations

from articles.migrations._postgres import postgres_only

COLUMNS = ("title", "summary", "place")
FORWARD = [
    f"CREATE INDEX IF NOT EXISTS event_{column}_trgm ON articles_event"
    f" USING gin (UPPER({column}) gin_trgm_ops)"
    for column in COLUMNS
]
BACKWARD = [f"DROP INDEX IF EXISTS event_{column}_trgm" for column in COLUMNS]


class Migration(migrations.Migration):
    dependencies = [("articles", "0014_translatable_labels")]
    operations = [postgres_only(FORWARD, BACKWARD)]
