"""The filtered article list as data, produced a chunk at a time.

- CSV and JSON (`export.csv`, `export.json`) describe what the public pages show:
  the shown actors (found by detection or set by editors alike), the events, the
  archive URL, the body's hash. They are for reading and analysis.
- JSON Lines (`export.jsonl`) is exactly the import format (articles.importer):
  what an editor decided and nothing derived. Its `actors` are the editors'
  mentions only, its `rejected_actors` the ones they ruled out; detection finds the
  rest again from the text. Importing it back changes nothing.
"""

import csv
import json

from django.db.models import Prefetch

from .models import Event, Mention

CHUNK = 500
FIELDS = [
    "title", "archive_url", "url", "source", "retrieved_from", "published", "precision",
    "byline", "standfirst", "language", "status", "topics", "actors", "events", "sha256",
    "archived_from", "captured_at", "snapshot_sha256", "snapshot_warc",
]  # fmt: skip
LIST_SEPARATOR = "; "
# Spreadsheets run a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def for_export(queryset):
    """The queryset with what a row needs, loaded per chunk when iterated with chunk_size."""
    return queryset.select_related("source", "retrieved_from").prefetch_related(
        "topics",
        Prefetch(
            "mentions",
            queryset=Mention.objects.shown().select_related("actor").order_by("actor__name"),
            to_attr="shown_mentions",
        ),
        Prefetch("events", queryset=Event.objects.only("id", "title", "start_date")),
        "snapshots",
    )


def row(article, archive_url, body=False):
    """One article as export fields; lists are lists (CSV joins them)."""
    data = {
        "title": article.title,
        "archive_url": archive_url(article),
        "url": article.original_url,
        "source": article.source.name,
        "retrieved_from": article.retrieved_from.name if article.retrieved_from_id else "",
        "published": article.date_iso,
        "precision": article.published_precision,
        "byline": article.byline,
        "standfirst": article.standfirst,
        "language": article.language,
        "status": article.status,
        "topics": [topic.name for topic in article.topics.all()],
        "actors": [mention.actor.name for mention in article.shown_mentions],
        "events": [event.title for event in article.events.all()],
        "sha256": article.body_sha256,
        **_provenance(article, archive_url),
    }
    if body:
        data["body"] = article.body
    return data


def _provenance(article, archive_url):
    """Where and when the newest snapshot of the page was taken (empty when none was)."""
    snapshot = next(iter(article.snapshots.all()), None)  # prefetched, newest first
    if snapshot is None:
        return dict.fromkeys(
            ["archived_from", "captured_at", "snapshot_sha256", "snapshot_warc"], ""
        )
    # archive_url gives the article's absolute address; the WARC's is on the same site.
    site = archive_url(article).removesuffix(article.get_absolute_url())
    return {
        "archived_from": snapshot.final_url,
        "captured_at": snapshot.captured_at.isoformat(),
        "snapshot_sha256": snapshot.sha256,
        "snapshot_warc": site + snapshot.get_warc_url(),
    }


def _rows(queryset, archive_url, body=False):
    # The stored search vector is never exported, and the CSV has no body: both are large.
    queryset = queryset.defer("search_vector", "date_note", *(() if body else ("body",)))
    for article in for_export(queryset).iterator(chunk_size=CHUNK):
        yield row(article, archive_url, body=body)


class _Echo:
    """A file-like object whose write() hands the line back, for csv.writer in a stream."""

    def write(self, value):
        return value


def _cell(value):
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(value)
    # Quote-prefix text a spreadsheet would otherwise evaluate ("=HYPERLINK(…)").
    return "'" + value if value.startswith(_FORMULA_START) else value


# A spreadsheet opening a CSV file reads it as UTF-8 (Cyrillic intact) only when it
# starts with a byte-order mark; without one Excel assumes the local code page.
BOM = "\ufeff"


def csv_lines(queryset, archive_url):
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow(FIELDS)
    for data in _rows(queryset, archive_url):
        yield writer.writerow([_cell(data[name]) for name in FIELDS])


def json_chunks(queryset, archive_url):
    """{"count": N, "results": [...]} as a stream of strings, one article per string."""
    yield f'{{"count": {queryset.count()}, "results": ['
    separator = ""
    for data in _rows(queryset, archive_url, body=True):
        yield separator + json.dumps(data, ensure_ascii=False)
        separator = ", "
    yield "]}\n"


# The import format's fields, in the order a person reading the file expects.
IMPORT_FIELDS = [
    "title", "url", "source", "retrieved_from", "published", "date_note", "byline",
    "standfirst", "language", "status", "archived_at", "topics", "cited_sources", "actors",
    "rejected_actors", "body",
]  # fmt: skip


def for_import_records(queryset):
    """The queryset with what an import record needs, loaded per chunk when iterated."""
    return (
        queryset.defer("search_vector")
        .select_related("source", "retrieved_from")
        .prefetch_related(
            "topics",
            "cited_sources",
            Prefetch(
                "mentions",
                queryset=Mention.objects.set_by_editors()
                .select_related("actor")
                .order_by("actor__name", "actor_id"),
                to_attr="editor_mentions",
            ),
        )
    )


def import_record(article):
    """One article as a line of the import format: importing it gives the same article."""
    return {
        "title": article.title,
        "url": article.original_url,
        "source": article.source.name,
        "retrieved_from": article.retrieved_from.name if article.retrieved_from_id else "",
        "published": article.date_iso,
        "date_note": article.date_note,
        "byline": article.byline,
        "standfirst": article.standfirst,
        "language": article.language,
        "status": article.status,
        "archived_at": article.archived_at.isoformat(),
        "topics": [topic.name for topic in article.topics.all()],
        "cited_sources": [source.name for source in article.cited_sources.all()],
        "actors": [m.actor.name for m in article.editor_mentions if not m.rejected],
        "rejected_actors": [m.actor.name for m in article.editor_mentions if m.rejected],
        "body": article.body,
    }


def jsonl_lines(queryset):
    """The import format: one JSON object per line, UTF-8 as written (not \\u-escaped)."""
    for article in for_import_records(queryset).iterator(chunk_size=CHUNK):
        yield json.dumps(import_record(article), ensure_ascii=False) + "\n"
