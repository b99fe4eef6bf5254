"""The search index holds lemmas from the archive's own morphology (articles.morphology).

- PostgreSQL: Article.search_vector keeps its column and GIN index, but is now written as
  a literal of lemmas; the text search configurations it was built with go.
- SQLite: an FTS5 table of the same lemmas, with a trigger that drops a deleted
  article's row.

Every existing article is indexed anew here.
"""

from collections import defaultdict

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE articles_article_fts USING fts5("
    "title, standfirst, body, actors, tokenize = 'unicode61 remove_diacritics 0')",
    "CREATE TRIGGER articles_article_fts_delete AFTER DELETE ON articles_article "
    "BEGIN DELETE FROM articles_article_fts WHERE rowid = old.id; END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS articles_article_fts_delete",
    "DROP TABLE IF EXISTS articles_article_fts",
]
POSTGRES_FORWARD = [
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS archive_simple",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS archive_english",
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}.get(vendor, [])
    for sql in statements:
        schema_editor.execute(sql)
    reindex(apps)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_BACKWARD:
            schema_editor.execute(sql)


def reindex(apps):
    Article = apps.get_model("articles", "Article")
    Mention = apps.get_model("articles", "Mention")
    if not Article.objects.exists():
        return
    from articles.search.backends import get_backend
    from articles.search.documents import document

    named = defaultdict(list)
    for article_id, actor_id in Mention.objects.filter(rejected=False).values_list(
        "article_id", "actor_id"
    ):
        named[article_id].append(actor_id)
    rows = Article.objects.order_by("pk").values_list("pk", "language", "title", "standfirst", "body")
    batch = []
    for row in rows.iterator(chunk_size=500):
        batch.append(document(*row, named[row[0]]))
        if len(batch) == 500:
            get_backend().write(batch)
            batch = []
    get_backend().write(batch)


class Migration(migrations.Migration):
    dependencies = [("articles", "0012_article_text_limits")]
    operations = [migrations.RunPython(forward, backward)]
