"""Whole pages cached for anonymous readers: served without a query, fresh on the very next
request after any change, never served to or filled by staff, with HTTP validators."""

import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from articles.models import Actor, Alias, Article, Source, Topic
from articles.page_cache import page_key
from tests.test_admin import border_guard_article, form_data
from tests.test_merge import post_merge

pytestmark = pytest.mark.usefixtures("seeded", "page_cache")

BYLINE_TIMES = "Belarus is Complicit in Russia’s War Crimes and Should be Punished Accordingly"
NEWSWEEK = "Belarusian Border Guard Abandons Post to Fight With Ukraine: Report"


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """What the archive does when a change commits (a test's transaction never does)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def article_list():
    return reverse("articles:article_list")


def queries_for(client, url, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **kwargs)
    return response, len(queries)


# Served from the cache -----------------------------------------------------------------


def test_a_page_asked_for_again_is_served_without_a_query(reader):
    first, rendered = queries_for(reader, article_list())
    again, queries = queries_for(reader, article_list())
    assert rendered > 0
    assert queries == 0
    assert again.status_code == 200
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]


def test_the_query_string_is_part_of_the_key(reader):
    reader.get(article_list())
    newsweek = reader.get(article_list(), {"source": "newsweek"}).content.decode()
    assert NEWSWEEK in newsweek
    assert BYLINE_TIMES not in newsweek


def test_the_language_is_part_of_the_key():
    request = RequestFactory().get("/articles/?q=Лукашэнка")
    with translation.override("be"):
        belarusian = page_key(request)
    with translation.override("en"):
        english = page_key(request)
    assert belarusian != english


def test_the_admin_and_the_api_are_never_cached(reader, editor):
    reader.get(reverse("api:article-list"))
    _, queries = queries_for(reader, reverse("api:article-list"))
    assert queries > 0


# HTTP caching --------------------------------------------------------------------------


def test_a_conditional_get_is_answered_304_without_a_query(reader):
    first = reader.get(article_list())
    assert first["ETag"]
    assert "public" in first["Cache-Control"] and "max-age=0" in first["Cache-Control"]
    assert {"Cookie", "Accept-Language"} <= {v.strip() for v in first["Vary"].split(",")}
    not_modified, queries = queries_for(
        reader, article_list(), headers={"if-none-match": first["ETag"]}
    )
    assert not_modified.status_code == 304
    assert queries == 0
    assert not_modified["ETag"] == first["ETag"]


def test_a_change_changes_the_etag(reader, commit):
    before = reader.get(article_list())["ETag"]
    with commit():
        Topic.objects.create(name="Airspace violations")
    after = reader.get(article_list(), headers={"if-none-match": before})
    assert after.status_code == 200
    assert after["ETag"] != before


# Staff ---------------------------------------------------------------------------------


def test_staff_never_get_a_cached_page(reader, editor, draft):
    public = reader.get(article_list())
    assert draft.title not in public.content.decode()
    staff, queries = queries_for(editor, article_list())
    assert queries > 0
    assert draft.title in staff.content.decode()
    assert "private" in staff["Cache-Control"]
    assert not staff.has_header("ETag")


def test_staff_never_fill_the_cache(reader, editor, draft):
    editor.get(article_list())
    public, queries = queries_for(reader, article_list())
    assert queries > 0
    assert draft.title not in public.content.decode()


# Every kind of change shows on the next anonymous request --------------------------------


@pytest.fixture(params=["whole pages", "parts of pages"])
def kept(request, settings, page_cache):
    """Both ways readers are served what was drawn before: whole pages, or, with the page
    cache off, the rows, charts, maps and counts kept for every page."""
    settings.PAGE_CACHE = request.param == "whole pages"


def test_an_editors_save_in_the_admin(reader, editor, commit, kept):
    article = border_guard_article()
    page = article.get_absolute_url()
    assert NEWSWEEK in reader.get(page).content.decode()
    reader.get(article_list())
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(editor.get(url))
    data["title"] = f"{NEWSWEEK} (corrected)"
    with commit():
        assert editor.post(url, data).status_code == 302
    assert "(corrected)" in reader.get(page).content.decode()
    assert "(corrected)" in reader.get(article_list()).content.decode()


def test_publishing_and_unpublishing(reader, editor, draft, commit, kept):
    assert draft.title not in reader.get(article_list()).content.decode()
    url = reverse("admin:articles_article_changelist")
    with commit():
        editor.post(url, {"action": "publish", "_selected_action": [str(draft.pk)]})
    assert draft.title in reader.get(article_list()).content.decode()
    with commit():
        editor.post(url, {"action": "unpublish", "_selected_action": [str(draft.pk)]})
    assert draft.title not in reader.get(article_list()).content.decode()


def test_a_delete_in_the_admin(reader, editor, commit, kept):
    typo = Topic.objects.create(name="Border incidnts")
    assert "Border incidnts" in reader.get(reverse("articles:topic_list")).content.decode()
    url = reverse("admin:articles_topic_delete", args=[typo.pk])
    with commit():
        response = editor.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert "Border incidnts" not in reader.get(reverse("articles:topic_list")).content.decode()


def test_an_import(reader, tmp_path, commit, kept):
    title = "Памежны пераход каля Мазыра зноў адкрылі для грузавікоў"
    assert title not in reader.get(article_list()).content.decode()
    record = {
        "title": title,
        "body": "Пасля трох тыдняў перапынку грузавікі зноў едуць праз пераход.\n\n"
        "Чэргі на мяжы, паводле памежнікаў, скараціліся ўдвая.",
        "source": "newsweek",
        "published": "2024-05-14",
        "language": "be",
        "url": "https://example.org/mazyr-crossing",
    }
    path = tmp_path / "new.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    with commit():
        call_command("import_articles", str(path), verbosity=0)
    assert title in reader.get(article_list()).content.decode()
    found = reader.get(reverse("articles:search"), {"q": "Мазыра"}).content.decode()
    assert title in found


def test_a_merge(reader, editor, commit, kept):
    typo = Source.objects.create(name="Newsweak")
    keep = Source.objects.get(slug="newsweek")
    article = border_guard_article()
    Article.objects.filter(pk=article.pk).update(source=typo)
    assert "Newsweak" in reader.get(article.get_absolute_url()).content.decode()
    with commit():
        response = post_merge(editor, "source", [keep, typo], merge="yes", keep=str(keep.pk))
    assert response.status_code == 302
    page = reader.get(article.get_absolute_url()).content.decode()
    assert "Newsweak" not in page
    assert "Newsweek" in page


def test_detect_mentions(reader, commit, kept):
    """An alias written in bulk sends no signal; the detection run that follows is the change."""
    article = Article.objects.get(title__startswith="Meet the Belarusian Regiment")
    marquis = Actor.objects.bulk_create([Actor(name="Marquis", slug="marquis", kind="person")])[0]
    Alias.objects.bulk_create([Alias(actor=marquis, name="Marquis", normalized="marquis")])
    link = f'href="{marquis.get_absolute_url()}"'
    assert link not in reader.get(article.get_absolute_url()).content.decode()
    with commit():
        call_command("detect_mentions", verbosity=0)
    assert link in reader.get(article.get_absolute_url()).content.decode()


def test_a_corpus_build_and_its_removal(reader, commit, kept):
    def shown_count():
        return f"{Article.objects.published().count()} articles"

    assert shown_count() in reader.get(article_list()).content.decode()
    small = {"sources": 3, "topics": 3, "actors": 40, "events": 2, "verbosity": 0}
    with commit():
        call_command("generate_corpus", articles=12, seed=3, **small)
    assert Article.objects.published().count() > 3
    assert shown_count() in reader.get(article_list()).content.decode()
    with commit():
        call_command("generate_corpus", clear=True, verbosity=0)
    assert "3 articles" in reader.get(article_list()).content.decode()


def test_counts_kept_for_every_reader_change_with_the_archive(reader, settings, commit):
    """The home page's and the outlets' counts are computed once per change, not per page."""
    settings.PAGE_CACHE = False  # every request renders; the counts alone are kept
    byline_times = '?source=byline-times">{}</a>'
    before, first = queries_for(reader, reverse("articles:source_list"))
    _, again = queries_for(reader, reverse("articles:source_list"))
    assert again < first
    assert byline_times.format(1) in before.content.decode()
    assert "<strong>3</strong> articles" in reader.get(reverse("articles:home")).content.decode()
    with commit():
        Article.objects.create(
            title="Зноў пра мяжу",
            published_precision="unknown",
            body="Кароткі тэкст.",
            source=Source.objects.get(slug="byline-times"),
            status=Article.Status.PUBLISHED,
        )
    after = reader.get(reverse("articles:source_list")).content.decode()
    assert byline_times.format(2) in after
    assert "<strong>4</strong> articles" in reader.get(reverse("articles:home")).content.decode()


def test_without_a_commit_nothing_changes_for_readers(reader):
    """The bump waits for the commit: a reader never caches what may yet be rolled back."""
    reader.get(article_list())
    Topic.objects.create(name="Airspace violations")
    _, queries = queries_for(reader, article_list())
    assert queries == 0


def test_a_deploys_migrate_makes_everything_kept_stale(reader, settings, commit):
    """What was drawn by the code before a deploy is never served after it."""
    settings.PAGE_CACHE = False
    reader.get(article_list())
    _, kept = queries_for(reader, article_list())
    with commit():
        call_command("migrate", verbosity=0)
    _, redrawn = queries_for(reader, article_list())
    assert redrawn > kept
