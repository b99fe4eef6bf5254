"""Load test: gunicorn on PostgreSQL with the seed archive, driven by wrk on loopback.

    .venv/bin/python bench/loadtest.py [--duration 60] [--connections 16] [--json out.json]

Creates the database when missing (default postgres://postgres@127.0.0.1:5432/h_load;
DATABASE_URL overrides), migrates it and loads the seed archive, starts gunicorn with
gunicorn.conf.py on a free loopback port (DEBUG off, as in production), checks that every
URL answers 200, then runs wrk at the given concurrency, rotating over list, detail,
search and actor pages. It prints requests per second and p50/p95/p99 latency, stops
gunicorn, and exits non-zero on any 5xx or socket error (or a URL that does not answer
200 before the run).

Needs wrk (Debian: apt-get install wrk). Not part of the test suite: it takes a minute and
wants the machine to itself.
"""

import argparse
import datetime
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/h_load"

# Reports each wrk thread's 5xx count and the run's figures as one JSON line.
WRK_SCRIPT = """
local paths = {%(paths)s}
local threads = {}
local counter = 0

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  server_errors = 0
  -- Threads start at different places so they do not request the same page in step.
  counter = math.random(#paths)
end

function request()
  counter = counter %% #paths + 1
  return wrk.format("GET", paths[counter])
end

function response(status, headers, body)
  if status >= 500 then
    server_errors = server_errors + 1
  end
end

function done(summary, latency, requests)
  local server = 0
  for _, thread in ipairs(threads) do
    server = server + thread:get("server_errors")
  end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %%d, "duration_us": %%d, "bytes": %%d, "p50_us": %%d, "p95_us": %%d, ' ..
    '"p99_us": %%d, "max_us": %%d, "mean_us": %%.1f, "server_errors": %%d, "non_2xx_3xx": %%d, ' ..
    '"connect_errors": %%d, "read_errors": %%d, "write_errors": %%d, "timeouts": %%d}\\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    latency.mean, server, e.status, e.connect, e.read, e.write, e.timeout))
end
"""


def sh(args, env, **kwargs):
    print("+", " ".join(args), flush=True)
    subprocess.run(args, cwd=ROOT, env=env, check=True, **kwargs)


def ensure_database(url):
    """Create the database when it does not exist yet."""
    import psycopg
    from psycopg import sql

    params = psycopg.conninfo.conninfo_to_dict(url.replace("postgres://", "postgresql://", 1))
    try:
        psycopg.connect(**params).close()
        return
    except psycopg.OperationalError as exc:
        if "does not exist" not in str(exc):
            raise
    with psycopg.connect(**{**params, "dbname": "postgres"}, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(params["dbname"])))
    print(f"Created database {params['dbname']}.")


def archive_paths(env):
    """The pages to drive, from what the seeded database holds."""
    code = """
import json, django
django.setup()
from articles.models import Actor, Article, Event
print(json.dumps({
    "articles": list(Article.objects.published().values_list("slug", flat=True)),
    "actors": list(Actor.objects.order_by("pk").values_list("slug", flat=True)[:12]),
    "events": list(Event.objects.order_by("pk").values_list("slug", flat=True)[:6]),
}))
"""
    out = subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    slugs = json.loads(out.strip().splitlines()[-1])
    searches = ["Lukashenka", "Лукашэнка", "Kalinoŭski", '"border guard"', "Wagner -Prigozhin"]
    return {
        "list": [
            "/articles/",
            "/articles/?sort=oldest",
            "/articles/?source=newsweek",
            "/articles/?actor=alexander-lukashenko&date_after=2022-01-01",
            "/events/",
            "/events/?status=denied",
            "/",
        ],
        "detail": [f"/articles/{slug}/" for slug in slugs["articles"]]
        + [f"/events/{slug}/" for slug in slugs["events"]],
        "search": [f"/search/?{urlencode({'q': q})}" for q in searches]
        + [f"/articles/?{urlencode({'q': 'border guard'})}", "/actors/?q=Lukashenka"],
        "actor": ["/actors/"] + [f"/actors/{quote(slug)}/" for slug in slugs["actors"]],
    }


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(base, process, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {process.returncode} before answering")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer /healthz within {seconds}s")


