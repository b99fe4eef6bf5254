"""Generate the synthetic corpus and write it with bulk operations only.

Everything is drawn from one random.Random(seed) in a fixed order, so a seed
always gives the same archive. bulk_create skips Model.save(), so the fields
save() derives are computed here: slugs and alias keys directly, the rest (body
hash, date periods, URL keys) by the models' own prepare_for_save(); and
simple_history writes no history rows for synthetic data.
"""

import bisect
import datetime
import random
import time
from concurrent.futures import ThreadPoolExecutor
from itertools import accumulate

from django.db import connection, transaction
from django.utils.text import slugify

from articles import versions
from articles.models import Actor, Alias, Article, Event, EventActor, Mention, Source, Topic
from articles.models.dates import Precision, start_of_period
from articles.text import normalize

from . import words as W

PREFIX = "synthetic-"
FIRST_DAY = datetime.date(2020, 1, 1)
LAST_DAY = datetime.date(2026, 10, 31)  # fixed, not today: the same seed must give the same dates
ARCHIVED_AT = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
PERSON_COUNTRIES = ["BY"] * 4 + ["UA"] * 2 + ["RU"]
_CYRILLIC = [
    ("shch", "щ"),
    ("zh", "ж"),
    ("kh", "х"),
    ("ch", "ч"),
    ("sh", "ш"),
    ("ts", "ц"),
    ("ya", "я"),
    ("yu", "ю"),
] + list(zip("abvgdezijklmnoprstufhcyw", "абвгдезийклмнопрстуфхцыв", strict=True))


def cyrillic(latin):
    """A stem's Cyrillic spelling; good enough for names that exist only in this corpus."""
    out, i = [], 0
    while i < len(latin):
        for lat, cyr in _CYRILLIC:
            if latin.startswith(lat, i):
                out.append(cyr)
                i += len(lat)
                break
        else:
            out.append(latin[i])
            i += 1
    return "".join(out)


