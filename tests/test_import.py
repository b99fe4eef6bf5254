"""`manage.py import_articles`: what it accepts, what it refuses (and how it says so), what
it changes, and who the history says made each change."""

import json
import threading
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.importer import ImportFailed, ImportOptions, plan_import, writing
from articles.importer.records import RecordForm
from articles.models import Actor, Alias, Article, Mention, Precision, Source, Topic

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL-only behaviour"
)


@pytest.fixture
def actors(db):
    """Two actors with the spellings the seeds use, and the outlets the records name."""
    luka = Actor.objects.create(name="Alexander Lukashenko", kind=Actor.Kind.PERSON, country="BY")
    for name in ("Alexander Lukashenko", "Lukashenko", "Lukashenka", "Лукашэнка"):
        Alias.objects.create(actor=luka, name=name)
    regiment = Actor.objects.create(name="Kastus Kalinouski Regiment", kind=Actor.Kind.ARMED_UNIT)
    for name in ("Kastus Kalinouski Regiment", "Kalinoŭski regiment"):
        Alias.objects.create(actor=regiment, name=name)
    Source.objects.create(name="Newsweek")
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


# What a valid file does ---------------------------------------------------------------


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
                cited_sources=["Newsweek"],
                date_note="The copy gives the month only.",
            ),
            record(
                2, published="2023", url=..., source="Byline Times", language="en", status="draft"
            ),
            record(3, published=..., url=..., source="byline times"),
        ],
    )
    ok, out, err = run(path, "--create-missing")
    assert ok, err
    assert "created 3, updated 0, unchanged 0" in out
    assert "Created 2 sources: 'Ocnus.net', 'Byline Times'" in out
    assert "Created 1 topic: 'Belarusian volunteers'" in out

    fp = Article.objects.get(original_url="https://example.org/1")
    assert fp.source.name == "Foreign Policy"
    assert fp.retrieved_from.name == "Ocnus.net"
    assert (fp.date_iso, fp.published_precision) == ("2023-02", Precision.MONTH)
    assert fp.status == Article.Status.PUBLISHED and fp.language == "en"
    assert fp.byline == "Sam Skove"
    assert fp.date_note == "The copy gives the month only."
    assert fp.body_sha256 == Article.compute_sha256(fp.body)
    assert fp.slug == "border-guard-crosses-into-ukraine-1"
    assert set(fp.topics.values_list("name", flat=True)) == {"Volunteers", "Belarusian volunteers"}
    assert topic in fp.topics.all()
    assert list(fp.cited_sources.values_list("name", flat=True)) == ["Newsweek"]
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
    assert Source.objects.count() == 4


def test_importing_twice_creates_no_duplicates_and_reports_unchanged(tmp_path, actors):
    Topic.objects.create(name="Sanctions")
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
    assert Mention.objects.filter(origin=Mention.Origin.EDITOR).count() == 1
    assert Topic.objects.count() == 1 and Source.objects.count() == 1