def check_every_path(base, paths):
    """Each URL once, before the load: a URL that is not a 200 makes the figures meaningless."""
    bad = []
    for path in paths:
        try:
            with urllib.request.urlopen(base + path, timeout=10) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        if status != 200:
            bad.append(f"{status} {path}")
    return bad


def run_wrk(base, paths, args):
    lua = WRK_SCRIPT % {"paths": ", ".join(json.dumps(p) for p in paths)}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    try:
        command = [
            "wrk",
            f"-t{args.threads}",
            f"-c{args.connections}",
            f"-d{args.duration}s",
            "--timeout",
            "10s",
            "-s",
            script.name,
            base + "/",
        ]
        print("+", " ".join(command), flush=True)
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(script.name)
    print(out)
    line = next(line for line in out.splitlines() if line.startswith("RESULT "))
    return json.loads(line[len("RESULT ") :])


def machine():
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores, {memory:.0f} GiB, {platform.system()} {platform.release()}"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds (default 60)")
    parser.add_argument("--connections", type=int, default=16, help="concurrency (default 16)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")

    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        raise SystemExit("the load test runs on PostgreSQL: set DATABASE_URL=postgres://…")
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_MANIFEST": "false",  # wrk asks for pages, not their CSS: no collectstatic
        "DJANGO_SETTINGS_MODULE": "archive.settings",
        "BIND": f"127.0.0.1:{port}",
        "LOG_LEVEL": "WARNING",
    }
    ensure_database(url)
    sh([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], env)
    sh([PYTHON, "manage.py", "seed", "-v0"], env)
    kinds = archive_paths(env)
    paths = [path for group in kinds.values() for path in group]

    # Its own process group, so stopping it stops its workers too.
    log_path = Path(tempfile.gettempdir()) / f"loadtest-gunicorn-{port}.log"
    log = open(log_path, "w")  # noqa: SIM115 - closed in the finally below
    print(f"gunicorn's log: {log_path}")
    gunicorn = subprocess.Popen(
        # No access log: a line per request would cost the run more than it tells.
        [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--access-logfile", "/dev/null"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, gunicorn)
        bad = check_every_path(base, paths)
        if bad:
            raise SystemExit("these URLs do not answer 200:\n  " + "\n  ".join(bad))
        result = run_wrk(base, paths, args)
    finally:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        try:
            gunicorn.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(gunicorn.pid, signal.SIGKILL)
            gunicorn.wait()
        log.close()

    seconds = result["duration_us"] / 1e6
    socket_errors = sum(
        result[key] for key in ("connect_errors", "read_errors", "write_errors", "timeouts")
    )
    workers = os.environ.get("GUNICORN_WORKERS", f"default ({os.cpu_count() * 2 + 1})")
    threads = os.environ.get("GUNICORN_THREADS", "default (4)")
    report = {
        "date": datetime.date.today().isoformat(),
        "machine": machine(),
        "gunicorn": f"workers {workers}, threads {threads}",
        "connections": args.connections,
        "seconds": round(seconds, 1),
        "urls": {kind: len(group) for kind, group in kinds.items()},
        "requests": result["requests"],
        "requests_per_second": round(result["requests"] / seconds, 1),
        "latency_ms": {
            "p50": round(result["p50_us"] / 1000, 1),
            "p95": round(result["p95_us"] / 1000, 1),
            "p99": round(result["p99_us"] / 1000, 1),
            "max": round(result["max_us"] / 1000, 1),
        },
        "5xx": result["server_errors"],
        "other_non_2xx_3xx": result["non_2xx_3xx"] - result["server_errors"],
        "socket_errors": socket_errors,
    }
    print(json.dumps(report, indent=2, ensure_ascii=False))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    if result["server_errors"] or socket_errors:
        print("FAILED: 5xx responses or socket errors", file=sys.stderr)
        return 1
    print("OK: no 5xx, no socket errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
