import csv
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.detection import detect_mentions
from articles.models import Actor, Article, Event, Mention, Precision, Source, Topic


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
    return list(csv.DictReader(io.StringIO(content(response).removeprefix("\ufeff"))))


def export_jsonl(client, **params):
    response = client.get(reverse("articles:export_jsonl"), params)
    assert response.status_code == 200, response.content
    return content(response)


def import_file(path, *args):
    out = io.StringIO()
    call_command("import_articles", str(path), *args, stdout=out)
    return out.getvalue()


def snapshot():
    """What must survive a round trip, keyed by title: every field an editor sets, and
    each mention with its origin (an editor's or detection's) and whether it is rejected.
    A detected mention's count comes back from the text; an editor's is not in the import
    format."""
    return {
        a.title: (
            a.body,
            a.body_sha256,
            a.source.name,
            a.retrieved_from.name if a.retrieved_from else None,
            a.original_url,
            a.date_iso,
            a.published_precision,
            a.date_note,
            a.byline,
            a.standfirst,
            a.language,
            a.status,
            a.archived_at,
            sorted(t.name for t in a.topics.all()),
            sorted(s.name for s in a.cited_sources.all()),
            sorted(
                (m.actor.name, m.origin, m.rejected, m.count if m.origin == "detected" else None)
                for m in a.mentions.all()
            ),
        )
        for a in Article.objects.published().prefetch_related(
            "topics", "cited_sources", "mentions__actor"
        )
    }


@pytest.fixture
def mixed_mentions(seeded):
    """The seed with mentions of every origin: one article's found by detection, one of
    them then rejected by an editor; the other articles' set by editors."""
    article = Article.objects.get(source__slug="foreign-policy")
    article.mentions.all().delete()
    detect_mentions(Article.objects.filter(pk=article.pk))
    rejected = article.mentions.get(actor__name="Vladimir Putin")
    rejected.origin, rejected.rejected = Mention.Origin.EDITOR, True
    rejected.save()
    assert article.mentions.filter(origin=Mention.Origin.DETECTED).count() > 5
    return article


def test_an_export_of_the_seed_imports_back_with_no_change(reader, mixed_mentions, tmp_path):
    before = snapshot()
    path = tmp_path / "seed.jsonl"
    path.write_text(export_jsonl(reader), encoding="utf-8")

    assert "created 0, updated 0, unchanged 3" in import_file(path)
    assert snapshot() == before


def test_an_export_imported_into_an_empty_archive_gives_the_same_articles(
    reader, mixed_mentions, tmp_path
):
    before = snapshot()
    assert len(before) == 3
    path = tmp_path / "export.jsonl"
    path.write_text(export_jsonl(reader), encoding="utf-8")

    # Empty the archive of everything the import brings; actors (and their aliases)
    # are the vocabulary an import names, so they stay.
    Event.objects.all().delete()
    Article.objects.all().delete()
    Source.objects.all().delete()
    Topic.objects.all().delete()
    assert Actor.objects.exists()

    out = import_file(path, "--create-missing")
    assert "created 3, updated 0, unchanged 0" in out
    assert snapshot() == before
    assert "created 0, updated 0, unchanged 3" in import_file(path)


def test_export_jsonl_is_one_import_record_per_line_with_editor_decisions_only(
    reader, mixed_mentions
):
    article = mixed_mentions
    detected_names = set(
        article.mentions.filter(origin=Mention.Origin.DETECTED).values_list(
            "actor__name", flat=True
        )
    )
    assert detected_names
    text = export_jsonl(reader, source="foreign-policy")
    lines = text.splitlines()
    assert len(lines) == 1 and text.endswith("\n")
    data = json.loads(lines[0])
    assert list(data) == [
        "title", "url", "source", "retrieved_from", "published", "date_note", "byline",
        "standfirst", "language", "status", "archived_at", "topics", "cited_sources", "actors",
        "rejected_actors", "body",
    ]  # fmt: skip
    assert data["title"] == "Meet the Belarusian Regiment Fighting for Ukraine"
    assert (data["source"], data["retrieved_from"]) == ("Foreign Policy", "Ocnus.net")
    assert data["published"] == "2023-02-20"
    assert data["body"] == article.body
    # Detected mentions are found again from the text: writing them as "actors" would
    # make them editors' decisions on the way back.
    assert not detected_names & set(data["actors"])
    assert (data["actors"], data["rejected_actors"]) == ([], ["Vladimir Putin"])
    # UTF-8 as written, not \u escapes: a person can read and edit the file.
    assert "\\u" not in text


