"""One text form on every way in: the admin, the importer (tests/test_import.py), loaddata
and the migration that brought the rows written before it into that form."""

import hashlib
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from articles.models import Article, Precision, Source
from articles.text_form import normalize_body, normalize_line
from tests.test_admin import form_data

BELARUSIAN = "Мінск, 13 ліпеня.\nПамежнік пакінуў пост.\n\nЁн перайшоў мяжу ўначы."


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Мінск.\r\nПамежнік.\r\n\r\nЁн.", "Мінск.\nПамежнік.\n\nЁн."),  # CRLF
        ("Мінск.\rПамежнік.\r\rЁн.", "Мінск.\nПамежнік.\n\nЁн."),  # old Mac CR
        ("Киев.  \nГраница. \t\n\nОн.\u00a0", "Киев.\nГраница.\n\nОн."),  # trailing spaces
        ("Київ.\n\n\n\n\nКордон.", "Київ.\n\nКордон."),  # many blank lines are one
        ("Київ.\n   \n \t \nКордон.", "Київ.\n\nКордон."),  # lines of spaces are blank
        ("\n\n  Indented first line.\n\n", "  Indented first line."),  # ends trimmed, not indent
        ("One\u2028two\u2029three", "One\ntwo\nthree"),  # Unicode line separators
        ("Bell\x07 and form\x0cfeed", "Bell and formfeed"),  # control characters
        ("Tab\tinside stays", "Tab\tinside stays"),
        ("", ""),
    ],
)
def test_a_body_has_lf_line_endings_no_trailing_spaces_and_one_blank_line_between_paragraphs(
    text, expected
):
    assert normalize_body(text) == expected


def _visible(text):
    """The characters that are neither space nor control: what normalising must keep."""
    return [ch for ch in text if not ch.isspace() and not (ch < " " or "\x7f" <= ch <= "\x9f")]


@given(st.text())
def test_the_body_form_is_stable_and_keeps_every_visible_character(text):
    once = normalize_body(text)
    assert normalize_body(once) == once
    assert "\r" not in once and "\n\n\n" not in once
    assert all(line == line.rstrip() for line in once.split("\n"))
    assert _visible(once) == _visible(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Лукашэнка  і\tвайна\n", "Лукашэнка і вайна"),
        ("\u202eevil\u202c title", "evil title"),  # right-to-left override
        ("\u2066isolated\u2069", "isolated"),  # isolates
        ("Bell\x07", "Bell"),
        ("Mr\u00a0Lukashenko", "Mr\u00a0Lukashenko"),  # a no-break space is the outlet's choice
        ("\u200fעברית\u200e", "\u200fעברית\u200e"),  # direction marks are kept
    ],
)
def test_a_title_or_byline_is_one_line_without_controls_or_bidi_overrides(text, expected):
    assert normalize_line(text) == expected


# The admin: the model's save and clean path ------------------------------------------


def test_a_body_saved_in_the_admin_has_the_same_form_and_hash_as_the_same_text_imported(
    editor, seeded, tmp_path
):
    article = Article.objects.get(source__slug="newsweek")
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(editor.get(url))
    # A browser sends CRLF; an editor leaves trailing spaces and extra blank lines.
    data["body"] = BELARUSIAN.replace("\n", "  \r\n").replace("\r\n  \r\n", "\r\n\r\n\r\n\r\n")
    data["title"] = "Памежнік \u202eпакінуў\u202c пост\x07"
    response = editor.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.body == BELARUSIAN
    assert article.title == "Памежнік пакінуў пост"
    assert article.body_sha256 == hashlib.sha256(BELARUSIAN.encode()).hexdigest()


def test_a_title_of_only_control_characters_is_an_error_on_the_title_not_a_500(editor, seeded):
    article = Article.objects.get(source__slug="newsweek")
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(editor.get(url))
    data["title"] = "\u202e\u202c\x07"
    response = editor.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["title"] == [
        "The title has no visible characters."
    ]


