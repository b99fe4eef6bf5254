import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from articles.models import Actor, Alias, Article, Mention, Precision, Source, Topic


@pytest.fixture
def actors(db):
    """Two actors with the spellings the seeds use."""
    luka = Actor.objects.create(name="Alexander Lukashenko", kind=Actor.Kind.PERSON, country="BY")
    for name in ("Alexander Lukashenko", "Lukashenko", "Lukashenka", "Лукашэнка"):
        Alias.objects.create(actor=luka, name=name)
    regiment = Actor.objects.create(name="Kastus Kalinouski Regiment", kind=Actor.Kind.ARMED_UNIT)
    for name in ("Kastus Kalinouski Regiment", "Kalinoŭski regiment"):
        Alias.objects.create(actor=regiment, name=name)
    return {"luka": luka, "regiment": regiment}


def record(n=1, **fields):
    data = {
        "title": f"Border guard crosses into Ukraine {n}",
        "body": f"Paragraph one of {n}.\n\nParagraph two.",
        "source": "Newsweek",
        "published": "2022-07-13",
        "url": f"https://example.org/{n}",
    }
    data.update(fields)
    return {k: v for k, v in data.items() if v is not ...}


def write(tmp_path, lines, name="in.jsonl"):
    path = tmp_path / name
    path.write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n"
    )
    return path


def run(path, *args):
    out, err = StringIO(), StringIO()
    try:
        call_command("import_articles", str(path), *args, stdout=out, stderr=err)
    except CommandError as exc:
        return False, out.getvalue(), err.getvalue() + str(exc)
    return True, out.getvalue(), err.getvalue()


def test_bad_date_on_line_3_and_unknown_actor_on_line_5_are_both_reported_and_nothing_is_written(
    tmp_path, actors
):
    path = write(
        tmp_path,
        [
            record(1),
            record(2, actors=["Lukashenka"]),
            record(3, published="2022-13-45"),
            record(4, topics=["Defections"]),
            record(5, actors=["Lukashenka", "Wagner Group"]),
        ],
    )
    ok, out, err = run(path)
    assert not ok
    assert "line 3: published: '2022-13-45' is not a real date" in err
    assert "line 5: actors: no actor is called 'Wagner Group'" in err
    assert "nothing imported" in err
    assert err.count("line ") == 2
    assert Article.objects.count() == 0
    assert Source.objects.count() == 0 and Topic.objects.count() == 0


def test_import_creates_articles_with_dates_topics_sources_and_editor_mentions(tmp_path, actors):
    Source.objects.create(name="Foreign Policy", slug="foreign-policy")
    topic = Topic.objects.create(name="Volunteers", slug="volunteers")
    path = write(
        tmp_path,
        [
            record(
                1,
                published="2023-02",
                source="foreign-policy",
                retrieved_from="Ocnus.net",
                topics=["volunteers", "Belarusian volunteers"],
                actors=["Kalinoŭski regiment", "LUKASHENKO"],
                byline="Sam Skove",
                standfirst="Someday, soldiers hope to return home.",
            ),
            record(
                2, published="2023", url=..., source="Byline Times", language="en", status="draft"
            ),
            record(3, published=..., url=..., source="byline times"),
        ],
    )
    ok, out, err = run(path)
    assert ok, err
    assert "created 3, updated 0, unchanged 0" in out

    fp = Article.objects.get(original_url="https://example.org/1")
    assert fp.source.name == "Foreign Policy"
    assert fp.retrieved_from.name == "Ocnus.net"
    assert (fp.date_iso, fp.published_precision) == ("2023-02", Precision.MONTH)
    assert fp.status == Article.Status.PUBLISHED and fp.language == "en"
    assert fp.byline == "Sam Skove"
    assert fp.body_sha256 == Article.compute_sha256(fp.body)
    assert fp.slug == "border-guard-crosses-into-ukraine-1"
    assert set(fp.topics.values_list("name", flat=True)) == {"Volunteers", "Belarusian volunteers"}
    assert topic in fp.topics.all()
    editor_mentions = fp.mentions.filter(origin=Mention.Origin.EDITOR, rejected=False)
    assert set(editor_mentions.values_list("actor__slug", flat=True)) == {
        actors["luka"].slug,
        actors["regiment"].slug,
    }
    assert fp.history.count() == 1

    bt2 = Article.objects.get(title__endswith=" 2")
    assert (bt2.date_iso, bt2.published_precision, bt2.status) == ("2023", Precision.YEAR, "draft")
    bt3 = Article.objects.get(title__endswith=" 3")
    assert (bt3.published_on, bt3.published_precision) == (None, Precision.UNKNOWN)
    # "Byline Times" and "byline times" are one new source.
    assert bt2.source_id == bt3.source_id
    assert Source.objects.count() == 3


