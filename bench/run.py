"""`make bench`: server-side latency of the archive's pages at 100,000 articles, on PostgreSQL.

Builds the benchmark database (or reuses it when it already holds enough synthetic
articles), then requests each page in process through django.test.Client with DEBUG
off, and prints one table: p50 and p95 over repeated requests after a warm-up, p50 as
a multiple of the framework's floor (a view that does no work, behind the same
middleware), the median of a few requests made each after emptying the cache
("cold": what the first reader of a large list pays), and the number of queries
the page ran (on a warm request).

    .venv/bin/python bench/run.py [--articles 100000] [--repeat 30] [--explain]

DATABASE_URL overrides the database (default postgres://postgres@127.0.0.1:5432/bench_100k).
"""

import argparse
import datetime
import gc
import logging
import os
import platform
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_100k"
os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
# Production-like: DEBUG off (no query log, no debug templates), a key, the test client's host.
os.environ["DEBUG"] = "false"
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-not-for-production")
os.environ["ALLOWED_HOSTS"] = "testserver"
os.environ.setdefault("STATIC_MANIFEST", "false")  # no collectstatic needed for a benchmark
# What rendering a page costs: the whole-page cache would answer every repeat from memory
# (bench/loadtest.py measures it, under concurrency).
os.environ.setdefault("PAGE_CACHE", "false")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")

# p95 targets in milliseconds (docs/performance.md); None: no target (the export).
TARGET_PAGE, TARGET_SEARCH = 50, 100


