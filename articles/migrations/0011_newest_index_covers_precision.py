"""The newest-first index also carries each article's date precision (PostgreSQL only).

The attention chart groups a whole filtered set by publication date and precision; with
the precision in the index, the unfiltered set (95,000 published articles at scale) is
read from the index alone instead of from every table row.
"""

from django.db import migrations

from articles.migrations._postgres import postgres_only

FORWARD = [
    "DROP INDEX IF EXISTS article_status_newest",
    "CREATE INDEX article_status_newest ON articles_article"
    " (status, published_on DESC NULLS LAST, id DESC) INCLUDE (source_id, published_precision)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS article_status_newest",
    "CREATE INDEX article_status_newest ON articles_article"
    " (status, published_on DESC NULLS LAST, id DESC) INCLUDE (source_id)",
]


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_event_reports_and_place_precision")]
    operations = [postgres_only(FORWARD, BACKWARD)]