def test_export_jsonl_takes_the_filters_and_answers_a_bad_one_with_400(reader, seeded):
    luka = Actor.objects.get(slug="alexander-lukashenko")
    text = export_jsonl(reader, actor=luka.slug, date_after="2023-01-01")
    assert sorted(json.loads(line)["source"] for line in text.splitlines()) == [
        "Byline Times",
        "Foreign Policy",
    ]
    response = reader.get(reverse("articles:export_jsonl"), {"date_after": "2023-02-30"})
    assert response.status_code == 400
    assert "date_after" in response.json()["errors"]


def test_the_article_list_links_to_every_export_of_what_it_shows(reader, seeded):
    response = reader.get(reverse("articles:article_list"), {"topic": "sanctions"})
    body = response.content.decode()
    for name in ("export_csv", "export_json", "export_jsonl"):
        assert f'href="{reverse(f"articles:{name}")}?topic=sanctions"' in body, name


def test_export_jsonl_queries_do_not_grow_with_the_number_of_articles(
    reader, seeded, django_assert_num_queries
):
    # articles (with sources) + topics + cited sources + editor mentions with actors
    with django_assert_num_queries(4):
        assert len(export_jsonl(reader).splitlines()) == 3
    newsweek = Source.objects.get(slug="newsweek")
    for n in range(5):
        Article.objects.create(
            title=f"Another {n}", body="Lukashenko.", source=newsweek, published_on="2022-01-01",
            status=Article.Status.PUBLISHED,
        )  # fmt: skip
    with django_assert_num_queries(4):
        assert len(export_jsonl(reader).splitlines()) == 8


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
    text = content(response)
    # A byte-order mark first: spreadsheets then read the file as UTF-8, Cyrillic intact.
    assert text.startswith("\ufefftitle,")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert len(rows) == 3
    assert list(rows[0]) == [
        "title", "archive_url", "url", "source", "retrieved_from", "published", "precision",
        "byline", "standfirst", "language", "status", "topics", "actors", "events", "sha256",
        "archived_from", "captured_at", "snapshot_sha256", "snapshot_warc",
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
    search = {"q": "Kalinowski Regiment"}
    rows = (
        export_csv(reader, **search)
        if name == "export_csv"
        else export_json(reader, **search)["results"]
    )
    assert [r["source"] for r in rows] == ["Foreign Policy"]


@pytest.mark.parametrize("name", ["export_csv", "export_json", "export_jsonl"])
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
    if name != "export_csv":
        assert field in response.json()["errors"]
    else:
        assert response["Content-Type"].startswith("text/plain")
        assert f"\n{field}: " in response.content.decode()


def test_export_queries_do_not_grow_with_the_number_of_articles(
    reader, seeded, django_assert_num_queries
):
    # count + articles (with sources) + topics + mentions with actors + events + snapshots
    with django_assert_num_queries(6):
        data = export_json(reader)
    assert data["count"] == 3
    newsweek = Source.objects.get(slug="newsweek")
    for n in range(5):
        Article.objects.create(
            title=f"Another {n}", body="Lukashenko.", source=newsweek, published_on="2022-01-01",
            status=Article.Status.PUBLISHED,
        )  # fmt: skip
    with django_assert_num_queries(6):
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
