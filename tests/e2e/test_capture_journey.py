"""Capture in a real browser: an editor captures a page from the loopback news site,
reviews the draft beside the snapshot, corrects and publishes it, and a reader sees
where and when it was archived and downloads the WARC."""

import hashlib
import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from articles.models import Article
from capture.models import Snapshot

from .conftest import SCREENSHOTS, admin_url, new_page, url

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"  # tests/conftest.py's editor_user
PAGE = "/news/meet-the-belarusian-regiment"
TITLE = "Meet the Belarusian Regiment Fighting for Ukraine"


def _run_data_migration(app, name, function):
    state = MigrationLoader(connection).project_state((app, name))
    getattr(importlib.import_module(f"{app}.migrations.{name}"), function)(state.apps, None)


@pytest.fixture
def editors_group(transactional_db):
    """The Editors group, allowed to capture: a transactional test flushes the rows the
    data migrations made, so their own functions make them again."""
    from django.contrib.auth.models import Group

    if not Group.objects.filter(name="Editors").exists():
        _run_data_migration("articles", "0003_editors_group", "create_editors")
    _run_data_migration("capture", "0002_editors_capture", "grant")


@pytest.fixture
def editor_user(editors_group, editor_user):
    """tests/conftest.py's editor, once the group they join exists again."""
    return editor_user


def shoot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"capture-{name}.png"), full_page=True)


def test_capture_review_publish_and_read_with_provenance(page, live_server, capturing, editor_user):
    base = live_server.url
    admin = admin_url(base)
    page.goto(admin)
    page.get_by_label("Username").fill(editor_user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(admin)

    # From the article list, "Capture from URL".
    page.goto(admin + "articles/article/")
    page.get_by_role("link", name="Capture from URL").click()
    page.get_by_label("URLs").fill(f"{capturing.url('/report.pdf')}\n{capturing.url(PAGE)}")
    shoot(page, "request-1280")
    page.get_by_role("button", name="Capture").click()
    page.wait_for_url("**/capture/capture/")
    assert "Queued 2 captures" in page.locator(".messagelist").inner_text()
    failed = page.locator("#result_list tbody tr", has_text="report.pdf")
    assert "Not HTML or text:" in failed.inner_text()
    assert "The page is application/pdf, not HTML or text." in failed.inner_text()
    shoot(page, "captures-1280")
    row = page.locator("#result_list tbody tr", has_text=PAGE)
    assert "Done" in row.inner_text()

    # Review: the draft's fields beside the snapshot, rendered from the stored copy.
    row.get_by_role("link", name=TITLE).click()
    page.wait_for_url("**/articles/article/*/change/")
    assert page.locator("#id_title").input_value() == TITLE
    assert page.locator("#id_byline").input_value() == "Sam Skove"
    frame_element = page.locator("iframe.capture-review__frame")
    assert frame_element.get_attribute("sandbox") == ""
    frame = page.frame_locator("iframe.capture-review__frame")
    assert TITLE in frame.locator("h1").inner_text()
    # The snapshot's own script (a link to the live site's analytics) never runs.
    assert not [r for r in capturing.requests if r[0].startswith("/static/")]
    shoot(page, "review-1280")
    page.set_viewport_size({"width": 375, "height": 800})
    shoot(page, "review-375")
    page.set_viewport_size({"width": 1280, "height": 900})

    # The editor corrects the date's note and publishes.
    page.locator("#id_date_note").fill("The date is the one the page states.")
    page.locator("#id_status").select_option("published")
    page.locator("input[name=_save]").first.click()
    page.wait_for_url("**/admin/articles/article/")
    article = Article.objects.get()
    assert article.is_published
    snapshot = Snapshot.objects.get()

    # A reader sees the article with its provenance and downloads the WARC.
    reader = new_page(page.context.browser)
    reader.goto(url(base, "articles:article_detail", article.slug))
    provenance = reader.locator(".provenance")
    text = provenance.inner_text()
    assert f"Archived from {capturing.url(PAGE)}" in text
    assert snapshot.sha256 in text
    with reader.expect_download() as download_info:
        provenance.get_by_role("link", name="Download the snapshot (WARC)").click()
    downloaded = download_info.value.path()
    with snapshot.warc.open("rb") as stored, open(downloaded, "rb") as got:
        assert hashlib.sha256(got.read()).digest() == hashlib.sha256(stored.read()).digest()
    provenance.scroll_into_view_if_needed()
    shoot(reader, "article-1280")
    reader.set_viewport_size({"width": 375, "height": 800})
    shoot(reader, "article-375")
    provenance.screenshot(path=str(SCREENSHOTS / "capture-provenance-375.png"))
    assert reader.errors == []
    reader.context.close()
