"""Capturing an article from its URL: the draft, the snapshot, the review and what readers see.

Pages come from the loopback news site (tests/capture_site.py); tasks run as they are
queued (the immediate backend), except where a test shows that the web request only
queues them.
"""

import csv
import hashlib
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from warcio.archiveiterator import ArchiveIterator

from articles import versions
from articles.models import Article, Mention, Source
from capture.errors import Failure
from capture.models import Capture, Snapshot, snapshot_storage
from tests.capture_site import ARTICLES, seed_articles

SEED = seed_articles()
PAGES = {path: SEED[slug] for path, (slug, *_rest) in ARTICLES.items()}
FURNITURE = [
    "Subscribe",
    "newsletter",
    "morning briefing",
    "Related stories",
    "Grain corridor",
    "All rights reserved",
    "Privacy policy",
    "Politics",
]


@pytest.fixture
def capture(editor, django_capture_on_commit_callbacks):
    """Capture URLs as an editor does, in the admin; the task runs when the request commits."""

    def capture(*urls, as_user=editor):
        with django_capture_on_commit_callbacks(execute=True):
            return as_user.post(reverse("admin:capture_capture_add"), {"urls": "\n".join(urls)})

    return capture


def stored_files():
    storage = snapshot_storage()

    def walk(path):
        directories, files = storage.listdir(path)
        found = [f"{path}/{name}".lstrip("/") for name in files]
        for directory in directories:
            found += walk(f"{path}/{directory}".lstrip("/"))
        return found

    return walk("")


@pytest.fixture
def no_snapshot_files():
    """Snapshot storage as the test leaves it is checked against what it held before."""
    before = set(stored_files())
    yield lambda: set(stored_files()) - before


@pytest.mark.parametrize("path", list(PAGES))
def test_a_seed_page_becomes_a_draft_with_its_text_verbatim(db, capturing, editor, path, capture):
    capture(capturing.url(path))
    seed = PAGES[path]
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert article.title == seed["title"]
    assert article.paragraphs == seed["body"].split("\n\n")
    assert article.body == seed["body"]
    assert article.standfirst == seed["standfirst"]
    for furniture in FURNITURE:
        assert furniture not in article.body
    assert article.original_url == capturing.url(path)
    assert article.language == "en"


def test_byline_and_date_come_out_where_the_page_states_them(db, capturing, editor, capture):
    capture(capturing.url("/news/meet-the-belarusian-regiment"))
    article = Article.objects.get()
    assert article.byline == "Sam Skove"
    assert article.date_iso == "2023-02-20"
    assert article.published_precision == "day"


def test_a_page_without_byline_or_date_says_so(db, capturing, editor, capture):
    capture(capturing.url("/news/belarusian-border-guard-abandons-post"))
    article = Article.objects.get()
    assert article.byline == ""
    assert article.published_on is None
    assert article.published_precision == "unknown"


def test_the_snapshot_is_a_warc_whose_payload_has_the_recorded_hash(db, capturing, editor, capture):
    url = capturing.url("/news/meet-the-belarusian-regiment")
    capture(url)
    snapshot = Snapshot.objects.get()
    with snapshot.warc.open("rb") as handle:
        records = [
            (record.rec_type, record.rec_headers, record.http_headers, record.raw_stream.read())
            for record in ArchiveIterator(handle)
        ]
    assert [kind for kind, *_ in records] == ["request", "response"]
    _, request_headers, request_http, _ = records[0]
    assert request_headers.get_header("WARC-Target-URI") == url
    assert request_http.get_header("User-Agent").startswith("BelarusWarArchive")
    _, response_headers, response_http, payload = records[1]
    assert response_http.get_statuscode() == "200"
    assert response_http.get_header("Server").startswith("TestNews")
    assert response_headers.get_header("WARC-IP-Address") == "127.0.0.1"
    assert hashlib.sha256(payload).hexdigest() == snapshot.sha256
    assert len(payload) == snapshot.size
    assert b"Get the morning briefing" in payload  # unaltered: the furniture is kept
    assert snapshot.captured_at is not None
    assert snapshot.article.archived_at == snapshot.captured_at


