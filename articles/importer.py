"""Bulk import of articles from JSON Lines (PRODUCT.md, "Import format").

Two phases, kept apart so nothing is written unless every record is valid:

1. `plan_import(lines)` parses and validates every line, resolves sources,
   topics and actors with a handful of batched queries, and decides for each
   record whether it creates, updates or leaves an article unchanged. It never
   writes; `--dry-run` stops here.
2. `apply(plan)` writes the plan inside one transaction: new articles with
   bulk_create (slug, hash and history computed here, since bulk_create skips
   save() and its signals), then mention detection and search vectors in bulk.

The management command only reads the file and prints; all rules live here.
"""

import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from .language import detect_language
from .models import Actor, Alias, Article, Language, Mention, Precision, Source, Topic
from .models.common import slug_base
from .models.dates import parse_partial_date
from .text import normalize

# Fields the JSON export writes that the import format does not take: a file
# made from an export imports without complaint, a typo in a field name does not.
EXPORT_ONLY_FIELDS = frozenset(
    {"archive_url", "precision", "events", "sha256", "slug", "archived_at"}
)
TEXT_FIELDS = (
    "title",
    "body",
    "source",
    "published",
    "url",
    "byline",
    "standfirst",
    "language",
    "retrieved_from",
    "status",
)
LIST_FIELDS = ("topics", "actors")
KNOWN_FIELDS = frozenset(TEXT_FIELDS + LIST_FIELDS) | EXPORT_ONLY_FIELDS
MAX_LENGTHS = {"title": 300, "byline": 300, "url": 1000, "source": 200, "retrieved_from": 200}
BATCH = 1000


