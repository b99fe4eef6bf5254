import csv
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Actor, Article, Event, Precision, Source, Topic


def content(response):
    assert response.streaming
    return b"".join(response.streaming_content).decode("utf-8")


def export_json(client, **params):
    response = client.get(reverse("articles:export_json"), params)
    assert response.status_code == 200, response.content
    return json.loads(content(response))


def export_csv(client, **params):
    response = client.get(reverse("articles:export_csv"), params)
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(content(response))))


def snapshot():
    """What must survive a round trip, keyed by title."""
    return {
        a.title: (
            a.body_sha256,
            a.source.name,
            a.retrieved_from.name if a.retrieved_from else None,
            a.date_iso,
            a.published_precision,
            a.byline,
            a.standfirst,
            a.language,
            sorted(t.name for t in a.topics.all()),
            sorted(m.actor.name for m in a.shown_mentions),
        )
        for a in Article.objects.published().for_list()
    }


def test_exporting_the_seed_as_json_and_importing_it_into_an_empty_archive_gives_the_same_articles(
    reader, seeded, tmp_path
):
    before = snapshot()
    assert len(before) == 3
    results = export_json(reader)["results"]

    # Empty the archive of everything the import brings; actors (and their aliases)
    # are the vocabulary an import names, so they stay.
    Event.objects.all().delete()
    Article.objects.all().delete()
    Source.objects.all().delete()
    Topic.objects.all().delete()
    assert Actor.objects.exists()

    path = tmp_path / "export.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in results))
    out = io.StringIO()
    call_command("import_articles", str(path), stdout=out)
    assert "created 3, updated 0, unchanged 0" in out.getvalue()
    assert snapshot() == before

    out = io.StringIO()
    call_command("import_articles", str(path), stdout=out)
    assert "created 0, updated 0, unchanged 3" in out.getvalue()


def test_json_export_has_every_field_and_the_body_and_no_drafts(reader, draft):
    data = export_json(reader)
    assert data["count"] == 3 == len(data["results"])
    assert draft.title not in {r["title"] for r in data["results"]}
    fp = next(r for r in data["results"] if r["source"] == "Foreign Policy")
    assert fp["title"] == "Meet the Belarusian Regiment Fighting for Ukraine"
    assert fp["archive_url"] == "http://testserver" + reverse(
        "articles:article_detail", args=["meet-the-belarusian-regiment-fighting-for-ukraine"]
    )
    assert fp["retrieved_from"] == "Ocnus.net"
    assert (fp["published"], fp["precision"]) == ("2023-02-20", Precision.DAY)
    assert fp["byline"] == "Sam Skove"
    assert fp["language"] == "en" and fp["status"] == "published"
    assert "Belarusian volunteers in Ukraine" in fp["topics"]
    assert "Kastus Kalinouski Regiment" in fp["actors"]
    assert fp["sha256"] == Article.compute_sha256(fp["body"])
    assert fp["body"].startswith("KYIV—In the early morning of Feb. 8")
    assert set(fp) >= {"url", "events", "standfirst"}
    newsweek = next(r for r in data["results"] if r["source"] == "Newsweek")
    assert (newsweek["published"], newsweek["precision"]) == ("2022-07", Precision.MONTH)
    assert newsweek["events"]


def test_csv_export_has_a_header_and_one_row_per_published_article(reader, draft):
    response = reader.get(reverse("articles:export_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="belarus-war-archive-')
    assert response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.DictReader(io.StringIO(content(response))))
    assert len(rows) == 3
    assert list(rows[0]) == [
        "title", "archive_url", "url", "source", "retrieved_from", "published", "precision",
        "byline", "standfirst", "language", "status", "topics", "actors", "events", "sha256",
    ]  # fmt: skip
    assert "body" not in rows[0]
    # Newest first, as the list page sorts by default.
    assert [r["published"] for r in rows] == ["2023-08", "2023-02-20", "2022-07"]
    bt = rows[0]
    assert bt["source"] == "Byline Times" and bt["byline"] == ""
    assert "; " in bt["topics"]


@pytest.mark.parametrize("name", ["export_csv", "export_json"])
def test_exports_honour_filters(reader, draft, name):
    params = {"source": "newsweek"}
    if name == "export_csv":
        rows = export_csv(reader, **params)
    else:
        data = export_json(reader, **params)
        rows = data["results"]
        assert data["count"] == 1
    assert [r["title"] for r in rows] == [
        "Belarusian Border Guard Abandons Post to Fight With Ukraine: Report"
    ]
    luka = Actor.objects.get(slug="alexander-lukashenko")
    between = {"date_after": "2023-01-01", "date_before": "2023-12-31", "actor": luka.slug}
    rows = (
        export_csv(reader, **between)
        if name == "export_csv"
        else export_json(reader, **between)["results"]
    )
    assert sorted(r["source"] for r in rows) == ["Byline Times", "Foreign Policy"]
    # Full-text search, by any spelling of an actor, is a filter like the others.
    search = {"q": "Kalinowski"}
    rows = (
        export_csv(reader, **search)
        if name == "export_csv"
        else export_json(reader, **search)["results"]
    )
    assert [r["source"] for r in rows] == ["Foreign Policy"]


@pytest.mark.parametrize("name", ["export_csv", "export_json"])
@pytest.mark.parametrize(
    "params, field",
    [
        ({"source": "no-such-source"}, "source"),
        ({"date_after": "2023-02-30"}, "date_after"),
        ({"date_after": "yesterday"}, "date_after"),
        ({"topic": "bad\x00slug"}, "topic"),
        ({"sort": "random"}, "sort"),
    ],
)
def test_bad_filters_are_a_400_naming_the_field(reader, seeded, name, params, field):
    response = reader.get(reverse(f"articles:{name}"), params)
    assert response.status_code == 400
    if name == "export_json":
        assert field in response.json()["errors"]
    else:
        assert response["Content-Type"].startswith("text/plain")
        assert f"\n{field}: " in response.content.decode()


def test_export_queries_do_not_grow_with_the_number_of_articles(
    reader, seeded, django_assert_num_queries
):
    # count + articles (with sources) + topics + mentions with actors + events
    with django_assert_num_queries(5):
        data = export_json(reader)
    assert data["count"] == 3
    newsweek = Source.objects.get(slug="newsweek")
    for n in range(5):
        Article.objects.create(
            title=f"Another {n}", body="Lukashenko.", source=newsweek, published_on="2022-01-01",
            status=Article.Status.PUBLISHED,
        )  # fmt: skip
    with django_assert_num_queries(5):
        assert export_json(reader)["count"] == 8


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_quoted(reader, seeded):
    Article.objects.create(
        title='=HYPERLINK("http://evil.example","click")',
        body="Text.",
        source=Source.objects.get(slug="newsweek"),
        published_on="2024-01-01",
        status=Article.Status.PUBLISHED,
    )
    rows = export_csv(reader)
    assert rows[0]["title"] == '\'=HYPERLINK("http://evil.example","click")'
    # The JSON keeps the data exactly.
    assert export_json(reader)["results"][0]["title"].startswith("=HYPERLINK")