class CorpusBuilder:
    def __init__(
        self,
        *,
        seed,
        articles,
        sources=40,
        topics=30,
        actors=2000,
        events=5000,
        batch_size=1000,
        draft_rate=0.05,
        log=print,
    ):
        self.seed = seed
        self.rng = random.Random(seed)
        self.n_articles, self.n_sources, self.n_topics = articles, sources, topics
        self.n_actors, self.n_events = actors, events
        self.batch_size, self.draft_rate, self.log = batch_size, draft_rate, log
        self.postgres = connection.vendor == "postgresql"
        self.started = time.monotonic()

    def elapsed(self):
        return time.monotonic() - self.started

    # -- the build ----------------------------------------------------------------------

    def run(self):
        """Write the corpus, one committed batch at a time, and fill the search vectors.

        On PostgreSQL outside a transaction, to_tsvector (the costliest step: about a
        millisecond per article) runs in two worker threads, each with its own
        connection, on batches already committed, while this thread generates the next
        ones: that keeps both cores busy. Inside a transaction (tests) the workers could
        not see the rows, so the vectors are filled inline.
        """
        parallel = self.postgres and not connection.in_atomic_block
        workers = ThreadPoolExecutor(max_workers=2) if parallel else None
        pending = []
        try:
            if self.postgres:
                _relax_durability()
            with transaction.atomic():
                self.sources = self.make_sources()
                self.topics = self.make_topics()
                self.actors = self.make_actors()
            self.log(
                f"{len(self.sources)} sources, {len(self.topics)} topics, "
                f"{len(self.actors)} actors ({self.elapsed():.1f}s)"
            )
            self.pool = self.make_sentence_pool()
            self.article_dates = []  # (published_on or None, id), for events to cite
            for start in range(0, self.n_articles, self.batch_size):
                done = min(start + self.batch_size, self.n_articles)
                with transaction.atomic():
                    first_id, last_id = self.write_articles(start, done)
                if workers:
                    pending.append(workers.submit(_refresh_in_worker, first_id, last_id))
                else:
                    refresh_search_vectors(first_id, last_id)
                if done == self.n_articles or done % (self.batch_size * 10) == 0:
                    self.log(f"{done:,} articles ({self.elapsed():.1f}s)")
            with transaction.atomic():
                self.make_events()
            self.log(f"{self.n_events:,} events ({self.elapsed():.1f}s)")
            for future in pending:
                future.result()  # re-raises a worker's error here
            if pending:
                self.log(f"search vectors filled ({self.elapsed():.1f}s)")
            if self.postgres and not connection.in_atomic_block:
                vacuum_analyze()
                self.log(f"vacuumed and analysed ({self.elapsed():.1f}s)")
            # bulk_create and COPY send no signals: cached pages learn of the corpus here.
            versions.bump()
        except BaseException:
            if workers:
                workers.shutdown(cancel_futures=True)
            if not connection.in_atomic_block:
                # Batches were committed as they went; leave no half-built corpus behind.
                clear_synthetic()
            raise
        finally:
            if workers:
                workers.shutdown()
            if self.postgres and not connection.in_atomic_block:
                with connection.cursor() as cursor:
                    cursor.execute("RESET synchronous_commit")

    # -- vocabulary rows ----------------------------------------------------------------

    def make_sources(self):
        names = [f"{p} {w}" for p in W.SOURCE_PREFIXES for w in W.SOURCE_WORDS]
        rows = []
        for i, name in enumerate(self.rng.sample(names, self.n_sources), start=1):
            rows.append(
                Source(
                    name=f"Synthetic {name}",
                    slug=f"{PREFIX}{slugify(name)}-{i}",
                    homepage=f"https://{slugify(name)}.synthetic.invalid/",
                    country=self.rng.choice(W.SOURCE_COUNTRIES),
                    kind=self.rng.choice(W.SOURCE_KINDS),
                    description="Synthetic outlet generated for benchmarks.",
                )
            )
        sources = Source.objects.bulk_create(rows)
        # A few outlets publish most of the archive, as in reality.
        self.source_weights = list(accumulate(1 / (rank + 1) for rank in range(len(sources))))
        return sources

    def make_topics(self):
        names = (W.TOPICS * (self.n_topics // len(W.TOPICS) + 1))[: self.n_topics]
        rows = [
            Topic(
                name=f"Synthetic {name}" + (f" {i + 1}" if i >= len(W.TOPICS) else ""),
                slug=f"{PREFIX}{slugify(name)}-{i + 1}",
                description="Synthetic topic generated for benchmarks.",
            )
            for i, name in enumerate(names)
        ]
        return Topic.objects.bulk_create(rows)

    def make_actors(self):
        rng = self.rng
        people = [
            (f, s, e) for f in W.FIRST_NAMES for s in W.SURNAME_STEMS for e in W.SURNAME_ENDINGS
        ]
        bodies = [(o, p, b) for o in W.ORDINALS for p in W.PLACES for b in W.BODIES]
        n_bodies = min(len(bodies), self.n_actors // 5)
        n_people = min(len(people), self.n_actors - n_bodies)
        actors, alias_names = [], []
        for first, stem, end in rng.sample(people, n_people):
            ru_lat, be_lat = (
                f"{first[0]} {stem.title()}{end[0]}",
                f"{first[1]} {stem.title()}{end[1]}",
            )
            cyr = cyrillic(stem).capitalize()
            names = [
                (ru_lat, "en", "official"),
                (f"{first[2]} {cyr}{end[2]}", "ru", "native"),
                (f"{first[3]} {cyr}{end[3]}", "be", "native"),
            ]
            if be_lat != ru_lat:
                names.append((be_lat, "be-Latn", "transliteration"))
            actors.append(Actor(name=ru_lat, kind="person", country=rng.choice(PERSON_COUNTRIES)))
            alias_names.append(list({name[0]: name for name in names}.values()))  # Павел = Павел
        for ordinal, (place, place_cyr, country), (noun, noun_cyr, kind) in rng.sample(
            bodies, n_bodies
        ):
            name = f"{ordinal} {place} {noun}"
            names = [
                (name, "en", "official"),
                (f"{ordinal[0]}-й {noun_cyr} ({place_cyr})", "ru", "native"),
            ]
            actors.append(Actor(name=name, kind=kind, country=country))
            alias_names.append(names)
        for i, actor in enumerate(actors, start=1):
            actor.slug = f"{PREFIX}{slugify(actor.name)}-{i}"
            actor.summary = "Synthetic actor generated for benchmarks."
        actors = Actor.objects.bulk_create(actors, batch_size=self.batch_size)
        self.aliases = [
            Alias(actor=actor, name=name, language=lang, kind=kind, normalized=normalize(name))
            for actor, names in zip(actors, alias_names, strict=True)
            for name, lang, kind in names
        ]
        Alias.objects.bulk_create(self.aliases, batch_size=self.batch_size)
        self.alias_names = alias_names
        self.actor_ids = [actor.id for actor in actors]
        # Some actors are in the news every day, most rarely: a Zipf-like spread of mentions.
        self.actor_weights = list(accumulate(1 / (rank + 1) ** 0.9 for rank in range(len(actors))))
        return actors

    # -- text ---------------------------------------------------------------------------

    def fill(self, template):
        rng = self.rng
        place, place2 = rng.sample(W.PLACES, 2)
        values = {key: rng.choice(options) for key, options in W.FILL.items()}
        values.update(place=place[0], place2=place2[0], number=rng.randint(2, 400))
        values.update(Group=values["group"].capitalize(), Official=values["official"].capitalize())
        return template.format(**values)

    def make_sentence_pool(self, size=6000):
        """Bodies are drawn from a pool of filled templates: fast, and still varied text."""
        pool = [self.fill(self.rng.choice(W.TEMPLATES)) for _ in range(size)]
        self.pool_lengths = [len(s.split()) for s in pool]
        return pool

    def body(self, mention_sentences):
        """600 to 1,500 words in paragraphs, the mention sentences placed at random."""
        rng = self.rng
        # Most pieces are short, a few long: a triangular spread from 600 to 1,500 words.
        target = round(rng.triangular(600, 1500, 750))
        extra = list(mention_sentences)
        if rng.random() < W.RARE_RATE:
            extra.append(W.RARE_SENTENCE)
        sentences, words = [], sum(len(s.split()) for s in extra)
        for index in rng.choices(range(len(self.pool)), k=target // 8):
            if words + self.pool_lengths[index] > target:
                break
            sentences.append(self.pool[index])
            words += self.pool_lengths[index]
        while words < 600:  # only when the draw ran out early; the floor is 600, the cap far off
            index = rng.randrange(len(self.pool))
            sentences.append(self.pool[index])
            words += self.pool_lengths[index]
        for sentence in extra:
            sentences.insert(rng.randrange(len(sentences) + 1), sentence)
        paragraphs, i = [], 0
        while i < len(sentences):
            size = rng.randint(2, 6)
            paragraphs.append(" ".join(sentences[i : i + size]))
            i += size
        return "\n\n".join(paragraphs)

    def mentions_for(self, n):
        """n distinct actors (popular ones more often), each with how often it is named."""
        rng, chosen = self.rng, {}
        n = min(n, len(self.actors))  # no more than there are: the draw would never end
        while len(chosen) < n:
            index = bisect.bisect_left(self.actor_weights, rng.random() * self.actor_weights[-1])
            chosen.setdefault(
                min(index, len(self.actors) - 1), rng.choice((1, 1, 1, 2, 2, 3, 4, 5))
            )
        return chosen

    def mention_sentences(self, chosen):
        rng, sentences = self.rng, []
        for index, count in chosen.items():
            names = self.alias_names[index]
            for _ in range(count):
                name = rng.choice(names)[0] if rng.random() < 0.3 else names[0][0]
                template = (
                    W.CYRILLIC_MENTION
                    if name != names[0][0] and not name.isascii()
                    else rng.choice(W.MENTION_TEMPLATES)
                )
                sentences.append(template.format(alias=name, place=rng.choice(W.PLACES)[0]))
        return sentences

    def publication_date(self):
        rng = self.rng
        roll = rng.random()
        if roll < 0.02:
            return None, Precision.UNKNOWN
        precision = (
            Precision.DAY if roll < 0.87 else Precision.MONTH if roll < 0.96 else Precision.YEAR
        )
        day = FIRST_DAY + datetime.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
        return start_of_period(day, precision), precision

    # -- articles -----------------------------------------------------------------------

    def write_articles(self, start, stop):
        rng = self.rng
        rows, links = [], []
        for i in range(start, stop):
            published_on, precision = self.publication_date()
            source_index = bisect.bisect_left(
                self.source_weights, rng.random() * self.source_weights[-1]
            )
            source = self.sources[min(source_index, len(self.sources) - 1)]
            title = self.fill(rng.choice(W.TITLE_TEMPLATES))
            chosen = self.mentions_for(rng.randint(3, 12))
            body = self.body(self.mention_sentences(chosen))
            rows.append(
                Article(
                    title=title,
                    slug=f"{PREFIX}{slugify(title)[:150].strip('-')}-{i + 1}",
                    standfirst=self.fill(rng.choice(W.STANDFIRSTS)),
                    byline="" if rng.random() < 0.15 else f"By {rng.choice(W.BYLINE_NAMES)}",
                    source=source,
                    retrieved_from=rng.choice(self.sources) if rng.random() < 0.1 else None,
                    original_url=f"https://{source.slug}.synthetic.invalid/{i + 1}",
                    published_on=published_on,
                    published_precision=precision,
                    language="en",
                    body=body,
                    archived_at=ARCHIVED_AT,
                    status=Article.Status.DRAFT
                    if rng.random() < self.draft_rate
                    else Article.Status.PUBLISHED,
                )
            )
            rows[-1].prepare_for_save()
            topics = rng.sample(self.topics, rng.choice((1, 1, 2, 2, 3)))
            cited = rng.sample(self.sources, rng.choice((0, 0, 1, 1, 2)))
            links.append((chosen, topics, cited))
        Article.objects.bulk_create(rows, batch_size=self.batch_size)
        mentions, topic_rows, cited_rows = [], [], []
        detected, actor_ids = Mention.Origin.DETECTED, self.actor_ids
        for article, (chosen, topics, cited) in zip(rows, links, strict=True):
            pk = article.id
            self.article_dates.append((article.published_on, pk))
            mentions += [
                (pk, actor_ids[index], detected, count, False) for index, count in chosen.items()
            ]
            topic_rows += [(pk, t.id) for t in topics]
            cited_rows += [(pk, s.id) for s in cited]
        insert_rows(Mention, ["article_id", "actor_id", "origin", "count", "rejected"], mentions)
        insert_rows(Article.topics.through, ["article_id", "topic_id"], topic_rows)
        insert_rows(Article.cited_sources.through, ["article_id", "source_id"], cited_rows)
        return rows[0].id, rows[-1].id

    # -- events -------------------------------------------------------------------------

    def make_events(self):
        rng = self.rng
        dated = sorted((d, pk) for d, pk in self.article_dates if d is not None)
        days = [d for d, _ in dated]
        kinds = list(W.EVENT_KINDS)
        # Place precision from a generator of its own, so the rest of the corpus stays
        # what the same seed gave before places had a precision.
        places = random.Random(f"{self.seed}-places")
        events, links = [], []
        for i in range(self.n_events):
            kind = rng.choice(kinds)
            place, place_cyr, country = rng.choice(W.PLACES)
            title = f"{W.EVENT_KINDS[kind]} near {place}"
            roll = rng.random()
            precision = (
                Precision.DAY if roll < 0.8 else Precision.MONTH if roll < 0.95 else Precision.YEAR
            )
            start = FIRST_DAY + datetime.timedelta(
                days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1)
            )
            start = start_of_period(start, precision)
            end = (
                start + datetime.timedelta(days=rng.randint(1, 20)) if rng.random() < 0.15 else None
            )
            status = rng.choice(W.EVENT_STATUSES)
            coords = rng.random() < 0.5
            if coords:
                place_precision = places.choices(
                    [
                        Event.PlacePrecision.SITE,
                        Event.PlacePrecision.LOCALITY,
                        Event.PlacePrecision.REGION,
                    ],
                    weights=[3, 5, 2],
                )[0]
            elif country and places.random() < 0.4:
                place_precision = Event.PlacePrecision.COUNTRY
            else:
                place_precision = ""
            events.append(
                Event(
                    title=title,
                    slug=f"{PREFIX}{slugify(title)}-{i + 1}",
                    summary=f"{self.fill(rng.choice(W.TEMPLATES))} (Synthetic event.)",
                    kind=kind,
                    start_date=start,
                    end_date=end,
                    date_precision=precision,
                    place=place,
                    place_precision=place_precision,
                    country=country,
                    status=status,
                    status_note=W.STATUS_NOTES[status],
                    latitude=round(rng.uniform(50, 56), 5) if coords else None,
                    longitude=round(rng.uniform(23, 32), 5) if coords else None,
                )
            )
            # The articles that report it: published in the weeks after it began.
            lo = bisect.bisect_left(days, start)
            hi = bisect.bisect_left(days, start + datetime.timedelta(days=45))
            window = [pk for _, pk in dated[lo:hi]]
            reporting = rng.sample(window, min(len(window), rng.randint(1, 6)))
            roles = {}
            for _ in range(rng.randint(1, 4)):
                index = bisect.bisect_left(
                    self.actor_weights, rng.random() * self.actor_weights[-1]
                )
                roles[(min(index, len(self.actors) - 1), rng.choice(W.ROLES))] = None
            events[-1].prepare_for_save()
            links.append((reporting, list(roles), rng.sample(self.topics, rng.choice((1, 1, 2)))))
        Event.objects.bulk_create(events, batch_size=self.batch_size)
        article_rows, topic_rows, actor_rows = [], [], []
        for event, (reporting, roles, topics) in zip(events, links, strict=True):
            article_rows += [(event.id, pk) for pk in reporting]
            topic_rows += [(event.id, t.id) for t in topics]
            actor_rows += [(event.id, self.actor_ids[index], role, "") for index, role in roles]
        insert_rows(Event.articles.through, ["event_id", "article_id"], article_rows)
        insert_rows(Event.topics.through, ["event_id", "topic_id"], topic_rows)
        insert_rows(EventActor, ["event_id", "actor_id", "role", "note"], actor_rows)


def insert_rows(model, columns, rows, batch_size=5000):
    """Insert plain tuples into a link table: COPY on PostgreSQL, bulk_create elsewhere.

    Link rows outnumber articles ten to one; building a model instance for each of a
    million rows would cost more than generating the articles' text.
    """
    if connection.vendor == "postgresql":
        q = connection.ops.quote_name
        sql = f"COPY {q(model._meta.db_table)} ({', '.join(map(q, columns))}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
    else:
        model.objects.bulk_create(
            [model(**dict(zip(columns, row, strict=True))) for row in rows], batch_size=batch_size
        )


def vacuum_analyze():
    """Fresh statistics and a clean visibility map, or the first plans are guesses.

    The search-vector UPDATE leaves a dead version of every article row behind.
    """
    tables = [
        Article,
        Mention,
        Article.topics.through,
        Article.cited_sources.through,
        Actor,
        Alias,
        Event,
        Event.articles.through,
        Event.topics.through,
        EventActor,
        Source,
        Topic,
    ]
    with connection.cursor() as cursor:
        for model in tables:
            cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(model._meta.db_table)}")


def _relax_durability():
    # A benchmark corpus can be rebuilt: no need to wait for the WAL flush on every commit.
    with connection.cursor() as cursor:
        cursor.execute(
            "SET synchronous_commit = off"
            if not connection.in_atomic_block
            else "SET LOCAL synchronous_commit = off"
        )


def _refresh_in_worker(first_id, last_id):
    try:
        _relax_durability()
        refresh_search_vectors(first_id, last_id)
    finally:
        connection.close()  # this thread's own connection


def refresh_search_vectors(first_id, last_id):
    """Index an id range with the archive's own indexer (articles.search.update_search_index),
    so the benchmark searches exactly what the archive would store; bulk_create cannot."""
    from articles.search import update_search_index

    update_search_index(Article.objects.filter(id__range=(first_id, last_id)))


# Tables holding synthetic rows, children first. Each entry: (model, where-clause on its own
# columns) so rows that link a seed row to a synthetic one go too.
def clear_synthetic():
    """Delete every synthetic row (slug prefix "synthetic-") and every link to one; seed rows stay.

    Raw DELETEs, not QuerySet.delete(): the ORM would load each row and fire the history
    signals, writing a "deleted" history record for every one of a million links.
    """
    q = connection.ops.quote_name

    def synthetic(model, column="id"):
        return f"{q(column)} IN (SELECT id FROM {q(model._meta.db_table)} WHERE slug LIKE %s)"

    steps = [
        (Mention, [synthetic(Article, "article_id"), synthetic(Actor, "actor_id")]),
        (Article.topics.through, [synthetic(Article, "article_id"), synthetic(Topic, "topic_id")]),
        (
            Article.cited_sources.through,
            [synthetic(Article, "article_id"), synthetic(Source, "source_id")],
        ),
        (Event.articles.through, [synthetic(Event, "event_id"), synthetic(Article, "article_id")]),
        (Event.topics.through, [synthetic(Event, "event_id"), synthetic(Topic, "topic_id")]),
        (EventActor, [synthetic(Event, "event_id"), synthetic(Actor, "actor_id")]),
        (Alias, [synthetic(Actor, "actor_id")]),
        (Event, ["slug LIKE %s"]),
        (Article, ["slug LIKE %s"]),
        (Actor, ["slug LIKE %s"]),
        (Topic, ["slug LIKE %s"]),
        (Source, ["slug LIKE %s"]),
    ]
    pattern = PREFIX + "%"
    deleted = {}
    with transaction.atomic(), connection.cursor() as cursor:
        # A seed actor or topic whose parent is synthetic keeps itself and loses the parent.
        for model in (Actor, Topic):
            cursor.execute(
                f"UPDATE {q(model._meta.db_table)} SET parent_id = NULL"
                f" WHERE slug NOT LIKE %s AND {synthetic(model, 'parent_id')}",
                [pattern, pattern],
            )
        for model, conditions in steps:
            cursor.execute(
                f"DELETE FROM {q(model._meta.db_table)} WHERE " + " OR ".join(conditions),
                [pattern] * len(conditions),
            )
            deleted[model._meta.db_table] = cursor.rowcount
        versions.bump()
    return deleted
