"""PostgreSQL text search configurations for the archive; SQLite skips them.

- archive_english: English stemming with accents folded first, so "Kalinoŭski"
  in an English article meets a query for "Kalinouski".
- archive_simple: no stemming (Belarusian, Russian, Ukrainian and others have no
  reliable stemmer shipped with PostgreSQL), lower case with accents folded.

Running unaccent inside the configuration (not as a function call around the
column) keeps to_tsvector(regconfig, text) immutable and the query side identical
to the document side. Existing rows get their search vector here; afterwards the
application keeps it up to date on save (articles.signals).
"""

from django.db import migrations

from articles.migrations._postgres import postgres_only

FORWARD = [
    "CREATE TEXT SEARCH CONFIGURATION archive_english (COPY = english)",
    "ALTER TEXT SEARCH CONFIGURATION archive_english"
    " ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem",
    "CREATE TEXT SEARCH CONFIGURATION archive_simple (COPY = simple)",
    "ALTER TEXT SEARCH CONFIGURATION archive_simple"
    " ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple",
    """
    UPDATE articles_article SET search_vector =
        setweight(to_tsvector(c.cfg, coalesce(title, '')), 'A')
        || setweight(to_tsvector(c.cfg, coalesce(standfirst, '')), 'B')
        || setweight(to_tsvector(c.cfg, coalesce(body, '')), 'C')
    FROM (SELECT id, CASE WHEN language = 'en' THEN 'archive_english'::regconfig
                          ELSE 'archive_simple'::regconfig END AS cfg
          FROM articles_article) AS c
    WHERE c.id = articles_article.id
    """,
]
BACKWARD = [
    "UPDATE articles_article SET search_vector = NULL",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS archive_simple",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS archive_english",
]


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_editors_group")]
    operations = [postgres_only(FORWARD, BACKWARD)]