def ensure_database(url):
    """Create the benchmark database when it does not exist yet (a fresh clone)."""
    import psycopg
    from psycopg import sql

    params = psycopg.conninfo.conninfo_to_dict(_libpq(url))
    try:
        psycopg.connect(**params).close()
        return
    except psycopg.OperationalError as exc:
        if "does not exist" not in str(exc):
            raise
    name = params["dbname"]
    with psycopg.connect(**{**params, "dbname": "postgres"}, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    print(f"Created database {name}.")


def _libpq(url):
    return url.replace("postgres://", "postgresql://", 1)


def build(articles, seed):
    from django.core.management import call_command

    from articles.models import Article
    from bench.corpus import PREFIX

    call_command("migrate", verbosity=0)
    if not Article.objects.exclude(slug__startswith=PREFIX).exists():
        try:
            call_command("seed", verbosity=0)
        except Exception as exc:  # the benchmark does not need the seed; say so and go on
            print(f"Seed archive not loaded ({exc}); continuing without it.")
    have = Article.objects.filter(slug__startswith=PREFIX).count()
    if have >= articles:
        print(f"Reusing the database: {have:,} synthetic articles.")
        return
    print(f"Building {articles:,} synthetic articles (the database holds {have:,}) …", flush=True)
    call_command("generate_corpus", articles=articles, seed=seed, clear=True)


class Page:
    def __init__(self, name, url, target=TARGET_PAGE, kind="html"):
        self.name, self.url, self.target, self.kind = name, url, target, kind
        self.times, self.status, self.queries, self.note, self.rows = [], None, [], "", None
        self.cold = []  # each after emptying the cache: what the first reader of a view pays

    def p(self, q):
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def pages():
    """The pages the budgets cover, with real slugs and words from the benchmark database."""
    from django.db.models import Count, Sum
    from django.urls import reverse

    from articles.models import Actor, Article, Source, Topic
    from bench.corpus import PREFIX, RARE_WORD

    synthetic = Article.objects.published().filter(slug__startswith=PREFIX)
    source = (
        Source.objects.filter(slug__startswith=PREFIX)
        .annotate(n=Count("articles"))
        .order_by("-n")[0]
    )
    topic = Topic.objects.filter(slug__startswith=PREFIX).order_by("slug")[0]
    top = (
        Actor.objects.filter(slug__startswith=PREFIX)
        .annotate(n=Sum("mentions__count"))
        .order_by("-n")[0]
    )
    alias = top.aliases.exclude(name=top.name).order_by("language").first() or top.aliases.first()
    article = synthetic.order_by("id")[synthetic.count() // 2]
    # A date from which the newest published articles number about a thousand.
    since = (
        synthetic.exclude(published_on=None)
        .newest_first()
        .values_list("published_on", flat=True)[999]
    )
    articles = reverse("articles:article_list")
    search = reverse("articles:search")
    return [
        Page("floor (no-op view)", "/bench-floor/", target=None),
        Page("article list", articles),
        Page(
            "list: source+topic+dates",
            f"{articles}?source={source.slug}&topic={topic.slug}&date_after=2022-01-01&date_before=2024-12-31",
        ),
        Page("list: actor filter", f"{articles}?actor={top.slug}"),
        Page("search: common word", f"{search}?q=border", target=TARGET_SEARCH),
        Page(f"search: rare word ({RARE_WORD})", f"{search}?q={RARE_WORD}", target=TARGET_SEARCH),
        Page("search: actor alias", f"{search}?q={_quote(alias.name)}", target=TARGET_SEARCH),
        Page("actor profile (most named)", reverse("articles:actor_detail", args=[top.slug])),
        Page("event timeline", reverse("articles:event_list")),
        Page("article page", reverse("articles:article_detail", args=[article.slug])),
        Page("article list, page 500", f"{articles}?page=500"),
        Page(
            "CSV export (~1,000 rows)",
            f"{reverse('articles:export_csv')}?date_after={since.isoformat()}",
            target=None,
            kind="csv",
        ),
    ]


def _quote(text):
    from urllib.parse import quote

    return quote(text)


def fetch(client, url):
    """One request, with the body consumed: a streamed export is only done when it is read."""
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def classify(page, response, body):
    if response.status_code != 200:
        return f"HTTP {response.status_code}"
    if b"This page is being built" in body:
        return "placeholder"
    if page.kind == "csv":
        if not response.get("Content-Type", "").startswith("text/csv"):
            return "n/a (not CSV)"
        page.rows = body.count(b"\n") - 1
    return ""


def measure(page, client, repeat, warmup):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        response, body = fetch(client, page.url)
    page.status = response.status_code
    page.note = classify(page, response, body)
    # Queries counted on a request of their own: the debug cursor costs time.
    with CaptureQueriesContext(connection) as captured:
        fetch(client, page.url)
    page.queries = list(captured.captured_queries)
    for _ in range(repeat):
        started = time.perf_counter()
        fetch(client, page.url)
        page.times.append((time.perf_counter() - started) * 1000)
    # Counts and facets of large sets are cached (articles.paging, articles.facets):
    # the timed requests above mostly hit that cache, these never do.
    for _ in range(max(3, repeat // 5)):
        cache.clear()
        started = time.perf_counter()
        fetch(client, page.url)
        page.cold.append((time.perf_counter() - started) * 1000)


def explain(page):
    """EXPLAIN ANALYZE the page's slowest query."""
    from django.db import connection

    if not page.queries:
        return
    slowest = max(page.queries, key=lambda q: float(q["time"]))
    took = float(slowest["time"]) * 1000
    print(f"\n--- {page.name}: slowest of {len(page.queries)} queries ({took:.1f} ms)")
    print(slowest["sql"][:1500])
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
        for (line,) in cursor.fetchall():
            print("   ", line)


def print_queries(results):
    """Every query each page ran, timed on the counting request: the work behind the table."""
    for page in results[1:]:
        print(f"\n{page.name} ({len(page.queries)} queries): {page.url}")
        for query in page.queries:
            sql = " ".join(query["sql"].split())
            print(f"  {float(query['time']) * 1000:7.1f} ms  {sql[:150]}")


def machine():
    from django.db import connection

    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{datetime.date.today().isoformat()}, {cpu}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, PostgreSQL {pg}, load average {load:.1f} at start"
    )


def print_table(results, floor):
    """One Markdown table, ready to paste into docs/performance.md."""
    rows = [("page", "status", "p50 ms", "p95 ms", "× floor", "cold ms", "queries", "note")]
    for page in results:
        p50, p95 = page.p(0.5), page.p(0.95)
        notes = [page.note] if page.note else []
        if page.target and p95 > page.target:
            notes.append(f"p95 over the {page.target} ms target")
        if page.rows is not None:
            notes.append(f"{page.rows:,} rows")
        cold = sorted(page.cold)[len(page.cold) // 2] if page.cold else float("nan")
        timed = (
            ("n/a",) * 4
            if page.kind == "csv" and page.rows is None
            else (f"{p50:.1f}", f"{p95:.1f}", f"{p50 / floor:.0f}×", f"{cold:.1f}")
        )
        rows.append((page.name, str(page.status), *timed, str(len(page.queries)), "; ".join(notes)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]

    def line(cells):
        return (
            "| "
            + " | ".join(
                cell.ljust(w) if i in (0, 7) else cell.rjust(w)
                for i, (cell, w) in enumerate(zip(cells, widths, strict=True))
            )
            + " |"
        )

    print(line(rows[0]))
    print(
        "|"
        + "|".join(
            ("-" * (w + 1) + ":") if 0 < i < 7 else "-" * (w + 2) for i, w in enumerate(widths)
        )
        + "|"
    )
    for row in rows[1:]:
        print(line(row))


# What the attention chart and the event map may add to their page (docs/performance.md).
TARGET_RESEARCH = 20


def research_costs(repeat):
    """(name, warm times, cold times): the chart and the map alone, as their views build
    them (query, geometry, template), over the sets the pages show at scale."""
    from django.core.cache import cache
    from django.db.models import Count
    from django.template import Context, Template

    from articles.attention import attention
    from articles.filters import ArticleFilter, EventFilter
    from articles.models import Actor, Article, Event
    from bench.corpus import PREFIX

    top = (
        Actor.objects.filter(slug__startswith=PREFIX)
        .annotate(n=Count("mentions"))
        .order_by("-n")[0]
    )

    # As the pages draw them: through their template tags, which keep what they drew
    # until the archive changes ("warm"); "cold" empties the cache first.
    drawn = Template(
        "{% load archive_fragments %}{% if chart %}{% attention_chart series 'x' %}"
        "{% else %}{% map_of_events events %}{% endif %}"
    )

    def chart_of(queryset):
        return drawn.render(Context({"chart": True, "series": attention(queryset)}))

    def map_of(queryset):
        return drawn.render(Context({"events": queryset}))

    published = Article.objects.published()
    one_event = Event.objects.filter(place_precision="region").values_list("pk", flat=True)[0]
    cases = [
        ("chart: article list (all)", lambda: chart_of(ArticleFilter({}, queryset=published).qs)),
        ("chart: most-named actor", lambda: chart_of(published.mentioning(top))),
        ("map: timeline (all)", lambda: map_of(EventFilter({}, queryset=Event.objects.all()).qs)),
        ("map: one event", lambda: map_of(Event.objects.filter(pk=one_event))),
    ]
    measured = []
    for name, build in cases:
        warm, cold = [], []
        for _ in range(3):
            build()
        for _ in range(repeat):
            started = time.perf_counter()
            build()
            warm.append((time.perf_counter() - started) * 1000)
        for _ in range(max(3, repeat // 5)):
            cache.clear()
            started = time.perf_counter()
            build()
            cold.append((time.perf_counter() - started) * 1000)
        measured.append((name, warm, cold))
    return measured


def print_research_costs(repeat):
    def pct(times, q):
        ordered = sorted(times)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    print(f"\nWhat the chart and the map add to their page (target {TARGET_RESEARCH} ms):\n")
    print("| part | warm p50 ms | warm p95 ms | cold p50 ms | cold p95 ms |")
    print("|---|---:|---:|---:|---:|")
    for name, warm, cold in research_costs(repeat):
        print(
            f"| {name} | {pct(warm, 0.5):.1f} | {pct(warm, 0.95):.1f} | {pct(cold, 0.5):.1f} "
            f"| {pct(cold, 0.95):.1f} |"
        )


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument(
        "--explain",
        action="store_true",
        help="EXPLAIN ANALYZE the slowest query of every page (default: pages over target)",
    )
    parser.add_argument(
        "--research-only",
        action="store_true",
        help="measure only what the attention chart and the event map add",
    )
    args = parser.parse_args()

    url = os.environ["DATABASE_URL"]
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("The benchmark measures PostgreSQL; set DATABASE_URL to a postgres:// URL.")
    ensure_database(url)

    import django

    django.setup()
    # A missing staticfiles/ (no collectstatic) and the 404s of a small corpus's page 500
    # are not the benchmark's business.
    warnings.filterwarnings("ignore", message="No directory at")
    logging.getLogger("django.request").setLevel(logging.ERROR)
    from django.test import Client, override_settings

    build(args.articles, args.seed)
    print(machine())
    if args.research_only:
        print_research_costs(args.repeat)
        return
    with override_settings(ROOT_URLCONF="bench.urls"):
        client = Client()
        results = pages()
        # As archive/wsgi.py does in a worker: load everything once, then freeze it so
        # full garbage collections do not walk the long-lived objects.
        for page in results:
            fetch(client, page.url)
        gc.freeze()
        for page in results:
            measure(page, client, args.repeat, args.warmup)
            print(f"  measured {page.name}", file=sys.stderr, flush=True)
        floor = results[0].p(0.5)
        print(
            f"\n{args.repeat} timed requests per page after {args.warmup} warm-up; "
            f"floor p50 {floor:.2f} ms.\n"
        )
        print_table(results, floor)
        print_queries(results)
        for page in results[1:]:
            if args.explain or (page.target and page.p(0.95) > page.target):
                explain(page)
        print_research_costs(args.repeat)


if __name__ == "__main__":
    main()