class ImportFailed(Exception):
    """Raised with every problem found; nothing has been written."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s); nothing imported")


@dataclass
class Problem:
    line: int
    field: str
    message: str

    def __str__(self):
        return f"line {self.line}: {self.field}: {self.message}"


@dataclass
class Record:
    """One valid line, with the fields it carries (absent optional fields stay absent)."""

    line: int
    values: dict
    topics: list | None = None
    actors: list | None = None
    # Filled by planning:
    source: object = None
    retrieved_from: object = None
    topic_objs: list = field(default_factory=list)
    actor_ids: list = field(default_factory=list)
    article: Article | None = None  # the existing article it matches

    def get(self, name, default=None):
        return self.values.get(name, default)


@dataclass
class Plan:
    create: list = field(default_factory=list)  # Records
    update: list = field(default_factory=list)  # Records whose article differs
    unchanged: list = field(default_factory=list)
    new_sources: dict = field(default_factory=dict)  # folded name -> name
    new_topics: dict = field(default_factory=dict)

    def summary(self, dry_run=False):
        verbs = (
            ("would create", "would update", "unchanged")
            if dry_run
            else ("created", "updated", "unchanged")
        )
        counts = (len(self.create), len(self.update), len(self.unchanged))
        return ", ".join(f"{verb} {n}" for verb, n in zip(verbs, counts, strict=True))


# Phase 1a: each line on its own -------------------------------------------------


def parse_lines(lines):
    """Records from JSONL text lines (str or bytes), with every problem that needs no database."""
    records, problems = [], []
    for number, raw in enumerate(lines, start=1):
        if isinstance(raw, bytes):
            try:
                raw = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                problems.append(
                    Problem(number, "record", f"not UTF-8 text ({exc.reason} at byte {exc.start})")
                )
                continue
        if number == 1:
            raw = raw.removeprefix("\ufeff")
        if not raw.strip():
            continue  # blank lines separate nothing and mean nothing
        if "\x00" in raw:
            problems.append(Problem(number, "record", "contains a NUL byte"))
            continue
        try:
            data = json.loads(raw)
        except ValueError as exc:
            problems.append(Problem(number, "record", f"not valid JSON ({exc})"))
            continue
        if not isinstance(data, dict):
            problems.append(
                Problem(number, "record", f"must be a JSON object, not {_json_type(data)}")
            )
            continue
        record, record_problems = _clean(number, data)
        problems.extend(record_problems)
        if record is not None:
            records.append(record)
    return records, problems


def _json_type(value):
    return {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "true/false",
        type(None): "null",
        int: "a number",
        float: "a number",
    }.get(type(value), type(value).__name__)


def _clean(line, data):
    problems = []

    def problem(name, message):
        problems.append(Problem(line, name, message))

    values = {}
    for name in sorted(set(data) - KNOWN_FIELDS):
        problem(name[:60], "unknown field")
    for name in TEXT_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if value is None:
            value = ""
        if not isinstance(value, str):
            problem(name, f"must be a string, not {_json_type(value)}")
            continue
        if "\x00" in value:
            problem(name, "contains a NUL byte")
            continue
        values[name] = value if name == "body" else value.strip()
    for name in ("title", "body", "source"):
        if name not in values and not any(p.field == name for p in problems):
            problem(name, "is required")
        elif name in values and not values[name].strip():
            problem(name, "must not be empty")
    for name, limit in MAX_LENGTHS.items():
        if len(values.get(name, "")) > limit:
            problem(name, f"is longer than {limit} characters")

    if "published" in values:
        if values["published"]:
            try:
                values["published_on"], values["published_precision"] = parse_partial_date(
                    values["published"]
                )
            except ValueError as exc:
                problem("published", str(exc))
        else:
            values["published_on"], values["published_precision"] = None, Precision.UNKNOWN
    else:
        # Absent means unknown for matching and creating; an update leaves the date alone.
        values["published_on"], values["published_precision"] = None, Precision.UNKNOWN
    if values.get("url"):
        try:
            URLValidator(schemes=["http", "https"])(values["url"])
        except ValidationError:
            problem("url", f"{values['url'][:100]!r} is not an http(s) URL")
    if "language" in values and values["language"] not in Language.values:
        problem(
            "language",
            f"{values['language'][:20]!r} is not a known language ({', '.join(Language.values)})",
        )
    if "status" in values and values["status"] not in Article.Status.values:
        problem("status", f"{values['status'][:20]!r} must be 'published' or 'draft'")

    lists = {}
    for name in LIST_FIELDS:
        value = data.get(name)
        if value is None:
            continue
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            problem(name, "must be a list of strings")
            continue
        if any("\x00" in item for item in value):
            problem(name, "contains a NUL byte")
            continue
        items = [item.strip() for item in value]
        if any(not item for item in items):
            problem(name, "contains an empty name")
            continue
        if name == "topics" and any(len(item) > 200 for item in items):
            problem(name, "contains a name longer than 200 characters")
            continue
        lists[name] = items
    if problems:
        return None, problems
    return Record(line, values, topics=lists.get("topics"), actors=lists.get("actors")), []


# Phase 1b: against the database, without writing --------------------------------


def plan_import(lines):
    """Validate every line and decide what each does. Raises ImportFailed listing every problem."""
    records, problems = parse_lines(lines)
    plan = Plan()
    problems += _resolve_sources_and_topics(records, plan)
    problems += _resolve_actors(records)
    problems += _match_articles(records)
    if problems:
        raise ImportFailed(sorted(problems, key=lambda p: p.line))
    for record in records:
        if record.article is None:
            plan.create.append(record)
        elif _differs(record):
            plan.update.append(record)
        else:
            plan.unchanged.append(record)
    return plan


class _Lookup:
    """Names or slugs of sources/topics; unknown names become new objects, created once."""

    def __init__(self, model, new):
        self.by_slug, self.by_name = {}, {}
        for obj in model.objects.all():
            self.by_slug[obj.slug] = obj
            self.by_name[obj.name.casefold()] = obj
        self.new = new

    def resolve(self, text):
        found = self.by_slug.get(text) or self.by_name.get(text.casefold())
        if found is not None:
            return found
        self.new.setdefault(text.casefold(), text)
        return text.casefold()  # a key into `new`, replaced by the object when written


def _resolve_sources_and_topics(records, plan):
    # Sources and topics are editorial vocabularies (hundreds, not millions): load them whole.
    sources = _Lookup(Source, plan.new_sources)
    topics = _Lookup(Topic, plan.new_topics)
    for record in records:
        record.source = sources.resolve(record.get("source"))
        if record.get("retrieved_from"):
            record.retrieved_from = sources.resolve(record.get("retrieved_from"))
        if record.topics is not None:
            record.topic_objs = list(dict.fromkeys(topics.resolve(name) for name in record.topics))
    return []


def _resolve_actors(records):
    problems = []
    keys = {normalize(name) for record in records for name in record.actors or ()}
    keys.discard("")
    by_key = {}
    keys_list = sorted(keys)
    for start in range(0, len(keys_list), BATCH):
        chunk = keys_list[start : start + BATCH]
        for key, actor_id in Alias.objects.filter(normalized__in=chunk).values_list(
            "normalized", "actor_id"
        ):
            by_key.setdefault(key, set()).add(actor_id)
    # An actor's own name counts even when no alias repeats it (as exports write names).
    if keys - set(by_key):
        for actor_id, name in Actor.objects.values_list("id", "name"):
            key = normalize(name)
            if key in keys:
                by_key.setdefault(key, set()).add(actor_id)
    names = {}
    for record in records:
        ids = []
        for name in record.actors or ():
            found = by_key.get(normalize(name), set())
            if not found:
                problems.append(
                    Problem(record.line, "actors", f"no actor is called {name[:100]!r}")
                )
            elif len(found) > 1:
                if not names:
                    names.update(
                        Actor.objects.in_bulk(list({i for s in by_key.values() for i in s}))
                    )
                which = ", ".join(sorted(names[i].name for i in found))
                problems.append(
                    Problem(record.line, "actors", f"{name[:100]!r} could be any of: {which}")
                )
            else:
                ids.append(next(iter(found)))
        record.actor_ids = list(dict.fromkeys(ids))
    return problems


def _key_part(source):
    return source if isinstance(source, str) else source.pk


def _match_articles(records):
    """Find each record's existing article: by URL, else by (source, title, date)."""
    problems = []
    urls = {}
    for record in records:
        url = record.get("url")
        if url:
            if url in urls:
                problems.append(
                    Problem(record.line, "url", f"also on line {urls[url]}; URLs are unique")
                )
            else:
                urls[url] = record.line
    by_url = {}
    url_list = list(urls)
    for start in range(0, len(url_list), BATCH):
        for article in Article.objects.filter(
            original_url__in=url_list[start : start + BATCH]
        ).only("id", "original_url"):
            by_url[article.original_url] = article.pk
    by_key = {}
    titles = sorted(
        {record.get("title") for record in records if not isinstance(record.source, str)}
    )
    for start in range(0, len(titles), BATCH):
        rows = Article.objects.filter(title__in=titles[start : start + BATCH]).values_list(
            "id", "source_id", "title", "published_on", "original_url"
        )
        for pk, source_id, title, published_on, url in rows:
            by_key.setdefault((source_id, title, published_on), []).append((pk, url))

    seen_keys = {}
    for record in records:
        # Two records that share (source, title, date) would match one article on the next run.
        key = (_key_part(record.source), record.get("title"), record.get("published_on"))
        if key in seen_keys and not (record.get("url") and seen_keys[key][1]):
            problems.append(
                Problem(
                    record.line,
                    "record",
                    f"same source, title and date as line {seen_keys[key][0]}; give both a url",
                )
            )
        seen_keys.setdefault(key, (record.line, bool(record.get("url"))))

    matched = {}
    for record in records:
        url = record.get("url")
        pk = by_url.get(url) if url else None
        if pk is None and not isinstance(record.source, str):
            key = (record.source.pk, record.get("title"), record.get("published_on"))
            for candidate, existing_url in by_key.get(key, ()):
                # A different original URL means a different article that shares a headline.
                if not existing_url or not url:
                    pk = candidate
                    break
        if pk is not None:
            if pk in matched:
                problems.append(
                    Problem(record.line, "record", f"is the same article as line {matched[pk]}")
                )
                continue
            matched[pk] = record.line
            record.article = pk
    if problems:
        return problems
    # Load the matched articles whole, with what the comparison needs, a chunk at a time.
    articles = {}
    pks = list(matched)
    for start in range(0, len(pks), BATCH):
        chunk = Article.objects.filter(pk__in=pks[start : start + BATCH]).prefetch_related(
            "topics", "mentions"
        )
        articles.update((article.pk, article) for article in chunk)
    for record in records:
        if record.article is not None:
            record.article = articles[record.article]
    return problems


