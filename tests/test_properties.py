"""Any input: generated requests to every public URL never get a 5xx, and do bounded work.

Hypothesis writes the query strings: random Unicode with NUL bytes, invalid UTF-8,
huge integers, real and impossible dates, repeated keys, 100 kB values, unknown
parameters, and slugs for the detail routes. The seed archive is loaded once for the
module; requests are GETs and write nothing, so the examples share it.

The default profile is derandomized (the same examples on every run, so CI does not
flake); HYPOTHESIS_PROFILE=explore runs many more random ones locally.
"""

import os
from urllib.parse import quote, quote_from_bytes, urlencode

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.filters import MAX_VALUES

settings.register_profile(
    "ci",
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "explore",
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# The work one answer may do, whatever the request: how many SQL statements, and how many
# subqueries the widest may hold. What a request can make grow, these catch (a subquery per
# repeated value, a query per row); time is the benchmarks' measure, and in production
# PostgreSQL's statement_timeout bounds it.
MAX_QUERIES = 20  # the most any page runs on the seed is 10
MAX_SUBQUERIES = 20  # SELECTs in one statement (the facets' query, the widest, has 11)

# Values the archive really holds, so generated requests also reach the code past validation.
SLUGS = [
    "newsweek",
    "foreign-policy",
    "byline-times",
    "alexander-lukashenko",
    "kastus-kalinouski-regiment",
    "wagner-group",
    "sanctions",
]
CHOICES = ["newest", "oldest", "relevance", "en", "be", "ru", "uk", "denied", "reported", "person"]
WORDS = ["Lukashenka", "Лукашэнка", "Kalinoŭski", '"border guard"', "-Wagner", "OR", "a OR -"]

ARTICLE_KEYS = ["q", "source", "topic", "actor", "date_after", "date_before", "language", "sort"]
EVENT_KEYS = ["q", "source", "topic", "actor", "date_after", "date_before", "status", "kind"]

# Every public list, grouped by the parameters it reads (all paginate by `page` too):
# one property test per group, each request drawn for one of the group's URLs.
LISTS = {
    "article filters": (
        [
            "articles:article_list",
            "articles:article_feed",
            "articles:export_csv",
            "articles:export_json",
        ],
        ARTICLE_KEYS,
    ),
    "event filters": (["articles:event_list"], EVENT_KEYS),
    "actor filters": (["articles:actor_list"], ["q", "kind"]),
    "search": (["articles:search"], ["q"]),
    "plain lists": (
        [
            "articles:home",
            "articles:source_list",
            "articles:topic_list",
            "articles:healthz",
            "robots",
        ],
        [],
    ),
    "sitemap": (["sitemap"], ["p", "section"]),
}
# Detail pages of existing records; the actor's page also filters its articles by date.
DETAILS = {
    "actor filters": (["articles:actor_detail"], ["date_after", "date_before"]),
    "other details": (
        [
            "articles:article_detail",
            "articles:article_bibtex",
            "articles:event_detail",
            "articles:source_detail",
            "articles:topic_detail",
        ],
        [],
    ),
}
PATH_PREFIXES = ["articles", "actors", "events", "sources", "topics"]

any_text = st.text(st.characters(blacklist_categories=["Cs"]), max_size=40)  # NUL included
huge_numbers = st.integers(min_value=-(10**40), max_value=10**40).map(str)
dates = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.tuples(st.integers(-99_999, 99_999), st.integers(-1, 99), st.integers(-1, 99)).map(
        lambda ymd: "{:04d}-{:02d}-{:02d}".format(*ymd)
    ),
    st.text("0123456789-/ T:Z+", max_size=25),
    st.sampled_from(["0000-01-01", "9999-12-31", "10000-01-01", "2023-02-29", "2024-02-29"]),
)
enormous = st.sampled_from(["x", "9", "Ł", "\x00", "a OR ", '"']).map(lambda c: c * 100_000)
values = st.one_of(
    any_text,
    huge_numbers,
    dates,
    st.sampled_from(SLUGS + CHOICES + WORDS),
    enormous,
)


def queries(keys):
    """A raw query string: known and unknown keys, any values, repeated keys, broken encoding."""
    key = st.one_of(st.sampled_from([*keys, "page"]), any_text)
    pairs = st.lists(st.tuples(key, values), max_size=6).map(lambda p: urlencode(p))
    invalid_utf8 = st.tuples(st.sampled_from([*keys, "page"]), st.binary(max_size=20)).map(
        lambda kv: f"{kv[0]}={quote_from_bytes(kv[1])}"
    )
    repeated = st.tuples(st.sampled_from([*keys, "page"]), values, st.integers(2, 250)).map(
        lambda kvn: urlencode([(kvn[0], kvn[1][:100])] * kvn[2])
    )
    raw = st.text("%&=;+#?[]x0\x00", max_size=30).map(lambda s: quote(s, safe="%&=;+[]"))
    parts = st.lists(st.one_of(pairs, invalid_utf8, repeated, raw), min_size=1, max_size=3)
    return parts.map("&".join)


@pytest.fixture
def seeded(seed_for_module, db):
    """The module's seed archive, each test in a savepoint over it."""


