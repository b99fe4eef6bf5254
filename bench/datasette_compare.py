"""The archive beside Datasette, on the same published articles, the same machine, one run.

    pip install datasette sqlite-utils        # anywhere; pass their paths if not on PATH
    .venv/bin/python bench/datasette_compare.py [--duration 10] [--datasette PATH]
                                                [--sqlite-utils PATH] [--rebuild]

Copies the published articles of the benchmark database (DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/bench_100k) into a SQLite file with sqlite-utils, with
the columns a Datasette table would show (title, standfirst, byline, source, date,
language, body), indexes on the source and the date, and an FTS5 index over title,
standfirst and body. Then serves it with `datasette serve --immutable` (facet suggestions
off) and the archive with gunicorn (gunicorn.conf.py, DEBUG off; page cache on, then off),
and measures the same four kinds of page on both with wrk:

  rare-word search   /articles/?q=samovar           ?_search=samovar
  one source         /articles/?source=SLUG         ?source_slug=SLUG
  article page       /articles/SLUG/                /archive/articles/ID
  list with facets   /articles/                     ?_facet=source&_facet=language

For each: p50 latency at one connection, and requests/s at 16 connections. Prints one
table; the figures mean something only on a machine otherwise idle (the load average at
the start and the end is printed with them).
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.loadtest import (  # noqa: E402
    DEFAULT_URL,
    PYTHON,
    Gunicorn,
    free_port,
    run_wrk,
    server_env,
)

COLUMNS = "id, slug, title, standfirst, byline, source, source_slug, published_on, language, body"


def export_published(url, sqlite_utils, db):
    """Published articles into a fresh SQLite file through sqlite-utils."""
    import psycopg

    if db.exists():
        db.unlink()
    insert = subprocess.Popen(
        [sqlite_utils, "insert", str(db), "articles", "-", "--nl", "--pk", "id"],
        stdin=subprocess.PIPE,
        text=True,
    )
    query = (
        "SELECT a.id, a.slug, a.title, a.standfirst, a.byline, s.name, s.slug,"
        " a.published_on::text, a.language, a.body"
        " FROM articles_article a JOIN articles_source s ON s.id = a.source_id"
        " WHERE a.status = 'published' ORDER BY a.id"
    )
    names = [c.strip() for c in COLUMNS.split(",")]
    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as conn:
        with conn.cursor(name="export") as cursor:  # server-side: rows arrive in batches
            cursor.execute(query)
            for row in cursor:
                insert.stdin.write(json.dumps(dict(zip(names, row, strict=True))) + "\n")
    insert.stdin.close()
    if insert.wait():
        raise SystemExit("sqlite-utils insert failed")
    for column in ("source_slug", "published_on"):
        subprocess.run([sqlite_utils, "create-index", str(db), "articles", column], check=True)
    subprocess.run(
        [sqlite_utils, "enable-fts", str(db), "articles", "title", "standfirst", "body"]
        + ["--fts5"],
        check=True,
    )
    subprocess.run([sqlite_utils, "analyze", str(db)], check=True)


class Datasette:
    def __init__(self, binary, db):
        self.binary, self.db = binary, db
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        self.process = subprocess.Popen(
            [self.binary, "serve", "--immutable", str(self.db), "--port", str(self.port)]
            + ["--setting", "suggest_facets", "off", "--setting", "sql_time_limit_ms", "5000"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/-/versions.json", timeout=2):
                    return self
            except OSError:
                time.sleep(0.3)
        self.__exit__()  # never leave a server that did not answer running
        raise SystemExit("datasette did not start")

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def sample(url):
    """A source with many articles and one article, from the benchmark database."""
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as conn:
        source = conn.execute(
            "SELECT s.slug FROM articles_source s JOIN articles_article a ON a.source_id = s.id"
            " WHERE a.status = 'published' GROUP BY s.slug ORDER BY COUNT(*) DESC LIMIT 1"
        ).fetchone()[0]
        article = conn.execute(
            "SELECT id, slug FROM articles_article WHERE status = 'published'"
            " ORDER BY id OFFSET (SELECT COUNT(*) / 2 FROM articles_article) LIMIT 1"
        ).fetchone()
    return source, article


def pages(source, article, table):
    article_id, slug = article
    return [
        ("rare-word search (samovar)", "/articles/?q=samovar", f"{table}?_search=samovar"),
        ("one source", f"/articles/?source={quote(source)}", f"{table}?source_slug={source}"),
        ("article page", f"/articles/{quote(slug)}/", f"{table}/{article_id}"),
        ("list with facets", "/articles/", f"{table}?_facet=source&_facet=language"),
    ]


def measure(base, path, duration):
    one = run_wrk(base, [path], 1, 1, duration)
    many = run_wrk(base, [path], 16, 2, duration)
    bad = one["5xx"] + many["5xx"] + one["other_non_2xx_3xx"] + many["other_non_2xx_3xx"]
    return {
        "p50_ms": one["latency_ms"]["p50"],
        "rps_16": many["requests_per_second"],
        "errors": bad + one["socket_errors"] + many["socket_errors"],
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per run (default 10)")
    parser.add_argument("--datasette", default=shutil.which("datasette"))
    parser.add_argument("--sqlite-utils", default=shutil.which("sqlite-utils"))
    parser.add_argument(
        "--db", default=str(Path(tempfile.gettempdir()) / "archive-datasette.db"), type=Path
    )
    parser.add_argument("--rebuild", action="store_true", help="copy the articles again")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args(argv)
    for tool in ("datasette", "sqlite_utils"):
        if not getattr(args, tool):
            raise SystemExit(f"{tool} not found: pip install datasette sqlite-utils")
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")

    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if args.rebuild or not args.db.exists():
        print(f"Copying published articles into {args.db} …", flush=True)
        export_published(url, args.sqlite_utils, args.db)
    source, article = sample(url)
    table = f"/{args.db.stem}/articles"
    env = server_env(url)
    load = os.getloadavg()
    rows = pages(source, article, table)
    figures = {"archive (page cache on)": {}, "archive (page cache off)": {}, "datasette": {}}
    for label, page_cache in (
        ("archive (page cache on)", "true"),
        ("archive (page cache off)", "false"),
    ):
        with Gunicorn({**env, "PAGE_CACHE": page_cache}) as server:
            for name, path, _ in rows:
                run_wrk(server.base, [path], 4, 1, 2)  # warm-up: connections, caches
                figures[label][name] = measure(server.base, path, args.duration)
    with Datasette(args.datasette, args.db) as datasette:
        for name, _, path in rows:
            run_wrk(datasette.base, [path], 4, 1, 2)
            figures["datasette"][name] = measure(datasette.base, path, args.duration)

    print(f"\nload average at start {load}, at end {os.getloadavg()}; {PYTHON}")
    print("p50 at one connection · requests/s at 16 connections\n")
    header = ["page", *figures]
    print("| " + " | ".join(header) + " |")
    print("| " + " | ".join("---" for _ in header) + " |")
    for name, _, _ in rows:
        cells = [
            f"{figures[s][name]['p50_ms']} ms · {figures[s][name]['rps_16']:.0f} req/s"
            + (f" ({figures[s][name]['errors']} errors)" if figures[s][name]["errors"] else "")
            for s in figures
        ]
        print(f"| {name} | " + " | ".join(cells) + " |")
    if args.json:
        Path(args.json).write_text(json.dumps({"load": load, "figures": figures}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