# Which article fields a record's keys set.
FIELD_MAP = {
    "title": "title",
    "body": "body",
    "url": "original_url",
    "byline": "byline",
    "standfirst": "standfirst",
    "language": "language",
    "status": "status",
}


def _article_values(record, sources, creating):
    """The article field values the record sets; defaults only when creating."""
    values = {FIELD_MAP[key]: record.get(key) for key in FIELD_MAP if key in record.values}
    values["source"] = _obj(record.source, sources)
    if creating or "published" in record.values:
        values["published_on"] = record.get("published_on")
        values["published_precision"] = record.get("published_precision")
    if "retrieved_from" in record.values:
        values["retrieved_from"] = (
            _obj(record.retrieved_from, sources) if record.retrieved_from else None
        )
    if creating:
        if "language" not in values:
            text = "\n\n".join(values.get(key) or "" for key in ("title", "standfirst", "body"))
            values["language"] = detect_language(text) or Language.ENGLISH
        values.setdefault("status", Article.Status.PUBLISHED)
    elif not values.get("original_url"):
        values.pop("original_url", None)  # a record without a URL does not erase the one we have
    return values


def _obj(value, created):
    return created[value] if isinstance(value, str) else value


def _differs(record):
    article = record.article
    if isinstance(record.source, str) or isinstance(record.retrieved_from, str):
        return True
    for name, value in _article_values(record, {}, creating=False).items():
        if name in ("source", "retrieved_from"):
            if getattr(article, f"{name}_id") != (value.pk if value else None):
                return True
        elif getattr(article, name) != value:
            return True
    if record.topics is not None:
        if any(isinstance(t, str) for t in record.topic_objs):
            return True
        if {t.pk for t in record.topic_objs} != {t.pk for t in article.topics.all()}:
            return True
    editor_actors = {
        m.actor_id
        for m in article.mentions.all()
        if m.origin == Mention.Origin.EDITOR and not m.rejected
    }
    return not set(record.actor_ids) <= editor_actors