def test_a_redirect_chain_is_archived_hop_by_hop(db, capturing, editor, capture):
    capture(capturing.url("/moved/3"))
    snapshot = Snapshot.objects.get()
    assert snapshot.url == capturing.url("/moved/3")
    assert snapshot.final_url == capturing.url("/opinion/belarus-is-complicit")
    with snapshot.warc.open("rb") as handle:
        statuses = [
            record.http_headers.get_statuscode()
            for record in ArchiveIterator(handle)
            if record.rec_type == "response"
        ]
    assert statuses == ["302", "302", "302", "200"]


def test_capturing_again_adds_a_snapshot_and_keeps_both(db, capturing, editor, capture):
    path = "/opinion/belarus-is-complicit"
    capture(capturing.url(path))
    article = Article.objects.get()
    article.title = "Corrected by the editor"
    article.save()
    first = Snapshot.objects.get()
    # The same URL however it is spelt (tracking parameters, trailing slash).
    capture(capturing.url(path + "/?utm_source=newsletter"))
    assert Article.objects.count() == 1
    article.refresh_from_db()
    assert article.title == "Corrected by the editor"
    snapshots = list(article.snapshots.all())
    assert len(snapshots) == 2
    assert first in snapshots
    assert snapshots[0].warc.name != snapshots[1].warc.name
    for snapshot in snapshots:
        assert snapshot_storage().exists(snapshot.warc.name)


def test_a_snapshot_is_never_modified(db, capturing, editor, capture):
    capture(capturing.url("/opinion/belarus-is-complicit"))
    snapshot = Snapshot.objects.get()
    snapshot.sha256 = "0" * 64
    with pytest.raises(ValueError):
        snapshot.save()
    assert Snapshot.objects.get().sha256 != "0" * 64


@pytest.mark.parametrize(
    "path, failure, message",
    [
        ("/missing", Failure.HTTP_ERROR, "HTTP 404"),
        ("/report.pdf", Failure.NOT_HTML, "application/pdf"),
        ("/huge", Failure.TOO_LARGE, "larger than"),
        ("/slow", Failure.TIMEOUT, "within 1 s"),
        ("/moved/9", Failure.TOO_MANY_REDIRECTS, "redirects"),
        ("/to-private", Failure.REFUSED, "10.20.30.40"),
    ],
)
def test_a_failed_capture_says_why_and_leaves_nothing_half_written(
    db, capturing, editor, no_snapshot_files, path, failure, message, capture
):
    sources = Source.objects.count()
    capture(capturing.url(path))
    failed = Capture.objects.get()
    assert failed.status == Capture.Status.FAILED
    assert failed.failure == failure
    assert message in failed.message
    assert not Article.objects.exists()
    assert not Snapshot.objects.exists()
    assert Source.objects.count() == sources
    assert no_snapshot_files() == set()
    page = editor.get(reverse("admin:capture_capture_changelist"))
    assert str(failure.label) in page.content.decode()
    assert message in page.content.decode()


def test_loopback_is_refused_when_not_allowed_and_the_server_sees_no_request(
    db, news_site, settings, editor, capture
):
    news_site.requests.clear()
    settings.CAPTURE_ALLOWED_NETWORKS = []
    capture(news_site.url("/opinion/belarus-is-complicit"))
    assert Capture.objects.get().failure == Failure.REFUSED
    assert news_site.requests == []
    assert not Article.objects.exists()


def test_the_source_is_matched_by_the_domain_of_its_homepage(db, capturing, editor, capture):
    outlet = Source.objects.create(name="Loopback Times", homepage="https://www.127.0.0.1/")
    capture(capturing.url("/opinion/belarus-is-complicit"))
    assert Article.objects.get().source == outlet
    assert Capture.objects.get().new_source is None


def test_an_unknown_domain_proposes_a_source_named_as_the_page_names_its_site(
    db, capturing, editor, capture
):
    capture(capturing.url("/opinion/belarus-is-complicit"))
    done = Capture.objects.get()
    assert done.new_source is not None
    assert done.new_source.name == "Byline Times"
    assert Article.objects.get().source == done.new_source
    # The editor sees it on the capture and beside the draft, to confirm or merge.
    page = editor.get(reverse("admin:capture_capture_change", args=[done.pk]))
    assert "Byline Times" in page.content.decode()
    review = editor.get(reverse("admin:articles_article_change", args=[done.article_id]))
    source_link = reverse("admin:articles_source_change", args=[done.new_source.pk])
    assert f'the capture made a new source, <a href="{source_link}">Byline Times</a>' in (
        review.content.decode()
    )


