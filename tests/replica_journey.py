"""Run by tests/test_replica.py against a primary and its streaming replica (their URLs in
DATABASE_URL and DATABASE_REPLICA_URL): readers and an editor use the archive through the
test client, and what each request read from which database is printed as one JSON line."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from articles.models import Article  # noqa: E402
from tests.test_admin import form_data  # noqa: E402

CHANGED = "Belarusian Border Guard Abandons Post to Fight With Ukraine (corrected)"


def scalar(alias, sql):
    with connections[alias].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def wait_for_replay(seconds=30):
    """Until the replica has replayed everything the primary has written so far."""
    target = scalar("default", "SELECT pg_current_wal_lsn()::text")
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        caught_up = scalar(
            "replica", f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn"
        )  # the position comes from the primary, not from input
        if caught_up:
            return
        time.sleep(0.1)
    raise SystemExit("the replica did not catch up")


class Counter:
    """Counts the queries sent on one connection (without connecting, unlike
    CaptureQueriesContext: the replica may be down)."""

    def __init__(self):
        self.queries = 0

    def __call__(self, execute, sql, params, many, context):
        self.queries += 1
        return execute(sql, params, many, context)


def visit(client, url, expect=None):
    primary, replica = Counter(), Counter()
    with (
        connections["default"].execute_wrapper(primary),
        connections["replica"].execute_wrapper(replica),
    ):
        response = client.get(url)
    step = {"url": url, "status": response.status_code}
    step["primary"], step["replica"] = primary.queries, replica.queries
    if expect is not None:
        step["shows_change"] = expect in response.content.decode()
    return step


def main():
    setup_test_environment()  # the admin form's context, for form_data()
    call_command("migrate", verbosity=0)
    call_command("seed", verbosity=0)
    report = {"replica_in_recovery": scalar("replica", "SELECT pg_is_in_recovery()")}
    wait_for_replay()

    reader = Client()
    article = Article.objects.get(title__startswith="Belarusian Border Guard")
    page = article.get_absolute_url()
    report["reader_list"] = visit(reader, reverse("articles:article_list"))
    visit(reader, page)  # cached now, under the version before the editor's change

    editor_user = User.objects.create_superuser("eddie", password="correct horse battery")
    editor = Client()
    editor.force_login(editor_user)
    # The replica stops replaying: whatever the editor writes now, it does not have.
    scalar("replica", "SELECT pg_wal_replay_pause()")
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(editor.get(url))
    data["title"] = CHANGED
    saved = editor.post(url, data)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    report["editor_after_save"] = visit(editor, page, expect=CHANGED)
    report["reader_while_replica_paused"] = visit(reader, page, expect=CHANGED)

    scalar("replica", "SELECT pg_wal_replay_resume()")
    wait_for_replay()
    report["reader_after_catching_up"] = visit(
        reader, reverse("articles:article_list") + "?sort=oldest", expect=CHANGED
    )

    subprocess.run(json.loads(os.environ["REPLICA_STOP_COMMAND"]), check=True)
    report["reader_with_replica_stopped"] = [
        visit(reader, reverse("articles:event_list")),
        visit(reader, reverse("articles:source_list")),
        visit(reader, reverse("articles:actor_list")),
    ]
    print(json.dumps(report))


if __name__ == "__main__":
    main()