# Phase 2: writing --------------------------------------------------------------------


def apply(plan):
    """Write the plan in one transaction; returns the created articles."""
    with transaction.atomic():
        sources = {key: Source.objects.create(name=name) for key, name in plan.new_sources.items()}
        topics = {key: Topic.objects.create(name=name) for key, name in plan.new_topics.items()}
        created = _create(plan.create, sources, topics)
        _update(plan.update, sources, topics)  # save() runs the post_save receivers itself
        _after_write(created)
    return created


def _create(records, sources, topics):
    if not records:
        return []
    slugs = _SlugAllocator([record.get("title") for record in records])
    articles = []
    for record in records:
        article = Article(**_article_values(record, sources, creating=True))
        # bulk_create skips save(): derive what it would.
        article.body_sha256 = Article.compute_sha256(article.body)
        article.slug = slugs.take(article.title)
        articles.append(article)
    articles = bulk_create_with_history(articles, Article, batch_size=500)
    through = Article.topics.through
    topic_rows, mentions = [], []
    for record, article in zip(records, articles, strict=True):
        record.article = article
        for topic in record.topic_objs:
            topic_rows.append(through(article_id=article.pk, topic_id=_obj(topic, topics).pk))
        for actor_id in record.actor_ids:
            mentions.append(
                Mention(article=article, actor_id=actor_id, origin=Mention.Origin.EDITOR)
            )
    through.objects.bulk_create(topic_rows, batch_size=2000)
    bulk_create_with_history(mentions, Mention, batch_size=1000)
    return articles


def _update(records, sources, topics):
    articles = []
    for record in records:
        article = record.article
        for name, value in _article_values(record, sources, creating=False).items():
            setattr(article, name, value)
        article.save()  # few compared with creations; save() keeps hash, history and signals
        if record.topics is not None:
            article.topics.set([_obj(topic, topics) for topic in record.topic_objs])
        existing = {m.actor_id: m for m in article.mentions.all()}
        for actor_id in record.actor_ids:
            mention = existing.get(actor_id)
            if mention is None:
                Mention.objects.create(
                    article=article, actor_id=actor_id, origin=Mention.Origin.EDITOR
                )
            elif mention.origin != Mention.Origin.EDITOR or mention.rejected:
                # The import is an editor's statement that the actor is in the article.
                mention.origin, mention.rejected = Mention.Origin.EDITOR, False
                mention.save()
        articles.append(article)
    return articles


class _SlugAllocator:
    """Unique slugs for many new articles in two queries, made as SluggedModel.save() would."""

    def __init__(self, titles):
        self.bases = {title: slug_base(title, fallback="article") for title in titles}
        wanted = sorted(set(self.bases.values()))
        self.taken = set()
        for start in range(0, len(wanted), BATCH):
            self.taken.update(
                Article.objects.filter(slug__in=wanted[start : start + BATCH]).values_list(
                    "slug", flat=True
                )
            )
        # Only bases already taken need their numbered variants looked up.
        for base in sorted(self.taken):
            self.taken.update(
                Article.objects.filter(slug__startswith=f"{base}-").values_list("slug", flat=True)
            )
        self.next_n = {}

    def take(self, title):
        base = self.bases[title]
        slug, n = base, self.next_n.get(base, 2)
        while slug in self.taken:
            suffix = f"-{n}"
            slug = f"{base[: 200 - len(suffix)]}{suffix}"
            n += 1
        self.next_n[base] = n
        self.taken.add(slug)
        return slug


def _after_write(articles):
    """What Article's post_save receiver (articles.signals) does, for rows bulk_create
    wrote without signals: mention detection and search vectors, each in batches.

    Imported here, where they are needed: validation and --dry-run never load them.
    """
    if not articles:
        return
    from articles.detection import detect_mentions
    from articles.search import update_search_vectors

    imported = Article.objects.filter(pk__in=[article.pk for article in articles])
    update_search_vectors(imported)
    detect_mentions(imported)