def fetch(url, query="", headers=None):
    """GET `url?query`, reading a streamed body to its end; (status, SQL statements run)."""
    client = Client(raise_request_exception=True)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, QUERY_STRING=query, headers=headers)
        if response.streaming:
            b"".join(response.streaming_content)
        else:
            response.content  # noqa: B018 - rendered already; the attribute read is the check
    return response.status_code, [query["sql"] for query in ctx.captured_queries]


def assert_answered(url, query="", headers=None):
    status, statements = fetch(url, query, headers)
    shown = f"{url}?{query[:200]}"
    assert status < 500, shown
    assert len(statements) <= MAX_QUERIES, f"{shown} ran {len(statements)} statements"
    widest = max((sql.upper().count("SELECT") for sql in statements), default=0)
    assert widest <= MAX_SUBQUERIES, f"{shown} ran a statement of {widest} SELECTs"
    return status


@pytest.mark.parametrize("group", LISTS)
def test_every_list_answers_any_query_without_a_5xx_and_with_bounded_work(seeded, group):
    names, keys = LISTS[group]

    @PROFILE
    @given(url=st.sampled_from([reverse(name) for name in names]), query=queries(keys))
    def check(url, query):
        assert_answered(url, query)

    check()


def detail_url(name):
    """The route `name` for the first record of its model."""
    from articles.models import Actor, Article, Event, Source, Topic

    models = {"article": Article, "actor": Actor, "event": Event, "source": Source, "topic": Topic}
    model = models[name.split(":")[1].split("_")[0]]
    return reverse(name, args=[model.objects.order_by("pk").values_list("slug", flat=True)[0]])


@pytest.mark.parametrize("group", DETAILS)
def test_every_detail_page_answers_any_query_without_a_5xx(seeded, group):
    names, keys = DETAILS[group]

    @PROFILE
    @given(url=st.sampled_from([detail_url(name) for name in names]), query=queries(keys))
    def check(url, query):
        assert_answered(url, query)

    check()


REPEATABLE = {"actor": "Actor", "source": "Source", "topic": "Topic"}


@pytest.mark.parametrize("key", REPEATABLE)
def test_many_values_of_a_repeatable_filter_do_bounded_work(seeded, key):
    """Real slugs, many at once, in any order and with repeats: a 400 past the limit, and
    below it the same bounded work as one value (one IN list, not a subquery each)."""
    from django.apps import apps

    existing = list(
        apps.get_model("articles", REPEATABLE[key]).objects.values_list("slug", flat=True)
    )
    lists = [
        reverse(name)
        for name in ["articles:article_list", "articles:event_list", "articles:export_csv",
                     "articles:article_feed", "api:article-list", "api:event-list"]
    ]  # fmt: skip

    @PROFILE
    @given(
        url=st.sampled_from(lists),
        chosen=st.lists(st.sampled_from(existing), min_size=1, max_size=60),
        repeats=st.integers(1, 3),
    )
    def check(url, chosen, repeats):
        status = assert_answered(url, urlencode([(key, slug) for slug in chosen * repeats]))
        assert status == (400 if len(set(chosen)) > MAX_VALUES else 200), (url, len(set(chosen)))

    check()


slugs = st.one_of(
    st.from_regex(r"[-a-zA-Z0-9_]{1,300}", fullmatch=True),  # reaches the view: 404 or a page
    st.sampled_from(SLUGS).map(lambda s: s + "-2"),
    any_text.filter(bool),  # most do not match the route at all: the resolver's 404
    enormous,
)


@PROFILE
@given(prefix=st.sampled_from(PATH_PREFIXES), slug=slugs, bib=st.booleans())
def test_detail_routes_answer_random_slugs_with_404_or_a_page(seeded, prefix, slug, bib):
    suffix = "cite.bib" if bib and prefix == "articles" else ""
    status = assert_answered(f"/{prefix}/{quote(slug, safe='')}/{suffix}")
    assert status in (200, 301, 404), slug[:80]


@PROFILE
@given(path=st.lists(any_text, min_size=1, max_size=4).map(lambda p: "/".join(p)))
def test_unknown_paths_are_404_not_500(seeded, path):
    status = assert_answered("/" + quote(path, safe="/"))
    assert status in (200, 301, 400, 404), path[:80]


@PROFILE
@given(
    host=st.one_of(
        any_text, st.sampled_from(["evil.example", "[::1", "a" * 300, "testserver:99999"])
    ),
    language=any_text,
    forwarded=st.one_of(st.just("https"), any_text),
)
def test_junk_headers_get_no_5xx(seeded, host, language, forwarded):
    encodable = [
        h.encode("latin-1", "ignore").decode("latin-1") for h in (host, language, forwarded)
    ]
    host, language, forwarded = encodable
    assert_answered(
        reverse("articles:article_list"),
        "q=Lukashenka",
        {"Host": host or "testserver", "Accept-Language": language, "X-Forwarded-Proto": forwarded},
    )


def test_the_strategies_reach_past_validation(seeded):
    """A property test that only ever sees 400s proves little: the known values get 200s."""
    assert fetch(reverse("articles:article_list"), "source=newsweek&sort=oldest")[0] == 200
    assert fetch(reverse("articles:event_list"), "status=denied&date_after=2022-01-01")[0] == 200
    assert fetch(reverse("articles:search"), urlencode({"q": "Лукашэнка"}))[0] == 200
    assert fetch(reverse("articles:export_csv"), "actor=alexander-lukashenko")[0] == 200