def test_importing_twice_creates_no_duplicates_and_reports_unchanged(tmp_path, actors):
    lines = [
        record(1, actors=["Lukashenka"], topics=["Sanctions"]),
        record(2, url=..., published="2023-09"),
        record(3, url=..., published=...),
    ]
    path = write(tmp_path, lines)
    assert run(path)[0]
    first = list(
        Article.objects.order_by("id").values_list("id", "slug", "body_sha256", "updated_at")
    )
    ok, out, err = run(path)
    assert ok, err
    assert "created 0, updated 0, unchanged 3" in out
    assert (
        list(Article.objects.order_by("id").values_list("id", "slug", "body_sha256", "updated_at"))
        == first
    )
    assert (
        Mention.objects.count() == 1 and Topic.objects.count() == 1 and Source.objects.count() == 1
    )


def test_a_changed_record_updates_its_article(tmp_path, actors):
    assert run(write(tmp_path, [record(1), record(2, url=...)]))[0]
    article = Article.objects.get(original_url="https://example.org/1")
    changed = write(
        tmp_path,
        [
            record(1, body="A corrected body.", actors=["Lukashenko"]),
            record(2, url=..., byline="Newsweek staff"),
        ],
        name="changed.jsonl",
    )
    ok, out, err = run(changed)
    assert ok, err
    assert "created 0, updated 2, unchanged 0" in out
    article.refresh_from_db()
    assert article.body == "A corrected body."
    assert article.body_sha256 == Article.compute_sha256("A corrected body.")
    assert article.mentions.get().actor == actors["luka"]
    # Matched by source, title and date when the record has no URL.
    assert Article.objects.get(title__endswith=" 2").byline == "Newsweek staff"
    assert Article.objects.count() == 2


def test_an_editor_rejected_or_detected_mention_becomes_an_editor_mention_on_import(
    tmp_path, actors
):
    assert run(write(tmp_path, [record(1)]))[0]
    article = Article.objects.get()
    Mention.objects.create(
        article=article, actor=actors["luka"], origin=Mention.Origin.DETECTED, count=2
    )
    ok, out, _ = run(write(tmp_path, [record(1, actors=["Lukashenka"])], name="again.jsonl"))
    assert ok and "updated 1" in out
    mention = article.mentions.get()
    assert (mention.origin, mention.rejected) == (Mention.Origin.EDITOR, False)


def test_every_kind_of_bad_line_is_reported_with_its_line_and_field(tmp_path, actors):
    Article.objects.create(
        title="Existing",
        body="b",
        source=Source.objects.create(name="X"),
        original_url="https://example.org/existing",
        status="published",
        published_precision=Precision.UNKNOWN,
    )
    path = write(
        tmp_path,
        [
            "{not json",  # 1
            "[1, 2]",  # 2
            "",  # 3 blank: skipped
            json.dumps({"body": "b", "source": "s"}),  # 4
            record(5, title=7, topics="Sanctions"),  # 5
            record(6, language="xx", status="hidden"),  # 6
            record(7, url="https://example.org/1"),  # 7
            record(8, url="https://example.org/1"),  # 8
            record(9, url="javascript:alert(1)"),  # 9
            record(10, title="nul\u0000byte"),  # 10
            record(11, colour="red"),  # 11
            record(12, body="   \n  "),  # 12
            record(13, actors=["Lukashenka", ""]),  # 13
            record(14, title="x" * 301),  # 14
            record(15, published="July 2022"),  # 15
        ],
    )
    ok, _, err = run(path)
    assert not ok
    expected = [
        "line 1: record: not valid JSON",
        "line 2: record: must be a JSON object, not a list",
        "line 4: title: is required",
        "line 5: title: must be a string, not a number",
        "line 5: topics: must be a list of strings",
        "line 6: language: 'xx' is not a known language",
        "line 6: status: 'hidden' must be 'published' or 'draft'",
        "line 8: url: also on line 7",
        "line 9: url: 'javascript:alert(1)' is not an http(s) URL",
        "line 10: title: contains a NUL byte",
        "line 11: colour: unknown field",
        "line 12: body: must not be empty",
        "line 13: actors: contains an empty name",
        "line 14: title: is longer than 300 characters",
        "line 15: published: 'July 2022' is not a date of the form YYYY-MM-DD, YYYY-MM or YYYY",
    ]
    for message in expected:
        assert message in err, message
    assert "line 3" not in err and "line 7:" not in err
    assert Article.objects.count() == 1


