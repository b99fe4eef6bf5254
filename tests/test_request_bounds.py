"""No anonymous request can make the database work without bound: repeated filter values
are capped, and as many as are accepted cost one subquery, not one each."""

import pytest
from django.core.cache import cache
from django.db import OperationalError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.filters import MAX_VALUES, ArticleFilter
from articles.models import Actor, Article, EventActor, Mention
from tests.test_hardening import UnreachableDatabase

pytestmark = pytest.mark.usefixtures("seeded")

FILTERED_LISTS = [
    "articles:article_list",
    "articles:event_list",
    "articles:export_csv",
    "articles:article_feed",
    "api:article-list",
    "api:event-list",
]


def extra_actors(count):
    """Actors beyond the seed's, so a request can name more than the seed holds."""
    return [
        Actor.objects.create(name=f"Вайсковец нумар {n}", slug=f"vaiskovets-{n}", kind="person")
        for n in range(count)
    ]


def slugs(count):
    extra_actors(max(0, count - Actor.objects.count()))
    return list(Actor.objects.order_by("id").values_list("slug", flat=True)[:count])


@pytest.mark.parametrize("name", FILTERED_LISTS)
def test_more_values_than_the_limit_is_a_400_naming_the_field(reader, name):
    response = reader.get(reverse(name), {"actor": slugs(MAX_VALUES + 1)})
    assert response.status_code == 400
    assert f"At most {MAX_VALUES} actors at a time: {MAX_VALUES + 1} were given" in (
        response.content.decode()
    )


def test_the_message_sits_beside_the_actor_field(reader):
    response = reader.get(reverse("articles:article_list"), {"actor": slugs(36)})
    assert response.status_code == 400
    assert "actor" in response.context["errors"]
    fieldset = response.content.decode().split('class="field field--slugs field--error"')[1]
    assert "At most 20 actors at a time: 36 were given" in fieldset.split("</fieldset>")[0]


@pytest.mark.parametrize("name", ["source", "topic"])
def test_every_repeatable_filter_has_the_limit(reader, name):
    response = reader.get(
        reverse("articles:article_list"),
        {name: ["x"] * 5 + [f"value-{n}" for n in range(MAX_VALUES + 1)]},
    )
    assert response.status_code == 400
    assert name in response.context["errors"]


def test_the_same_value_repeated_counts_once(reader):
    response = reader.get(
        reverse("articles:article_list"), {"actor": ["alexander-lukashenko"] * 50}
    )
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 3


def queries_for(client, name, params):
    cache.clear()  # each request renders everything: no rows or counts kept from the last
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse(name), params)
    assert response.status_code == 200, response.content[:300]
    return [query["sql"] for query in ctx.captured_queries]


@pytest.fixture
def named_together():
    """The most actors a filter takes, all named by one article and one event."""
    actors = slugs(MAX_VALUES)
    article = Article.objects.published().order_by("id").first()
    event = article.events.order_by("id").first()
    for actor in Actor.objects.filter(slug__in=actors):
        Mention.objects.get_or_create(article=article, actor=actor)
        EventActor.objects.get_or_create(event=event, actor=actor, role=EventActor.Role.WITNESS)
    return actors


@pytest.mark.parametrize("name", FILTERED_LISTS)
def test_twenty_actors_cost_the_queries_two_do(reader, name, named_together):
    """The same queries, each with the same number of subqueries: the list of actors
    grows inside one IN, instead of adding a subquery per actor to every query (the
    list, its count, each facet), which made PostgreSQL plan for seconds."""
    two, twenty = named_together[:2], named_together
    small, large = (
        queries_for(reader, name, {"actor": two}),
        queries_for(reader, name, {"actor": twenty}),
    )
    assert len(small) == len(large)
    for few, many in zip(small, large, strict=True):
        assert few.upper().count("EXISTS") == many.upper().count("EXISTS"), many[:400]


def test_actors_still_mean_all_of_them(reader):
    article = Article.objects.published().order_by("id").first()
    named = list(
        Mention.objects.shown().filter(article=article).values_list("actor__slug", flat=True)
    )
    assert len(named) >= 2
    elsewhere = Actor.objects.exclude(slug__in=named).exclude(mentions__article=article).first()

    def found(actors):
        response = reader.get(reverse("articles:article_list"), {"actor": actors})
        assert response.status_code == 200
        return {row.pk for row in response.context["page"].object_list}

    assert article.pk in found(named[:MAX_VALUES])
    assert article.pk not in found(named[:2] + [elsewhere.slug])
    # A rejected mention does not count as naming the actor.
    Mention.objects.filter(article=article, actor__slug=named[0]).update(rejected=True)
    assert article.pk not in found(named[:2])


