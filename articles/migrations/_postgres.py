"""SQL that only PostgreSQL runs: extensions, text search configurations and indexes
SQLite cannot express. The quick start on SQLite skips it.

The leading underscore keeps Django's migration loader from taking this for a migration.
"""

from django.db import migrations


def postgres_only(forward, backward):
    """A RunPython that executes `forward` (or, reversed, `backward`) on PostgreSQL only."""

    def run(statements):
        def apply(apps, schema_editor):
            if schema_editor.connection.vendor != "postgresql":
                return
            for sql in statements:
                schema_editor.execute(sql)

        return apply

    return migrations.RunPython(run(forward), run(backward))
