"""Hostile load test: do readers keep their throughput while others loop the costliest requests?

    .venv/bin/python bench/hostile.py [--duration 30] [--readers 16] [--hostile 4]

Serves the archive in DATABASE_URL with gunicorn as bench/loadtest.py does (DEBUG off,
gunicorn.conf.py), with the whole-page cache off (PAGE_CACHE=false: an attacker varies the
query string, so every request renders), then runs wrk twice after a warm-up: readers alone,
over the load test's reader mix; then the same readers while `--hostile` more connections loop
the most expensive requests the archive accepts (20 actors with every source and topic, a
phrase search, the export and the feed of that set, a request past the filter limit). It
prints the readers' throughput in both runs and its ratio, the hostile connections' answers
by status, and the longest request of each, and exits non-zero when readers got a 5xx or
kept less than `--keep` of their throughput.

Needs wrk (Debian: apt-get install wrk). Not part of the test suite.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.loadtest import (  # noqa: E402
    DEFAULT_URL,
    PYTHON,
    ROOT,
    Gunicorn,
    archive_paths,
    check_every_path,
    ensure_database,
    machine,
    run_wrk,
    server_env,
    sh,
)
from dev import seed_if_empty  # noqa: E402


def hostile_paths(env):
    """The costliest requests the archive accepts, and one it refuses, built from its data."""
    code = """
import json, django
django.setup()
from articles.filters import MAX_VALUES
from articles.models import Actor, Source, Topic
print(json.dumps({
    "limit": MAX_VALUES,
    "actors": list(Actor.objects.order_by("pk").values_list("slug", flat=True)),
    "sources": list(Source.objects.order_by("pk").values_list("slug", flat=True)),
    "topics": list(Topic.objects.order_by("pk").values_list("slug", flat=True)),
}))
"""
    out = subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    data = json.loads(out.strip().splitlines()[-1])
    limit = data["limit"]
    widest = (
        [("actor", slug) for slug in data["actors"][:limit]]
        + [("source", slug) for slug in data["sources"][:limit]]
        + [("topic", slug) for slug in data["topics"][:limit]]
    )
    searched = [*widest, ("q", '"Belarus border"')]
    too_many = [("actor", slug) for slug in data["actors"][: limit + 1]]
    return [
        f"/articles/?{urlencode(widest)}",
        f"/articles/?{urlencode(searched)}",
        f"/articles/export.csv?{urlencode(widest)}",
        f"/articles/feed/?{urlencode(widest)}",
        f"/events/?{urlencode(widest)}",
        "/search/?" + urlencode({"q": '"belarus belarus"'}),
        f"/articles/?{urlencode(too_many)}",
    ]


def wrk(base, paths, connections, seconds):
    return run_wrk(base, paths, connections, min(2, connections), seconds)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=30, help="seconds per run (default 30)")
    parser.add_argument("--warmup", type=int, default=10, help="warm-up seconds (default 10)")
    parser.add_argument("--readers", type=int, default=16, help="reader connections (default 16)")
    parser.add_argument("--hostile", type=int, default=4, help="hostile connections (default 4)")
    parser.add_argument("--keep", type=float, default=0.8, help="readers' share to keep (0.8)")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        raise SystemExit("the hostile load test runs on PostgreSQL: set DATABASE_URL=postgres://…")

    env = server_env(url, PAGE_CACHE="false")
    ensure_database(url)
    sh([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], env)
    if seed_if_empty(env, python=PYTHON) != 0:
        raise SystemExit("loading the seed archive failed")
    readers = [path for group in archive_paths(env).values() for path in group]
    hostile = hostile_paths(env)

    with Gunicorn(env) as server:
        # The mix is drawn for the 100,000-article benchmark; on a small archive some of
        # it (page 7) is a 404, which measures nothing: leave those out and say so.
        missing = {line.split(" ", 1)[1] for line in check_every_path(server.base, readers)}
        if missing:
            print("left out (not a 200 on this archive):", ", ".join(sorted(missing)))
        readers = [path for path in readers if path not in missing]
        # As in the load test: both runs measure workers that have drawn the kept parts.
        wrk(server.base, readers, args.readers, args.warmup)
        alone = wrk(server.base, readers, args.readers, args.duration)
        results = {}
        attack = threading.Thread(
            target=lambda: results.update(
                hostile=wrk(server.base, hostile, args.hostile, args.duration)
            )
        )
        attack.start()
        beside = wrk(server.base, readers, args.readers, args.duration)
        attack.join()

    kept = beside["requests_per_second"] / alone["requests_per_second"]
    report = {
        "machine": machine(),
        "gunicorn": {
            "workers": os.environ.get("GUNICORN_WORKERS", f"default ({os.cpu_count() * 2 + 1})"),
            "threads": os.environ.get("GUNICORN_THREADS", "default (4)"),
        },
        "seconds_per_run": args.duration,
        "reader_connections": args.readers,
        "hostile_connections": args.hostile,
        "hostile_urls": hostile,
        "readers_alone": alone,
        "readers_beside_hostile": beside,
        "hostile": results["hostile"],
        "readers_kept": f"{kept:.0%}",
        "longest_request_ms": max(
            beside["latency_ms"]["max"], results["hostile"]["latency_ms"]["max"]
        ),
    }
    print(json.dumps(report, indent=2, ensure_ascii=False))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    failed = beside["5xx"] or beside["socket_errors"] or alone["5xx"] or kept < args.keep
    print(
        f"readers: {alone['requests_per_second']} req/s alone, "
        f"{beside['requests_per_second']} req/s beside {args.hostile} hostile connections "
        f"({kept:.0%} kept); longest request {report['longest_request_ms']} ms"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