def test_mentions_are_detected_in_the_captured_text(seeded, capturing, editor, capture):
    capture(capturing.url("/opinion/belarus-is-complicit"))
    article = Article.objects.get(status=Article.Status.DRAFT)
    named = set(Mention.objects.filter(article=article).values_list("actor__slug", flat=True))
    assert {"alexander-lukashenko", "wagner-group"} <= named


def test_the_capture_form_refuses_what_is_not_an_address_and_queues_nothing(db, editor, capture):
    response = capture("ftp://example.org/file", "not a url")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Not an http or https address." in text
    assert "nothing was queued" in text
    assert not Capture.objects.exists()


def test_several_urls_at_once(db, capturing, editor, capture):
    response = capture(
        capturing.url("/opinion/belarus-is-complicit"),
        capturing.url("/news/meet-the-belarusian-regiment"),
    )
    assert response.status_code == 302
    assert Capture.objects.filter(status=Capture.Status.DONE).count() == 2
    assert Article.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_web_request_only_queues_the_capture(capturing, admin_client, settings):
    """With the database backend, the request queues a task and fetches nothing; the
    worker then runs it. Transactional: the worker manages its own connection."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    url = capturing.url("/opinion/belarus-is-complicit")
    admin_client.post(reverse("admin:capture_capture_add"), {"urls": url})
    queued = Capture.objects.get()
    assert queued.status == Capture.Status.QUEUED
    assert queued.task_id
    assert capturing.requests == []
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)
    queued.refresh_from_db()
    assert queued.status == Capture.Status.DONE
    assert [path for path, _ in capturing.requests] == ["/opinion/belarus-is-complicit"]


def test_the_command_captures_and_refuses_bad_addresses(
    db, capturing, django_capture_on_commit_callbacks
):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("capture", capturing.url("/news/meet-the-belarusian-regiment"), stdout=out)
    assert "Queued 1 capture" in out.getvalue()
    assert Article.objects.get().byline == "Sam Skove"
    with pytest.raises(CommandError, match="not-a-url"):
        call_command("capture", "not-a-url", capturing.url("/missing"))
    assert Capture.objects.count() == 1


def test_the_command_names_the_editor_in_the_history(
    db, capturing, editor_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "capture",
            capturing.url("/opinion/belarus-is-complicit"),
            editor="eddie",
            stdout=io.StringIO(),
        )
    assert Article.objects.get().history.get().history_user == editor_user
    with pytest.raises(CommandError, match="not an active staff user"):
        call_command("capture", capturing.url("/missing"), editor="nobody")


def test_the_command_dry_run_queues_nothing(db, capturing):
    out = io.StringIO()
    call_command("capture", capturing.url("/missing"), dry_run=True, stdout=out)
    assert "would be captured" in out.getvalue()
    assert not Capture.objects.exists()
    assert capturing.requests == []


def test_the_article_review_shows_the_snapshot_in_a_sandbox(db, capturing, editor, capture):
    capture(capturing.url("/news/meet-the-belarusian-regiment"))
    article = Article.objects.get()
    snapshot = Snapshot.objects.get()
    page = editor.get(reverse("admin:articles_article_change", args=[article.pk]))
    text = page.content.decode()
    assert (
        f'<iframe class="capture-review__frame" sandbox src="{snapshot.get_content_url()}"' in text
    )
    assert snapshot.sha256 in text
    framed = editor.get(snapshot.get_content_url())
    assert framed.status_code == 200
    policy = framed["Content-Security-Policy"]
    assert policy.startswith("sandbox;")
    assert "default-src 'none'" in policy
    assert "script-src" not in policy  # scripts fall under default-src 'none'
    assert framed["X-Frame-Options"] == "SAMEORIGIN"
    assert b"Meet the Belarusian Regiment" in framed.content


def test_only_staff_see_the_rendered_snapshot(db, capturing, editor, reader, capture):
    capture(capturing.url("/news/meet-the-belarusian-regiment"))
    snapshot = Snapshot.objects.get()
    response = reader.get(snapshot.get_content_url())
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_a_reader_sees_provenance_once_the_capture_is_published(
    db, capturing, editor, reader, capture
):
    capture(capturing.url("/news/meet-the-belarusian-regiment"))
    article = Article.objects.get()
    snapshot = Snapshot.objects.get()
    assert reader.get(article.get_absolute_url()).status_code == 404
    assert reader.get(snapshot.get_warc_url()).status_code == 404
    article.status = Article.Status.PUBLISHED
    article.save()
    page = reader.get(article.get_absolute_url()).content.decode()
    assert "Archived from" in page
    assert capturing.url("/news/meet-the-belarusian-regiment") in page
    assert snapshot.sha256 in page
    assert snapshot.get_warc_url() in page
    download = reader.get(snapshot.get_warc_url())
    assert download.status_code == 200
    assert download["Content-Type"] == "application/warc"
    assert "attachment" in download["Content-Disposition"]
    body = b"".join(download.streaming_content)
    with snapshot.warc.open("rb") as handle:
        assert body == handle.read()


def test_exports_and_the_api_carry_the_provenance(db, capturing, editor, reader, capture):
    capture(capturing.url("/news/meet-the-belarusian-regiment"))
    Article.objects.update(status=Article.Status.PUBLISHED)
    article = Article.objects.get()
    snapshot = Snapshot.objects.get()
    exported = reader.get(reverse("articles:export_json")).streaming_content
    data = json.loads(b"".join(exported))["results"][0]
    assert data["archived_from"] == snapshot.final_url
    assert data["snapshot_sha256"] == snapshot.sha256
    assert data["snapshot_warc"] == "http://testserver" + snapshot.get_warc_url()
    assert data["captured_at"] == snapshot.captured_at.isoformat()
    exported = reader.get(reverse("articles:export_csv")).streaming_content
    text = b"".join(exported).decode().removeprefix("\ufeff")
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["snapshot_sha256"] == snapshot.sha256
    detail = reader.get(reverse("api:article-detail", args=[article.slug])).json()
    assert detail["snapshots"] == [
        {
            "url": snapshot.final_url,
            "captured_at": detail["snapshots"][0]["captured_at"],
            "sha256": snapshot.sha256,
            "warc": "http://testserver" + snapshot.get_warc_url(),
        }
    ]


def test_the_draft_history_names_the_editor_who_asked(db, capturing, editor_user, capture):
    capture(capturing.url("/opinion/belarus-is-complicit"))
    created = Article.objects.get().history.get()
    assert created.history_user == editor_user
    assert created.history_change_reason.startswith("Captured from http://127.0.0.1:")


def test_text_over_the_article_limit_fails_the_capture(
    db, capturing, settings, no_snapshot_files, capture
):
    settings.ARTICLE_TEXT_MAX_BYTES = 2000
    capture(capturing.url("/opinion/belarus-is-complicit"))
    failed = Capture.objects.get()
    assert failed.failure == Failure.TEXT_TOO_LARGE
    assert failed.message.startswith("The article's body is ")
    assert not Article.objects.exists()
    assert no_snapshot_files() == set()


def test_an_unexpected_error_is_shown_and_undoes_the_capture(
    db, capturing, monkeypatch, no_snapshot_files, capture
):
    def broken(url):
        raise RuntimeError("the sources table is unreachable")

    monkeypatch.setattr("capture.service.matching_source", broken)
    capture(capturing.url("/opinion/belarus-is-complicit"))
    failed = Capture.objects.get()
    assert failed.status == Capture.Status.FAILED
    assert failed.failure == Failure.ERROR
    assert "the sources table is unreachable" in failed.message
    assert not Article.objects.exists()
    assert not Snapshot.objects.exists()
    assert no_snapshot_files() == set()


def test_a_new_snapshot_of_a_published_article_shows_at_once(
    db, capturing, reader, capture, page_cache
):
    """Public pages are cached under a data version: a capture must make it stale."""
    url = capturing.url("/news/meet-the-belarusian-regiment")
    capture(url)
    Article.objects.update(status=Article.Status.PUBLISHED)
    versions.bump()  # update() sends no signal
    article = Article.objects.get()
    assert reader.get(article.get_absolute_url()).content.decode().count("Archived from") == 1
    capture(url)
    assert reader.get(article.get_absolute_url()).content.decode().count("Archived from") == 2
