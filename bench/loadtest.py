"""Load test: gunicorn on PostgreSQL, driven by wrk on loopback over a mix of reader pages.

    .venv/bin/python bench/loadtest.py [--duration 30] [--connections 16] [--json out.json]

Runs against the database in DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bench_100k,
the benchmark's 100,000-article archive: `make bench` or `manage.py generate_corpus --articles
100000 --seed 1` builds it; an empty database gets the seed archive). It starts gunicorn with
gunicorn.conf.py on a free loopback port (DEBUG off, as in production) once per mode:

  warm   the whole-page cache on (pages and counts in REDIS_URL, shared by the workers),
         after a warm-up pass over the mix;
  off    PAGE_CACHE=false: every request renders (counts and charts still cached).

In each mode it measures /healthz alone (the framework and database round trip: the
ceiling for this machine) and then the reader mix: lists, filtered lists, searches, 20
article pages drawn at random, 10 actor profiles and actor-filtered lists, each URL checked
once before the run (never every article). It prints requests per second, p50/p95/p99
latency and each mode's throughput as a fraction of /healthz's, and exits non-zero on any
5xx or socket error.

Needs wrk (Debian: apt-get install wrk). Not part of the test suite: it takes minutes and
wants the machine to itself; the load average at the start is printed with the figures.
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
sys.path.insert(0, str(ROOT))  # for dev.py, the quick start, whose seed check this shares

from dev import seed_if_empty  # noqa: E402

PYTHON = sys.executable
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_100k"

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


def server_env(url, **extra):
    """The environment gunicorn serves the archive in for a benchmark: production settings
    (DEBUG off) on the database at `url`, from loopback, plus `extra`."""
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_MANIFEST": "false",  # wrk asks for pages, not their CSS: no collectstatic
        "DJANGO_SETTINGS_MODULE": "archive.settings",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


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


def archive_paths(env, articles=20, actors=10, seed=1):
    """The reader mix, from what the database holds: a random draw of articles, the actors
    named most often, and words and aliases the archive really contains."""
    code = f"from bench.loadtest import sample; sample({articles}, {actors}, {seed})"
    out = subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    found = json.loads(out.strip().splitlines()[-1])
    actors = found["actors"]
    searches = ["border", "samovar", '"border guard"', "Wagner -Prigozhin", *found["aliases"]]
    return {
        "list": [
            "/",
            "/articles/",
            "/articles/?sort=oldest",
            "/articles/?page=7",
            f"/articles/?source={quote(found['source'])}",
            "/articles/?date_after=2023-01-01&date_before=2023-06-30",
            "/events/",
            "/events/?status=denied",
            "/actors/",
            "/sources/",
        ],
        "search": [f"/search/?{urlencode({'q': q})}" for q in searches]
        + [f"/articles/?{urlencode({'q': 'border guard'})}", "/actors/?q=Lukashenka"],
        "article": [f"/articles/{quote(slug)}/" for slug in found["articles"]],
        "actor": [f"/actors/{quote(slug)}/" for slug in actors],
        "actor_filter": [f"/articles/?actor={quote(slug)}" for slug in actors[:4]]
        + [f"/events/{quote(slug)}/" for slug in found["events"][:1]],
    }


def sample(n_articles, n_actors, seed):
    """Print the mix's slugs as JSON (run in a subprocess with the archive's settings)."""
    import random

    import django

    django.setup()
    from django.db.models import Count

    from articles.models import Actor, Article, Event, Source

    published = Article.objects.published()
    last = published.order_by("-id").values_list("id", flat=True).first() or 0
    rng = random.Random(seed)
    # Random ids, not a scan of every slug: at 100,000 articles the draw must stay cheap.
    ids = rng.sample(range(1, last + 1), min(last, n_articles * 5))
    slugs = list(published.filter(id__in=ids).values_list("slug", flat=True)[:n_articles])
    by_mentions = Actor.objects.annotate(n=Count("mentions")).order_by("-n", "pk")
    actors = list(by_mentions.values_list("slug", flat=True)[:n_actors])
    aliases = [
        actor.aliases.exclude(name=actor.name).values_list("name", flat=True).first() or actor.name
        for actor in Actor.objects.filter(slug__in=actors[:3]).order_by("pk")
    ]
    by_articles = Source.objects.annotate(n=Count("articles")).order_by("-n", "pk")
    found = {
        "articles": slugs,
        "actors": actors,
        "aliases": aliases,
        "source": by_articles.values_list("slug", flat=True).first(),
        "events": list(Event.objects.order_by("-pk").values_list("slug", flat=True)[:3]),
    }
    print(json.dumps(found))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(base, process, seconds=120):
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
    """Each URL of the mix once, before the load: a URL that is not a 200 makes the figures
    meaningless."""
    bad = []
    for path in paths:
        try:
            with urllib.request.urlopen(base + path, timeout=30) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        if status != 200:
            bad.append(f"{status} {path}")
    return bad


def run_wrk(base, paths, connections, threads, seconds):
    lua = WRK_SCRIPT % {"paths": ", ".join(json.dumps(p) for p in paths)}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    try:
        command = [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
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
    line = next(line for line in out.splitlines() if line.startswith("RESULT "))
    return summary(json.loads(line[len("RESULT ") :]))


def summary(result):
    seconds = result["duration_us"] / 1e6
    socket_errors = sum(
        result[key] for key in ("connect_errors", "read_errors", "write_errors", "timeouts")
    )
    return {
        "requests": result["requests"],
        "requests_per_second": round(result["requests"] / seconds, 1),
        "latency_ms": {q: round(result[f"{q}_us"] / 1000, 1) for q in ("p50", "p95", "p99", "max")},
        "5xx": result["server_errors"],
        "other_non_2xx_3xx": result["non_2xx_3xx"] - result["server_errors"],
        "socket_errors": socket_errors,
    }


def machine():
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores, {memory:.0f} GiB, {platform.system()} {platform.release()}"


class Gunicorn:
    """gunicorn with the project's gunicorn.conf.py, in its own process group (stopping
    it stops its workers too)."""

    def __init__(self, env):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {**env, "BIND": f"127.0.0.1:{self.port}"}
        self.log_path = Path(tempfile.gettempdir()) / f"loadtest-gunicorn-{self.port}.log"

    def __enter__(self):
        self.log = open(self.log_path, "w")  # noqa: SIM115 - closed in __exit__
        print(f"gunicorn's log: {self.log_path}")
        self.process = subprocess.Popen(
            # No access log: a line per request would cost the run more than it tells.
            [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--access-logfile", "/dev/null"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_healthy(self.base, self.process)
        except BaseException:
            self.__exit__()  # a server that never answered must not be left running
            raise
        return self

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.log.close()


def run_mode(name, env, paths, args):
    print(f"== mode: {name}", flush=True)
    with Gunicorn(env) as server:
        bad = check_every_path(server.base, paths)
        if bad:
            raise SystemExit("these URLs do not answer 200:\n  " + "\n  ".join(bad))
        if args.warmup:
            run_wrk(server.base, paths, args.connections, args.threads, args.warmup)
        healthz = run_wrk(server.base, ["/healthz"], args.connections, args.threads, args.duration)
        mix = run_wrk(server.base, paths, args.connections, args.threads, args.duration)
    mix["fraction_of_healthz"] = round(
        mix["requests_per_second"] / max(healthz["requests_per_second"], 0.1), 3
    )
    return {"healthz": healthz, "mix": mix}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=30, help="seconds per run (default 30)")
    parser.add_argument("--warmup", type=int, default=10, help="warm-up seconds (default 10)")
    parser.add_argument("--connections", type=int, default=16, help="concurrency (default 16)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument(
        "--modes", default="warm,off", help="comma-separated: warm, off (default both)"
    )
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    if not modes or set(modes) - {"warm", "off"}:
        raise SystemExit("--modes takes warm, off or both")

    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        raise SystemExit("the load test runs on PostgreSQL: set DATABASE_URL=postgres://…")
    redis_url = os.environ.get("REDIS_URL", "")
    if not redis_url:
        print("REDIS_URL is not set: each gunicorn worker keeps its own cache (not production)")
    # The mix comes from one address; the API is not in it, but keep the limit out of the way.
    env = server_env(url, API_RATE_LIMIT="1000000/minute")
    ensure_database(url)
    sh([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], env)
    if seed_if_empty(env, python=PYTHON) != 0:
        raise SystemExit("loading the seed archive failed")
    kinds = archive_paths(env)
    paths = [path for group in kinds.values() for path in group]

    load = os.getloadavg()
    results = {}
    for mode in modes:
        mode_env = {**env, "PAGE_CACHE": "true" if mode == "warm" else "false"}
        results[mode] = run_mode(mode, mode_env, paths, args)

    workers = os.environ.get("GUNICORN_WORKERS", f"default ({os.cpu_count() * 2 + 1})")
    threads = os.environ.get("GUNICORN_THREADS", "default (4)")
    report = {
        "date": datetime.date.today().isoformat(),
        "machine": machine(),
        "load_average_at_start": [round(x, 2) for x in load],
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "gunicorn": f"workers {workers}, threads {threads}",
        "cache": "redis" if redis_url else "per-process memory",
        "connections": args.connections,
        "seconds_per_run": args.duration,
        "urls": {kind: len(group) for kind, group in kinds.items()},
        "modes": results,
    }
    print(json.dumps(report, indent=2, ensure_ascii=False))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print()
    columns = ("req/s", "p50 ms", "p95 ms", "p99 ms")
    print(f"{'mode':<6} {'run':<8} " + " ".join(f"{c:>8}" for c in columns) + "  of healthz")
    failed = False
    for mode, runs in results.items():
        for run in ("healthz", "mix"):
            r = runs[run]
            share = f"{r['fraction_of_healthz']:.0%}" if "fraction_of_healthz" in r else ""
            lat = r["latency_ms"]
            print(
                f"{mode:<6} {run:<8} {r['requests_per_second']:>8} {lat['p50']:>8} "
                f"{lat['p95']:>8} {lat['p99']:>8} {share:>11}"
            )
            failed = failed or bool(r["5xx"] or r["socket_errors"])
    if failed:
        print("FAILED: 5xx responses or socket errors", file=sys.stderr)
        return 1
    print("OK: no 5xx, no socket errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