def test_event_actors_still_mean_all_of_them(reader):
    role = EventActor.objects.order_by("id").first()
    event = role.event
    named = list(EventActor.objects.filter(event=event).values_list("actor__slug", flat=True))
    other = Actor.objects.exclude(event_roles__event=event).first()

    def found(actors):
        response = reader.get(reverse("articles:event_list"), {"actor": actors})
        assert response.status_code == 200
        return {row.pk for row in response.context["page"].object_list}

    assert event.pk in found(named)
    assert event.pk not in found(named + [other.slug])


def test_too_many_parameters_is_a_quiet_400(reader, caplog):
    params = {f"p{n}": "x" for n in range(250)}
    with caplog.at_level("INFO"):
        response = reader.get(reverse("articles:article_list"), params)
    assert response.status_code == 400
    assert not [record for record in caplog.records if record.levelname in ("ERROR", "CRITICAL")]
    assert not [record for record in caplog.records if record.exc_info]


# The time limit on a request's database work -------------------------------------------

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="statement_timeout is PostgreSQL's"
)


@pytest.fixture
def slow_source_filter(monkeypatch, settings):
    """A source filter whose query outlasts a 50 ms limit, as a hostile one would."""
    settings.PUBLIC_STATEMENT_TIMEOUT_MS = 50

    def filter_source(self, queryset, name, sources):
        # In a savepoint: the test runs in a transaction, which the cancelled statement
        # would otherwise leave unusable (a web request runs in autocommit).
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(2)")
        return queryset

    monkeypatch.setattr(ArticleFilter, "filter_source", filter_source)


@pytest.mark.postgres
@postgres_only
def test_a_request_past_the_time_limit_is_a_503_that_says_to_narrow_it(
    reader, slow_source_filter, caplog
):
    response = reader.get(reverse("articles:article_list"), {"source": "newsweek"})
    assert response.status_code == 503
    body = response.content.decode()
    assert "<h1>Request took too long</h1>" in body
    assert "Narrow it" in body
    # Logged as one line that says why, with no traceback.
    assert not [record for record in caplog.records if record.exc_info]
    assert "Statement timeout (50 ms): /articles/?source=newsweek" in caplog.text
    # The connection is usable afterwards: the next request is served.
    assert reader.get(reverse("articles:article_list")).status_code == 200


@pytest.mark.postgres
@postgres_only
def test_the_api_past_the_time_limit_is_a_json_503(reader, slow_source_filter):
    response = reader.get(reverse("api:article-list"), {"source": "newsweek"})
    assert response.status_code == 503
    assert "Narrow it" in response.json()["detail"]


def statement_timeout():
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


@pytest.mark.postgres
@postgres_only
def test_public_pages_and_the_admin_have_their_own_limits(reader, editor, settings):
    settings.PUBLIC_STATEMENT_TIMEOUT_MS = 3000
    settings.ADMIN_STATEMENT_TIMEOUT_MS = 120000
    assert reader.get(reverse("articles:home")).status_code == 200
    assert statement_timeout() == "3s"
    assert editor.get(reverse("admin:articles_article_changelist")).status_code == 200
    assert statement_timeout() == "2min"
    assert reader.get(reverse("articles:home")).status_code == 200
    assert statement_timeout() == "3s"


class UnopenedPostgres:
    """A PostgreSQL connection not opened yet, whose server is down."""

    vendor = "postgresql"
    connection = None
    in_atomic_block = False

    def close_if_health_check_failed(self):
        pass

    def ensure_connection(self):
        raise OperationalError("connection refused")


class AllUnopened:
    def all(self):
        return [UnopenedPostgres()]


def test_the_time_limit_opens_no_connection_so_healthz_still_says_503(reader, db, monkeypatch):
    """The limit waits for the request's own first query: with the database down, /healthz
    answers its 503 (and robots.txt its 200) instead of a 500 from the limit itself."""
    monkeypatch.setattr("archive.statement_timeout.connections", AllUnopened())
    monkeypatch.setattr("articles.views.health.connection", UnreachableDatabase())
    response = reader.get(reverse("articles:healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}
    assert reader.get(reverse("robots")).status_code == 200
