"""The JSON API: every endpoint, every filter the pages have, cursor paging, drafts, limits."""

import datetime
import json
from urllib.parse import urlencode

import pytest
from django.http import QueryDict
from django.urls import reverse

from articles.api.throttling import ClientAddressThrottle
from articles.filters import ActorFilter, ArticleFilter, EventFilter
from articles.models import Actor, Article, Event, EventReport, Source


def get(client, name, *args, **params):
    return client.get(reverse(name, args=args), params)


def results(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    return response.json()["results"]


def slugs(response):
    return [row["slug"] for row in results(response)]


def page_slugs(filterset_class, queryset, params):
    """What the page's FilterSet selects for `params`, as slugs."""
    filterset = filterset_class(QueryDict(urlencode(params, doseq=True)), queryset=queryset)
    assert filterset.is_valid(), filterset.errors
    return sorted(filterset.qs.values_list("slug", flat=True))


def test_the_root_lists_every_endpoint(reader, seeded):
    response = reader.get(reverse("api:api-root"))
    assert response.status_code == 200
    assert set(response.json()) == {"articles", "actors", "events", "sources", "topics"}


def test_an_article_has_its_date_precision_provenance_and_links(reader, seeded):
    article = Article.objects.get(slug="meet-the-belarusian-regiment-fighting-for-ukraine")
    row = get(reader, "api:article-detail", article.slug).json()
    assert row["id"] == article.pk and row["slug"] == article.slug
    assert row["published"] == {
        "date": "2023-02-20",
        "precision": "day",
        "text": "2023-02-20",
        "note": article.date_note,
    }
    assert row["source"]["slug"] == "foreign-policy"
    assert row["retrieved_from"]["slug"] == "ocnus-net"  # archived from a republication
    assert row["body_sha256"] == article.body_sha256 and row["body"] == article.body
    assert row["html_url"].endswith(article.get_absolute_url())
    assert "kastus-kalinouski-regiment" in {m["actor"]["slug"] for m in row["mentions"]}
    assert "kastus-kalinouski-regiment-formed" in {e["slug"] for e in row["events"]}
    month = get(
        reader,
        "api:article-detail",
        "belarusian-border-guard-abandons-post-to-fight-with-ukraine-report",
    ).json()
    assert month["published"]["precision"] == "month"
    assert month["published"]["text"] == "2022-07"


def test_an_event_has_dates_place_verification_roles_and_outlets(reader, seeded):
    row = get(reader, "api:event-detail", "belarusian-border-guard-crosses-into-ukraine").json()
    assert row["status"] == "denied"
    assert "State Border Committee" in row["status_note"]
    assert row["dates"] == {
        "start": "2022-06-29",
        "end": None,
        "precision": "day",
        "text": "2022-06-29",
    }
    assert {(a["actor"]["slug"], a["role"]) for a in row["actors"]} >= {
        ("state-border-service-of-ukraine", "claimant")
    }
    assert row["independent_outlets"] == 1
    assert row["reports"][0]["counts_as"]["slug"] == "newsweek"
    region = get(
        reader, "api:event-detail", "russia-invades-ukraine-partly-from-belarusian-territory"
    ).json()
    assert region["place"]["precision"] == "region"
    assert region["place"]["latitude"] == pytest.approx(51.2)


def test_an_actor_has_every_alias_and_sources_and_topics_answer(reader, seeded):
    row = get(reader, "api:actor-detail", "alexander-lukashenko").json()
    names = {alias["name"] for alias in row["aliases"]}
    assert {"Lukashenka", "Лукашэнка", "Лукашенко"} <= names
    assert row["article_count"] == 3
    assert get(reader, "api:source-detail", "ocnus-net").json()["kind"] == "aggregator"
    assert (
        get(reader, "api:topic-detail", "regime-complicity").json()["name"] == "Regime complicity"
    )
    assert "newsweek" in slugs(get(reader, "api:source-list"))
    assert "sanctions" in slugs(get(reader, "api:topic-list"))


ARTICLE_FILTERS = [
    {"q": "Лукашэнка"},  # an alias in Belarusian Cyrillic: every article naming him
    {"q": "Kalinowski"},
    {"q": '"border guard"'},
    {"source": ["newsweek", "byline-times"]},
    {"topic": "regime-complicity"},
    {"actor": ["alexander-lukashenko", "kastus-kalinouski-regiment"]},
    {"date_after": "2023-01-01"},
    {"date_before": "2022-12-31"},
    {"language": "en"},
    {"sort": "oldest", "source": "foreign-policy"},
]


@pytest.mark.parametrize("params", ARTICLE_FILTERS, ids=lambda p: "&".join(p))
def test_article_filters_select_what_the_page_selects(reader, seeded, draft, params):
    found = slugs(get(reader, "api:article-list", **params))
    assert sorted(found) == page_slugs(ArticleFilter, Article.objects.published(), params)
    assert draft.slug not in found


def test_the_article_list_sorts_as_asked(reader, seeded):
    newest = slugs(get(reader, "api:article-list"))
    oldest = slugs(get(reader, "api:article-list", sort="oldest"))
    assert newest == list(reversed(oldest)) and len(newest) == 3
    assert (
        newest[0] == "belarus-is-complicit-in-russias-war-crimes-and-should-be-punished-accordingly"
    )


EVENT_FILTERS = [
    {"q": "Lukashenka"},
    {"q": "Wagner"},
    {"source": "newsweek"},
    {"topic": "wagner-group-in-belarus"},
    {"actor": "alexander-lukashenko"},
    {"date_after": "2023-01-01"},
    {"date_before": "2021-12-31"},
    {"status": ["denied", "reported"]},
    {"kind": "military"},
    {"outlets": "1"},
    {"outlets": "2"},
]


@pytest.mark.parametrize("params", EVENT_FILTERS, ids=lambda p: "&".join(p))
def test_event_filters_select_what_the_timeline_selects(reader, seeded, params):
    found = slugs(get(reader, "api:event-list", **params))
    assert sorted(found) == page_slugs(EventFilter, Event.objects.all(), params)


@pytest.mark.parametrize(
    "params", [{"q": "Lukashenka"}, {"q": "лукашенко"}, {"kind": "armed_unit"}]
)
def test_actor_filters_select_what_the_actor_list_selects(reader, seeded, params):
    found = slugs(get(reader, "api:actor-list", **params))
    assert found and sorted(found) == page_slugs(ActorFilter, Actor.objects.all(), params)


def test_the_seed_events_are_each_reported_by_one_outlet(reader, seeded):
    assert len(slugs(get(reader, "api:event-list", outlets=1))) == Event.objects.count() == 14
    assert slugs(get(reader, "api:event-list", outlets=2)) == []


@pytest.mark.parametrize(
    "name, params, field",
    [
        ("api:article-list", {"date_after": "yesterday"}, "date_after"),
        ("api:article-list", {"date_after": "2023-02-30"}, "date_after"),
        (
            "api:article-list",
            {"date_after": "2023-05-01", "date_before": "2023-01-01"},
            "date_before",
        ),
        ("api:article-list", {"source": "no-such-outlet"}, "source"),
        ("api:article-list", {"actor": "bad\x00slug"}, "actor"),
        ("api:article-list", {"sort": "loudest"}, "sort"),
        ("api:article-list", {"language": "xx"}, "language"),
        ("api:article-list", {"q": "x" * 1001}, "q"),
        ("api:article-list", {"page_size": "0"}, "page_size"),
        ("api:article-list", {"cursor": "not-a-cursor"}, "cursor"),
        ("api:event-list", {"status": "rumoured"}, "status"),
        ("api:event-list", {"outlets": "2.5"}, "outlets"),
        ("api:event-list", {"outlets": "0"}, "outlets"),
        ("api:event-list", {"kind": "alien"}, "kind"),
        ("api:actor-list", {"kind": "wizard"}, "kind"),
        ("api:source-list", {"page_size": "1000"}, "page_size"),
    ],
)
def test_bad_values_are_a_400_with_the_field_and_its_message(reader, seeded, name, params, field):
    response = get(reader, name, **params)
    assert response.status_code == 400
    errors = response.json()
    assert field in errors and all(isinstance(m, str) and m for m in errors[field])


def test_a_cursor_from_another_ordering_is_refused_not_a_500(reader, seeded):
    first = get(reader, "api:source-list", page_size=1).json()  # keyed by name, id
    cursor = first["next"].split("cursor=")[1].split("&")[0]
    response = get(reader, "api:article-list", cursor=cursor)  # keyed by date, id
    assert response.status_code == 400 and "cursor" in response.json()


def test_drafts_are_absent_everywhere(reader, seeded, draft):
    event = Event.objects.get(slug="belarusian-border-guard-crosses-into-ukraine")
    EventReport.objects.create(event=event, article=draft)
    assert draft.slug not in slugs(get(reader, "api:article-list", q="crossing"))
    assert get(reader, "api:article-detail", draft.slug).status_code == 404
    row = get(reader, "api:event-detail", event.slug).json()
    assert draft.slug not in {report["article"]["slug"] for report in row["reports"]}
    assert row["independent_outlets"] == 1
    body = json.dumps([get(reader, name).json() for name in ["api:article-list", "api:event-list"]])
    assert draft.title not in body


def _many_articles(n):
    """`n` published articles, many on the same day and some undated: ties the cursor must break."""
    source = Source.objects.create(name="Synthetic Wire", slug="synthetic-wire")
    days = [datetime.date(2023, 1, 1) + datetime.timedelta(days=i % 9) for i in range(n)]
    return Article.objects.bulk_create(
        Article(
            title=f"Repeated wire copy {i}",
            slug=f"wire-copy-{i}",
            body="Тэкст навіны.",
            source=source,
            status=Article.Status.PUBLISHED,
            published_on=None if i % 13 == 0 else days[i],
            published_precision="unknown" if i % 13 == 0 else ("month" if i % 5 == 0 else "day"),
        )
        for i in range(n)
    )


def walk(client, url):
    """Every row of a list, following `next`; the ids in the order given."""
    ids, pages = [], 0
    while url:
        response = client.get(url)
        assert response.status_code == 200
        data = response.json()
        ids += [row["id"] for row in data["results"]]
        url, pages = data["next"], pages + 1
        assert pages < 200
    return ids


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_paging_through_260_articles_visits_each_exactly_once(reader, db, sort):
    created = _many_articles(260)
    ids = walk(
        reader, reverse("api:article-list") + f"?sort={sort}&page_size=7&source=synthetic-wire"
    )
    assert len(ids) == 260 and set(ids) == {a.pk for a in created}
    expected = Article.objects.filter(source__slug="synthetic-wire")
    expected = expected.newest_first() if sort == "newest" else expected.oldest_first()
    assert ids == list(expected.values_list("pk", flat=True))


def test_paging_through_255_events_of_one_month_visits_each_once(reader, db):
    Event.objects.bulk_create(
        Event(
            title=f"Падзея {i}",
            slug=f"event-{i}",
            start_date=datetime.date(2022, 3, 1 + i % 3),
            date_precision="month" if i % 4 == 0 else "day",
        )
        for i in range(255)
    )
    ids = walk(reader, reverse("api:event-list") + "?page_size=10")
    assert len(ids) == len(set(ids)) == 255
    assert ids == list(Event.objects.chronological().values_list("pk", flat=True))


def test_list_queries_do_not_grow_with_the_page(reader, seeded, django_assert_num_queries):
    # articles: page + topics, mentions, cited sources, events; events: page + topics,
    # participants, reports; actors: page + aliases; sources and topics: the page.
    expected = {
        "api:article-list": 5,
        "api:event-list": 4,
        "api:actor-list": 2,
        "api:source-list": 1,
    }
    for name, count in expected.items():
        for size in (1, 3):
            with django_assert_num_queries(count):
                assert get(reader, name, page_size=size).status_code == 200


def test_only_get_is_allowed_and_any_origin_may_read(reader, seeded):
    url = reverse("api:article-list")
    assert reader.post(url, {}).status_code == 405
    assert reader.delete(url).status_code == 405
    response = reader.get(url, HTTP_ORIGIN="https://researcher.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = reader.options(
        url, HTTP_ORIGIN="https://researcher.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert preflight.status_code == 200
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    # Not on the pages: only the API is open to other sites.
    page = reader.get(reverse("articles:article_list"), HTTP_ORIGIN="https://researcher.example")
    assert "Access-Control-Allow-Origin" not in page


@pytest.fixture
def three_a_minute(monkeypatch):
    """The API limited to three requests a minute per address, counted afresh."""
    from django.core.cache import cache

    cache.clear()
    monkeypatch.setattr(ClientAddressThrottle, "THROTTLE_RATES", {"api": "3/minute"})
    yield
    cache.clear()


def test_a_client_over_the_limit_gets_429_with_retry_after(reader, seeded, three_a_minute):
    url = reverse("api:source-list")
    for _ in range(3):
        assert reader.get(url, REMOTE_ADDR="203.0.113.7").status_code == 200
    refused = reader.get(url, REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "detail" in refused.json()
    # Another address has its own allowance.
    assert reader.get(url, REMOTE_ADDR="198.51.100.2").status_code == 200


def test_behind_a_proxy_the_limit_counts_the_client_not_the_proxy(
    reader, seeded, settings, three_a_minute
):
    settings.PROXY_COUNT = 1
    url = reverse("api:topic-list")
    for _ in range(3):
        response = reader.get(url, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
        assert response.status_code == 200
    assert (
        reader.get(url, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code
        == 429
    )
    assert (
        reader.get(url, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.10").status_code
        == 200
    )


def test_the_schema_is_openapi_3_with_the_pages_filters(reader, seeded):
    response = reader.get(reverse("api:schema"))
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    articles = schema["paths"]["/api/v1/articles/"]["get"]
    names = {p["name"] for p in articles["parameters"]}
    assert set(ArticleFilter.base_filters) | {"cursor", "page_size"} <= names
    assert {"400", "429"} <= set(articles["responses"])
    events = schema["paths"]["/api/v1/events/"]["get"]
    assert {"outlets", "status", "kind"} <= {p["name"] for p in events["parameters"]}
    assert "404" in schema["paths"]["/api/v1/events/{slug}/"]["get"]["responses"]


def test_the_documentation_page_loads_swagger_from_our_static_files(reader, seeded):
    response = reader.get(reverse("api_docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert reverse("api:schema") in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "/static/js/api-docs.js" in html
    assert "<script>" not in html and "cdn" not in html.lower()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert reader.get("/static/js/api-docs.js").status_code == 200
