"""Phase 1c: which existing article each record is, and what it would change.

A record is the article at the same URL, however spelt (articles.url_normalization);
a record without a URL is the article with the same source, title and date. What the
record gives is compared field by field with the article, so that an unchanged
record is reported as such and writes nothing.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from articles.models import Article, Mention, Precision, Source
from articles.url_normalization import normalize_url

from .records import Problem
from .vocabulary import NewName

BATCH = 1000
UNKNOWN_DATE = (None, Precision.UNKNOWN)


def published(record):
    """(date, precision): an absent date is an unknown one for matching and creating."""
    return record.get("published", UNKNOWN_DATE)


def match_articles(records):
    """Set each record's `article` (or leave it None for a new one); returns problems."""
    problems = []
    first_line = {}
    for record in records:
        key = normalize_url(record.get("url"))
        if key in first_line:
            message = _("the same URL as line %(line)d; an article has one URL") % {
                "line": first_line[key]
            }
            problems.append(Problem(record.line, "url", message))
        elif key:
            first_line[key] = record.line
    by_url = {}
    keys = list(first_line)
    for start in range(0, len(keys), BATCH):
        rows = Article.objects.filter(url_key__in=keys[start : start + BATCH])
        by_url.update(rows.values_list("url_key", "id"))

    # Without a URL: the same source, title and date.
    by_title = {}
    titles = sorted({r.get("title") for r in records if _existing(r.source)})
    for start in range(0, len(titles), BATCH):
        rows = Article.objects.filter(title__in=titles[start : start + BATCH]).values_list(
            "id", "source_id", "title", "published_on", "published_precision", "url_key"
        )
        for pk, source_id, title, date, precision, url_key in rows:
            by_title.setdefault((source_id, title, date, precision), []).append((pk, url_key))

    seen = {}
    for record in records:
        # Two records that share (source, title, date) would match one article next time.
        key = (_source_key(record.source), record.get("title"), *published(record))
        has_url = bool(record.get("url"))
        if key in seen and not (has_url and seen[key][1]):
            message = _("same source, title and date as line %(line)d; give both a url") % {
                "line": seen[key][0]
            }
            problems.append(Problem(record.line, "record", message))
        seen.setdefault(key, (record.line, has_url))

    matched = {}
    for record in records:
        pk = by_url.get(normalize_url(record.get("url")))
        if pk is None and _existing(record.source):
            key = (record.source.pk, record.get("title"), *published(record))
            for candidate, url_key in by_title.get(key, ()):
                # A different URL means a different article that shares a headline.
                if not url_key or not record.get("url"):
                    pk = candidate
                    break
        if pk is None:
            continue
        if pk in matched:
            message = _("is the same article as line %(line)d") % {"line": matched[pk]}
            problems.append(Problem(record.line, "record", message))
            continue
        matched[pk] = record.line
        record.article = pk
    if problems:
        return problems
    articles = {}
    pks = list(matched)
    for start in range(0, len(pks), BATCH):
        chunk = Article.objects.filter(pk__in=pks[start : start + BATCH]).prefetch_related(
            "topics",
            "cited_sources",
            Prefetch("mentions", queryset=Mention.objects.set_by_editors(), to_attr="editor"),
        )
        articles.update((article.pk, article) for article in chunk.defer("search_vector"))
    for record in records:
        if record.article is not None:
            record.article = articles[record.article]
            record.changes = changes(record)
    return []


def _existing(source):
    """The source when it is in the archive (not a NewName, nor unknown)."""
    return source if isinstance(source, Source) else None


def _source_key(source):
    return source.key if isinstance(source, NewName) else getattr(source, "pk", None)


# Import fields that set one article field each, and that field.
FIELD_MAP = {
    "title": "title",
    "body": "body",
    "url": "original_url",
    "byline": "byline",
    "standfirst": "standfirst",
    "date_note": "date_note",
    "language": "language",
    "status": "status",
    "archived_at": "archived_at",
}


def article_values(record, creating):
    """The article field values the record sets (sources may still be NewNames)."""
    values = {FIELD_MAP[name]: record.get(name) for name in FIELD_MAP if record.has(name)}
    values["source"] = record.source
    if creating or record.has("published"):
        values["published_on"], values["published_precision"] = published(record)
    if record.has("retrieved_from"):
        values["retrieved_from"] = record.retrieved_from or None
    if not values.get("archived_at"):
        values.pop("archived_at", None)  # no timestamp given: now, or the one it has
    if not creating:
        url = values.get("original_url")
        # A record without a URL keeps the article's; the same URL spelt otherwise is
        # no change, and the article keeps the spelling it has.
        if not url or normalize_url(url) == record.article.url_key:
            values.pop("original_url", None)
    return values


def changes(record):
    """The import fields whose value differs from the matched article's."""
    article = record.article
    changed = []
    names = {value: name for name, value in FIELD_MAP.items()}
    for field, value in article_values(record, creating=False).items():
        if field in ("source", "retrieved_from"):
            # Compared by id: the article's source is not loaded, and a NewName is new.
            current = getattr(article, f"{field}_id")
            differs = isinstance(value, NewName) or current != (value.pk if value else None)
        else:
            differs = getattr(article, field) != value
        if differs:
            changed.append(names.get(field, "published" if field.startswith("pub") else field))
    for field, current in (
        ("topics", article.topics.all()),
        ("cited_sources", article.cited_sources.all()),
    ):
        if record.has(field) and set(getattr(record, field)) != set(current):
            changed.append(field)
    kept = {m.actor_id for m in article.editor if not m.rejected}
    rejected = {m.actor_id for m in article.editor if m.rejected}
    if record.has("actors") and set(record.actor_ids) != kept:
        changed.append("actors")
    if record.has("rejected_actors") and set(record.rejected_actor_ids) != rejected:
        changed.append("rejected_actors")
    return list(dict.fromkeys(changed))
