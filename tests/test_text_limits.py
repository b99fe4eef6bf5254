"""How much text an article may hold: the admin and the import refuse more with a message
beside the field, and the dry run says so as the real run does; nothing is half-written."""

import random

import pytest
from django.db import connection

from articles.models import Article
from tests.test_admin_editing import add_article
from tests.test_import import record, run, write

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the search vector's limit is PostgreSQL's"
)

# Belarusian: two bytes a letter in UTF-8.
PARAGRAPH = "Памежнікі зноў зачынілі пераход на мяжы з Украінай.\n\n"


@pytest.fixture
def small_limit(settings):
    """A 4 kB limit, so the tests need no megabytes of text to pass it."""
    settings.ARTICLE_TEXT_MAX_BYTES = 4096


def too_long():
    return PARAGRAPH * 50  # about 4.7 kB once normalised


@pytest.mark.parametrize("dry_run", [True, False])
@pytest.mark.parametrize("field", ["body", "standfirst"])
def test_the_import_refuses_a_text_over_the_limit_in_the_dry_run_and_the_real_run(
    tmp_path, seeded, small_limit, field, dry_run
):
    before = Article.objects.count()
    path = write(tmp_path, [record(1, source="Newsweek", **{field: too_long()})])
    ok, _out, err = run(path, *(["--dry-run"] if dry_run else []))
    assert not ok
    assert f"line 1: {field}: is 4.7\xa0KB; the archive takes at most 4.0\xa0KB here" in err
    assert Article.objects.count() == before


def test_a_text_within_the_limit_imports(tmp_path, seeded, small_limit):
    path = write(tmp_path, [record(1, source="Newsweek", body=PARAGRAPH * 30)])
    ok, _out, err = run(path)
    assert ok, err


def test_the_admin_says_the_body_is_too_long_beside_it(editor, seeded, small_limit):
    response = add_article(editor, body=too_long())
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "the archive takes at most 4.0\xa0KB here" in errors["body"][0]
    assert not Article.objects.filter(title="Лукашэнка зноў пагражае суседзям").exists()


def distinct_words(characters):
    """Text that is all different words, as a list of codes or names would be."""
    rng = random.Random(7)
    letters = "абвгдеёжзійклмнопрстуўфхцчшыьэюя"
    words, size = [], 0
    while size < characters:
        word = "".join(rng.choice(letters) for _ in range(rng.randint(4, 9)))
        words.append(word)
        size += len(word) + 1
    return " ".join(words)


@pytest.mark.postgres
@postgres_only
def test_a_body_the_search_index_cannot_hold_is_refused_not_a_500(tmp_path, editor, seeded):
    """Under the size limit, but more distinct words than PostgreSQL's 1 MB search vector
    takes: the import (dry run too) and the admin refuse it instead of failing on save."""
    body = distinct_words(1_000_000)
    for args in (["--dry-run"], []):
        ok, _out, err = run(write(tmp_path, [record(1, source="Newsweek", body=body)]), *args)
        assert not ok
        assert "line 1: body: has more different words than the search index can hold" in err
    response = add_article(editor, body=body)
    assert response.status_code == 200
    assert "search index" in response.context["adminform"].form.errors["body"][0]