def test_raw_nul_bytes_and_invalid_utf8_are_reported_not_crashed_on(tmp_path, db):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(json.dumps(record(1)).encode() + b"\n\x00\x00\n\xff\xfe{}\n")
    ok, _, err = run(path)
    assert not ok
    assert "line 2: record: contains a NUL byte" in err
    assert "line 3: record: not UTF-8 text" in err


def test_two_records_with_one_source_title_and_date_and_no_url_are_refused(tmp_path, db):
    path = write(tmp_path, [record(1, url=...), record(1, url=..., body="Other body.")])
    ok, _, err = run(path)
    assert not ok
    assert "line 2: record: same source, title and date as line 1" in err


def test_dry_run_validates_and_reports_but_writes_nothing(tmp_path, actors):
    path = write(tmp_path, [record(1, topics=["New topic"], actors=["Lukashenka"]), record(2)])
    ok, out, err = run(path, "--dry-run")
    assert ok, err
    assert "would create 2, would update 0, unchanged 0" in out
    assert (
        Article.objects.count() == 0 and Topic.objects.count() == 0 and Source.objects.count() == 0
    )

    bad = write(tmp_path, [record(1, published="2022-02-30")], name="bad.jsonl")
    ok, _, err = run(bad, "--dry-run")
    assert not ok and "line 1: published:" in err


def test_a_missing_file_is_a_clean_command_error(tmp_path, db):
    ok, _, err = run(tmp_path / "missing.jsonl")
    assert not ok and "cannot read" in err


def test_query_count_does_not_grow_with_the_number_of_records(tmp_path, actors):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for(n, offset):
        lines = [record(offset + i, actors=["Lukashenka"], topics=["Sanctions"]) for i in range(n)]
        path = write(tmp_path, lines, name=f"{n}.jsonl")
        with CaptureQueriesContext(connection) as ctx:
            assert run(path)[0]
        return len(ctx.captured_queries)

    Topic.objects.create(name="Sanctions")
    Source.objects.create(name="Newsweek")
    small, large = queries_for(5, 0), queries_for(50, 100)
    # Lookups, writes, detection and search vectors are batched; SQLite's parameter
    # limit may split a batch of 50 in two.
    assert large - small <= 3, (small, large)


def test_imported_articles_get_detected_mentions_and_ascii_slugs(tmp_path, actors):
    path = write(
        tmp_path,
        [
            record(
                1,
                title="Лукашэнка і вайна",
                body="Лукашэнка сказаў.\n\nThe Kalinoŭski regiment replied.",
            ),
            record(2, body="Nobody is named here."),
        ],
    )
    assert run(path)[0]
    article = Article.objects.get(original_url="https://example.org/1")
    assert article.slug == "lukashenka-i-vaina"
    detected = article.mentions.filter(origin=Mention.Origin.DETECTED)
    assert set(detected.values_list("actor", flat=True)) == {
        actors["luka"].pk,
        actors["regiment"].pk,
    }
    assert not Article.objects.get(original_url="https://example.org/2").mentions.exists()


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="search vectors are PostgreSQL-only")
def test_imported_articles_are_found_by_full_text_search(tmp_path, actors):
    path = write(tmp_path, [record(1, body="Sanctions on the railway network.")])
    assert run(path)[0]
    assert Article.objects.filter(search_vector__isnull=True).count() == 0
    assert Article.objects.filter(search_vector="railways").count() == 1


def test_a_name_two_actors_share_is_an_error_naming_both(tmp_path, actors):
    other = Actor.objects.create(name="Lukashenko junior", kind=Actor.Kind.PERSON)
    Alias.objects.create(actor=other, name="Lukashenka")
    ok, _, err = run(write(tmp_path, [record(1, actors=["Lukashenka"])]))
    assert not ok
    assert (
        "line 1: actors: 'Lukashenka' could be any of: Alexander Lukashenko, Lukashenko junior"
        in err
    )
    assert not Article.objects.exists()