def test_a_url_another_article_has_under_another_spelling_is_an_error_on_the_url_field(
    editor, seeded
):
    newsweek = Article.objects.get(source__slug="newsweek")
    other = Article.objects.get(source__slug="foreign-policy")
    other.original_url = "https://ocnus.example/regiment"
    other.save()
    url = reverse("admin:articles_article_change", args=[newsweek.pk])
    data = form_data(editor.get(url))
    data["original_url"] = "HTTPS://Ocnus.example/regiment/?utm_source=telegram"
    response = editor.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["original_url"]
    admin_url = reverse("admin:articles_article_change", args=[other.pk])
    assert errors == [
        f'The archive already has the article at this address: <a href="{admin_url}">'
        f"{other.title}</a>"
    ]


# loaddata: fixtures and restored backups ----------------------------------------------


def test_loaddata_stores_the_same_form_and_derives_the_hash_period_and_url_key(db, tmp_path):
    source = Source.objects.create(name="Наша Ніва", slug="nasha-niva")
    fixture = tmp_path / "article.json"
    fixture.write_text(
        json.dumps(
            [
                {
                    "model": "articles.article",
                    "pk": 900,
                    "fields": {
                        "title": "Тэст\u202e загаловак",
                        "slug": "test-zahalovak",
                        "body": "Першы абзац.  \r\n\r\n\r\nДругі абзац.",
                        "body_sha256": "stale",
                        "source": source.pk,
                        "original_url": "https://NN.example/a/",
                        "published_on": "2024-03-01",
                        "published_precision": "month",
                        "status": "published",
                        "archived_at": "2026-11-01T00:00:00Z",
                        "created_at": "2026-11-01T00:00:00Z",
                        "updated_at": "2026-11-01T00:00:00Z",
                    },
                }
            ]
        )
    )
    call_command("loaddata", str(fixture), verbosity=0)
    article = Article.objects.get(pk=900)
    assert article.title == "Тэст загаловак"
    assert article.body == "Першы абзац.\n\nДругі абзац."
    assert article.body_sha256 == Article.compute_sha256(article.body)
    assert str(article.published_until) == "2024-03-31"
    assert article.url_key == "https://nn.example/a"


# The migration that brought existing rows into the form ------------------------------

MIGRATION_SUFFIX = "_text_form_url_keys_date_periods"


@pytest.mark.django_db(transaction=True)
def test_the_migration_normalises_existing_bodies_recomputes_hashes_and_fills_derived_columns():
    executor = MigrationExecutor(connection)
    target = next(key for key in executor.loader.graph.nodes if key[1].endswith(MIGRATION_SUFFIX))
    before = next(
        parent
        for parent in executor.loader.graph.node_map[target].parents
        if parent[0] == target[0]
    ).key
    executor.migrate([before])
    apps = executor.loader.project_state([before]).apps
    OldSource, OldArticle = (
        apps.get_model("articles", "Source"),
        apps.get_model("articles", "Article"),
    )
    OldEvent = apps.get_model("articles", "Event")
    source = OldSource.objects.create(name="Belsat", slug="belsat")
    common = {"source": source, "status": "published", "body_sha256": "stale"}
    first = OldArticle.objects.create(
        title="Першы", slug="first", body="Радок.  \r\n\r\n\r\nРадок.", original_url="https://belsat.example/a",
        published_on="2023-08-01", published_precision=Precision.MONTH, **common,
    )  # fmt: skip
    # The same address spelt otherwise: allowed before, listed for merging now.
    second = OldArticle.objects.create(
        title="Другі", slug="second", body="Тэкст.", original_url="HTTPS://Belsat.example/a/",
        published_on="2023-08-05", published_precision=Precision.DAY, **common,
    )  # fmt: skip
    event = OldEvent.objects.create(
        title="Мяцеж", slug="myatsezh", start_date="2023-06-01", date_precision=Precision.MONTH
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    first = Article.objects.get(pk=first.pk)
    assert first.body == "Радок.\n\nРадок."
    assert first.body_sha256 == Article.compute_sha256(first.body)
    assert str(first.published_until) == "2023-08-31"
    assert first.url_key == "https://belsat.example/a"
    second = Article.objects.get(pk=second.pk)
    assert second.body_sha256 == Article.compute_sha256("Тэкст.")
    assert second.url_key == ""  # the older article keeps the key; an editor merges them
    assert str(Article.objects.get(pk=second.pk).published_until) == "2023-08-05"
    from articles.models import Event

    assert str(Event.objects.get(pk=event.pk).period_end) == "2023-06-30"