def test_imported_articles_get_detected_mentions_and_ascii_slugs(tmp_path, actors):
    path = write(
        tmp_path,
        [
            record(
                1,
                title="Лукашэнка і вайна",
                body="Лукашэнка сказаў, што мяжа застаецца закрытай.\n\n"
                "The Kalinoŭski regiment replied the same day.",
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
@postgres_only
def test_imported_articles_are_found_by_full_text_search(tmp_path, actors):
    path = write(tmp_path, [record(1, body="Sanctions on the railway network.")])
    assert run(path)[0]
    assert Article.objects.filter(search_vector__isnull=True).count() == 0
    assert Article.objects.filter(search_vector="railways").count() == 1


def test_query_count_does_not_grow_with_the_number_of_records(tmp_path, actors):
    def queries_for(n, offset):
        lines = [record(offset + i, actors=["Lukashenka"], topics=["Sanctions"]) for i in range(n)]
        path = write(tmp_path, lines, name=f"{n}.jsonl")
        with CaptureQueriesContext(connection) as ctx:
            assert run(path, "--create-missing")[0]
        return len(ctx.captured_queries)

    Topic.objects.create(name="Sanctions")
    small, large = queries_for(5, 0), queries_for(50, 100)
    # Lookups, writes, detection and search vectors are batched; SQLite's parameter
    # limit may split a batch of 50 in two.
    assert large - small <= 3, (small, large)


# Bodies and lines in the archive's one text form ----------------------------------------


def test_bodies_are_stored_in_one_text_form_so_the_same_words_give_the_same_hash(tmp_path, actors):
    messy = "Мінск, 13 ліпеня.  \r\nПамежнік пакінуў пост.\r\n\r\n\r\n\r\nЁн перайшоў мяжу. \t\r\n"
    clean = "Мінск, 13 ліпеня.\nПамежнік пакінуў пост.\n\nЁн перайшоў мяжу."
    assert run(write(tmp_path, [record(1, body=messy)]))[0]
    article = Article.objects.get()
    assert article.body == clean
    assert article.body_sha256 == Article.compute_sha256(clean)
    # The same text with the other line endings is the same article, unchanged.
    ok, out, _ = run(write(tmp_path, [record(1, body=clean)], name="clean.jsonl"))
    assert ok and "unchanged 1" in out


def test_control_characters_and_bidi_overrides_leave_titles_and_bylines(tmp_path, actors):
    title = "Belarus \u202ereversed\u202c headline\x07\nsecond line"
    path = write(tmp_path, [record(1, title=title, byline="Ганна\u2066 Коваленко\t")])
    ok, _, err = run(path)
    assert ok, err
    article = Article.objects.get()
    assert article.title == "Belarus reversed headline second line"
    assert article.byline == "Ганна Коваленко"


# Bad input: every problem as "line N: field: message", nothing written ----------------


def test_bad_date_on_line_3_and_unknown_actor_on_line_5_are_both_reported_and_nothing_is_written(
    tmp_path, actors
):
    Topic.objects.create(name="Defections")
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


def test_every_kind_of_bad_line_is_reported_with_its_line_and_field(tmp_path, actors):
    Article.objects.create(
        title="Existing",
        body="b",
        source=Source.objects.get(name="Newsweek"),
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
            json.dumps({"body": "b", "source": "Newsweek"}),  # 4
            record(5, title=7, topics="Sanctions"),  # 5
            record(6, language="xx", status="hidden"),  # 6
            record(7, url="https://example.org/1"),  # 7
            record(8, url="https://EXAMPLE.org/1/?utm_source=feed"),  # 8
            record(9, url="javascript:alert(1)"),  # 9
            record(10, title="nul\u0000byte"),  # 10
            record(11, colour="red"),  # 11
            record(12, body="   \n  "),  # 12
            record(13, actors=["Lukashenka", ""]),  # 13
            record(14, title="x" * 301),  # 14
            record(15, published="July 2022"),  # 15
            record(16, archived_at="yesterday"),  # 16
            record(17, actors=["Lukashenka"], rejected_actors=["Лукашэнка"]),  # 17
        ],
    )
    ok, _, err = run(path)
    assert not ok
    expected = [
        "line 1: record: not valid JSON",
        "line 2: record: must be a JSON object, not a list",
        "line 4: title: is required",
        "line 5: title: must be a string, not a number",
        "line 5: topics: must be a list of names",
        "line 6: language: 'xx' is not one of: en, be, ru, uk, pl, de, fr",
        "line 6: status: 'hidden' is not one of: draft, published",
        "line 8: url: the same URL as line 7",
        "line 9: url: 'javascript:alert(1)' is not an http(s) URL",
        "line 10: title: contains a NUL byte",
        "line 11: colour: unknown field",
        "line 12: body: must not be empty",
        "line 13: actors: contains an empty name",
        "line 14: title: Ensure this value has at most 300 characters (it has 301).",
        "line 15: published: 'July 2022' is not a date of the form YYYY-MM-DD, YYYY-MM or YYYY",
        "line 16: archived_at: 'yesterday' is not a date and time with a UTC offset",
        "line 17: rejected_actors: names an actor that actors names too",
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


@pytest.mark.parametrize("field", ["title", "body", "source", "byline", "topics", "actors"])
def test_a_lone_surrogate_in_any_field_is_a_line_error_in_the_dry_run_and_the_real_run(
    tmp_path, actors, field
):
    # "\ud800" is valid JSON but half a character: no database or file can store it.
    value = "Лукашэнка \ud800"
    fields = {field: [value] if field in ("topics", "actors") else value}
    path = tmp_path / "surrogate.jsonl"
    path.write_text(json.dumps(record(1, **fields)) + "\n")
    for args in (("--dry-run",), ()):
        ok, _, err = run(path, *args)
        assert not ok
        assert f"line 1: {field}: contains a lone surrogate" in err
        assert "Traceback" not in err
    assert not Article.objects.exists()


def test_a_body_over_the_models_size_limit_fails_the_dry_run_as_the_real_run(
    tmp_path, actors, monkeypatch
):
    from django.core.validators import MaxLengthValidator

    # The import checks each field with the model field's own validators: a limit set
    # on Article.body applies to imports without a change to the importer.
    body_field = Article._meta.get_field("body")
    monkeypatch.setattr(body_field, "validators", [MaxLengthValidator(1000)])
    path = write(tmp_path, [record(1), record(2, body="Слова. " * 200)])
    for args in (("--dry-run",), ()):
        ok, _, err = run(path, *args)
        assert not ok
        assert "line 2: body: Ensure this value has at most 1000 characters (it has 1399)." in err
    assert not Article.objects.exists()


def test_two_records_with_one_source_title_and_date_and_no_url_are_refused(tmp_path, actors):
    path = write(tmp_path, [record(1, url=...), record(1, url=..., body="Other body.")])
    ok, _, err = run(path)
    assert not ok
    assert "line 2: record: same source, title and date as line 1" in err


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


def test_an_actors_own_name_outranks_another_actors_alias(tmp_path, actors):
    # A duplicate actor whose alias is the first actor's name: the name wins, so an
    # export (which writes names) imports back to the same actors.
    other = Actor.objects.create(name="Lukashenko junior", kind=Actor.Kind.PERSON)
    Alias.objects.create(actor=other, name="Alexander Lukashenko")
    assert run(write(tmp_path, [record(1, actors=["Alexander Lukashenko"])]))[0]
    assert Article.objects.get().mentions.get(origin="editor").actor == actors["luka"]


def test_a_file_made_from_export_json_is_refused_with_a_pointer_to_export_jsonl(tmp_path, actors):
    path = write(tmp_path, [record(1, archive_url="http://x/articles/a/", sha256="0" * 64)])
    ok, _, err = run(path)
    assert not ok
    assert "line 1: archive_url: is a field of export.json" in err
    assert "export.jsonl" in err


# Text with lone surrogates and controls mixed in: what a hostile or broken file holds.
HOSTILE_TEXT = st.lists(
    st.one_of(
        st.characters(),
        st.sampled_from(["\ud800", "\udfff", "\x00", "\u202e", "\r\n", "Лукашэнка", " "]),
    ),
    max_size=30,
).map("".join)
HOSTILE_VALUE = st.one_of(
    HOSTILE_TEXT,
    st.none(),
    st.integers(),
    st.booleans(),
    st.lists(HOSTILE_TEXT, max_size=3),
    st.dictionaries(HOSTILE_TEXT, HOSTILE_TEXT, max_size=2),
)


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.dictionaries(
        st.one_of(st.sampled_from(sorted(RecordForm.base_fields)), HOSTILE_TEXT),
        HOSTILE_VALUE,
        max_size=8,
    )
)
def test_any_record_is_planned_or_refused_line_by_line_never_a_crash(actors, data):
    # Over a valid record, so that the hostile values also reach the lookups past the form.
    line = json.dumps({**record(1), **data})  # ensure_ascii: surrogates travel as \ud800
    try:
        plan = plan_import([line], ImportOptions())
    except ImportFailed as failure:
        assert failure.problems
        assert all(str(problem).startswith("line 1: ") for problem in failure.problems)
    else:
        assert len(plan.create) == 1


def test_a_missing_file_is_a_clean_command_error(tmp_path, db):
    ok, _, err = run(tmp_path / "missing.jsonl")
    assert not ok and "cannot read" in err


# Import never invents sources or topics ------------------------------------------------


def test_an_unknown_source_or_topic_is_an_error_that_suggests_the_nearest_name(tmp_path, actors):
    Topic.objects.create(name="Border incidents")
    path = write(
        tmp_path,
        [
            record(1, topics=["Border incidnts"]),
            record(2, source="Newsweak"),
            record(3, source="Newsweak"),
            record(4, source="Наша Ніва"),
        ],
    )
    ok, _, err = run(path)
    assert not ok
    assert (
        "line 1: topics: unknown topic 'Border incidnts', did you mean 'Border incidents'?" in err
    )
    assert "line 2: source: unknown source 'Newsweak', did you mean 'Newsweek'?" in err
    assert "(also on 1 other line)" in err
    assert "line 3:" not in err
    assert "line 4: source: unknown source 'Наша Ніва' (--create-missing adds it" in err
    assert Topic.objects.count() == 1 and Source.objects.count() == 1


def test_a_source_is_found_by_slug_or_by_its_name_in_any_case_or_punctuation(tmp_path, actors):
    Source.objects.create(name="Ocnus.net", slug="ocnus")
    path = write(
        tmp_path,
        [
            record(1, source="NEWSWEEK", retrieved_from="ocnus"),
            record(2, source="newsweek", retrieved_from="Ocnus net"),
        ],
    )
    ok, _, err = run(path)
    assert ok, err
    assert Source.objects.count() == 2


def test_the_dry_run_names_exactly_what_it_would_create(tmp_path, actors):
    path = write(
        tmp_path,
        [
            record(1, source="Belsat", topics=["Rail sabotage", "Рэйкавая вайна"]),
            record(2, source="belsat", topics=["rail sabotage"]),
        ],
    )
    ok, out, err = run(path, "--dry-run", "--create-missing")
    assert ok, err
    assert "Would create 1 source: 'Belsat'" in out
    assert "Would create 2 topics: 'Rail sabotage', 'Рэйкавая вайна'" in out
    assert "would create 2, would update 0, unchanged 0" in out
    assert not Source.objects.filter(name="Belsat").exists() and not Topic.objects.exists()


def test_dry_run_validates_and_reports_but_writes_nothing(tmp_path, actors):
    path = write(tmp_path, [record(1, actors=["Lukashenka"]), record(2)])
    ok, out, err = run(path, "--dry-run")
    assert ok, err
    assert "would create 2, would update 0, unchanged 0" in out
    assert Article.objects.count() == 0

    bad = write(tmp_path, [record(1, published="2022-02-30")], name="bad.jsonl")
    ok, _, err = run(bad, "--dry-run")
    assert not ok and "line 1: published:" in err


# Existing articles: matched by URL however spelt, changed only with --update -----------


@pytest.mark.parametrize(
    "spelling",
    [
        "https://IMP.example/rtl",
        "https://imp.example/rtl/",
        "http://imp.example/rtl?utm_source=telegram&utm_medium=social",
        "https://imp.example:443/rtl#comments",
    ],
)
def test_a_url_spelt_differently_is_the_same_article_not_a_duplicate(tmp_path, actors, spelling):
    assert run(write(tmp_path, [record(1, url="https://imp.example/rtl")]))[0]
    ok, out, err = run(write(tmp_path, [record(1, url=spelling)], name="again.jsonl"))
    assert ok, err
    assert "created 0" in out and "unchanged 1" in out
    assert Article.objects.count() == 1


def test_a_record_that_would_change_an_article_is_refused_without_update(tmp_path, actors):
    assert run(write(tmp_path, [record(1)]))[0]
    article = Article.objects.get()
    changed = record(1, title="Памежнік перайшоў мяжу", body="Новы тэкст.", status="draft")
    ok, _, err = run(write(tmp_path, [changed], name="changed.jsonl"))
    assert not ok
    assert (
        "line 1: record: would change title, body, status of the existing article "
        f"'Border guard crosses into Ukraine 1' ({article.get_absolute_url()}); "
        "pass --update to change it"
    ) in err
    article.refresh_from_db()
    assert article.title == "Border guard crosses into Ukraine 1"
    assert article.status == Article.Status.PUBLISHED


def test_update_changes_the_article_and_the_history_names_the_editor(tmp_path, actors, editor_user):
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
    ok, out, err = run(changed, "--update", "--editor", editor_user.username)
    assert ok, err
    assert "created 0, updated 2, unchanged 0" in out
    article.refresh_from_db()
    assert article.body == "A corrected body."
    assert article.body_sha256 == Article.compute_sha256("A corrected body.")
    assert article.mentions.get(origin="editor").actor == actors["luka"]
    latest = article.history.first()
    assert latest.history_user == editor_user
    assert latest.history_change_reason == "Imported from changed.jsonl"
    mention = article.mentions.get(origin="editor")
    assert mention.history.first().history_user == editor_user
    # Matched by source, title and date when the record has no URL.
    assert Article.objects.get(title__endswith=" 2").byline == "Newsweek staff"
    assert Article.objects.count() == 2


def test_without_editor_the_history_names_the_import_system_user(tmp_path, actors):
    assert run(write(tmp_path, [record(1)]))[0]
    user = Article.objects.get().history.get().history_user
    assert user.username == "importer"
    assert not user.is_active and not user.has_usable_password()


def test_editor_must_be_an_existing_active_staff_user(tmp_path, actors):
    path = write(tmp_path, [record(1)])
    ok, _, err = run(path, "--editor", "nobody")
    assert not ok and "there is no user 'nobody'" in err
    User.objects.create_user("reader1")
    ok, _, err = run(path, "--editor", "reader1")
    assert not ok and "'reader1' is not an active staff user" in err
    assert not Article.objects.exists()


def test_an_import_naming_a_detected_actor_makes_it_an_editor_mention_only_with_update(
    tmp_path, actors
):
    assert run(write(tmp_path, [record(1, body="Lukashenko said so.")]))[0]
    article = Article.objects.get()
    assert article.mentions.get().origin == Mention.Origin.DETECTED
    again = write(tmp_path, [record(1, body="Lukashenko said so.", actors=["Lukashenka"])], "a")
    ok, _, err = run(again)
    assert not ok and "would change actors of the existing article" in err
    ok, out, _ = run(again, "--update")
    assert ok and "updated 1" in out
    mention = article.mentions.get()
    assert (mention.origin, mention.rejected) == (Mention.Origin.EDITOR, False)


def test_rejected_actors_keep_detection_out_and_a_full_actor_list_replaces_the_old_one(
    tmp_path, actors
):
    body = "Lukashenko met the Kalinoŭski regiment? No: Lukashenko denied it."
    path = write(tmp_path, [record(1, body=body, rejected_actors=["Kalinoŭski regiment"])])
    assert run(path)[0]
    article = Article.objects.get()
    regiment = article.mentions.get(actor=actors["regiment"])
    assert (regiment.origin, regiment.rejected) == (Mention.Origin.EDITOR, True)
    assert article.mentions.get(actor=actors["luka"]).origin == Mention.Origin.DETECTED

    # The record's lists are the whole of the editors' decisions: left out, a rejection goes
    # and detection finds the actor in the text again.
    path = write(tmp_path, [record(1, body=body, rejected_actors=[])], name="b.jsonl")
    ok, out, err = run(path, "--update")
    assert ok, err
    regiment = article.mentions.get(actor=actors["regiment"])
    assert (regiment.origin, regiment.rejected) == (Mention.Origin.DETECTED, False)


# Two imports at once -------------------------------------------------------------------


@pytest.mark.postgres
@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_second_import_waits_for_the_first_and_then_finds_its_articles_unchanged(
    tmp_path, actors, monkeypatch
):
    path = write(tmp_path, [record(n) for n in range(1, 6)])
    first_has_lock, release_first = threading.Event(), threading.Event()
    real_apply = writing.apply

    def slow_apply(*args, **kwargs):
        result = real_apply(*args, **kwargs)
        if threading.current_thread().name == "first":
            first_has_lock.set()
            release_first.wait(30)
        return result

    monkeypatch.setattr("articles.importer.apply", slow_apply)
    results = {}

    def importer(name):
        try:
            results[name] = run(path)
        finally:
            connections.close_all()

    first = threading.Thread(target=importer, args=("first",), name="first")
    first.start()
    assert first_has_lock.wait(30)
    second = threading.Thread(target=importer, args=("second",), name="second")
    second.start()
    second.join(1)
    # The second is waiting on the lock: still running, and said why.
    assert second.is_alive()
    release_first.set()
    first.join(30)
    second.join(30)
    assert results["first"][0], results["first"]
    ok, out, err = results["second"]
    assert ok, err
    assert "Another import is writing; waiting for it to finish" in out
    assert "created 0, updated 0, unchanged 5" in out
    assert Article.objects.count() == 5


def test_a_conflict_while_writing_is_a_clear_message_and_writes_nothing(
    tmp_path, actors, monkeypatch
):
    # An editor saves an article with the same URL while the import is planning.
    real_plan = writing.apply

    def editor_saves_first(plan, user, reason):
        Article.objects.create(
            title="Saved in the admin meanwhile",
            body="Тэкст.",
            source=Source.objects.get(name="Newsweek"),
            original_url="https://example.org/1/",
            published_precision=Precision.UNKNOWN,
        )
        return real_plan(plan, user, reason)

    monkeypatch.setattr("articles.importer.apply", editor_saves_first)
    ok, _, err = run(write(tmp_path, [record(1), record(2)]))
    assert not ok
    assert "the archive changed while this import was writing" in err
    assert "IntegrityError" not in err
    assert Article.objects.count() == 0
