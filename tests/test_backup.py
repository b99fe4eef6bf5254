"""Nothing lost: the database refuses what would corrupt the archive, an import that fails
half-way writes nothing, and dumpdata/loaddata round-trips the archive exactly.

(tests/test_models.py covers the date, URL, Wikidata and alias constraints; these are the rest.)
"""

import datetime
import json
import pkgutil
import re
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from articles.models import Actor, Alias, Article, Event, EventActor, Mention, Source, Topic

# --------------------------------------------------------------- constraints


@pytest.fixture
def source(db):
    """A publisher to hang articles on."""
    return Source.objects.create(name="Newsweek")


@pytest.fixture
def article(source):
    """One published article."""
    return Article.objects.create(
        source=source, title="A report", body="One.", published_on=datetime.date(2022, 7, 13)
    )


def refused(create):
    """True when the database itself refuses `create()` (no model validation runs)."""
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


def test_articles_need_a_title_a_body_and_a_known_status(source):
    values = {"source": source, "published_on": datetime.date(2022, 7, 13)}
    assert refused(lambda: Article.objects.create(title="", body="Text.", **values))
    assert refused(lambda: Article.objects.create(title="A title", body="", **values))
    assert refused(
        lambda: Article.objects.create(title="A title", body="Text.", status="hidden", **values)
    )
    assert not refused(lambda: Article.objects.create(title="A title", body="Text.", **values))


def test_slugs_are_unique_even_when_save_is_bypassed(source, article):
    other = Article.objects.create(
        source=source, title="Another report", body="Two.", published_on=article.published_on
    )
    assert refused(lambda: Article.objects.filter(pk=other.pk).update(slug=article.slug))
    actor = Actor.objects.create(name="Alexander Lukashenko", kind=Actor.Kind.PERSON)
    assert refused(lambda: Actor.objects.bulk_create([Actor(name="Another", slug=actor.slug)]))


def test_a_source_with_articles_cannot_be_deleted(source, article):
    with pytest.raises(ProtectedError):
        source.delete()
    copy_origin = Source.objects.create(name="Ocnus.net")
    article.retrieved_from = copy_origin
    article.save()
    with pytest.raises(ProtectedError):
        copy_origin.delete()
    assert Article.objects.filter(pk=article.pk).exists()


def test_an_alias_is_never_empty(db):
    actor = Actor.objects.create(name="Wagner Group", kind=Actor.Kind.ORGANIZATION)
    assert refused(lambda: Alias.objects.create(actor=actor, name=""))


def test_an_actor_is_mentioned_once_per_article_and_only_editors_reject(article):
    actor = Actor.objects.create(name="Alexander Lukashenko", kind=Actor.Kind.PERSON)
    Mention.objects.create(article=article, actor=actor, origin=Mention.Origin.DETECTED)
    assert refused(lambda: Mention.objects.create(article=article, actor=actor))
    assert refused(
        lambda: Mention.objects.filter(article=article).update(
            rejected=True, origin=Mention.Origin.DETECTED
        )
    )
    Mention.objects.filter(article=article).update(rejected=True, origin=Mention.Origin.EDITOR)


def test_events_need_a_known_status_and_coordinates_on_the_globe(db):
    day = {"start_date": datetime.date(2022, 6, 29)}
    assert refused(lambda: Event.objects.create(title="Rumour", status="rumoured", **day))
    assert refused(lambda: Event.objects.create(title="North", latitude=91, longitude=0, **day))
    assert refused(lambda: Event.objects.create(title="East", latitude=0, longitude=181, **day))
    # Coordinates say how precise they are: a pin for a town, an area for a region.
    assert refused(
        lambda: Event.objects.create(title="Brest", latitude=52.1, longitude=23.7, **day)
    )
    assert refused(lambda: Event.objects.create(title="Polesia", place_precision="region", **day))
    assert refused(
        lambda: Event.objects.create(title="Somewhere", place_precision="country", **day)
    )
    assert not refused(
        lambda: Event.objects.create(
            title="Brest", latitude=52.1, longitude=23.7, place_precision="locality", **day
        )
    )
    assert not refused(
        lambda: Event.objects.create(
            title="Belarus", place_precision="country", country="BY", **day
        )
    )


def test_an_actor_has_each_role_in_an_event_once(db):
    event = Event.objects.create(title="Crossing", start_date=datetime.date(2022, 6, 29))
    actor = Actor.objects.create(name="State Border Service of Ukraine", kind=Actor.Kind.STATE_BODY)
    EventActor.objects.create(event=event, actor=actor, role="detained")
    assert refused(lambda: EventActor.objects.create(event=event, actor=actor, role="detained"))
    EventActor.objects.create(event=event, actor=actor, role="reported")
    assert event.participants.count() == 2


# --------------------------------------------------------------- atomic imports


@pytest.fixture
def lukashenko(db):
    """An actor the import file names."""
    actor = Actor.objects.create(name="Alexander Lukashenko", kind=Actor.Kind.PERSON)
    for name in ("Alexander Lukashenko", "Lukashenka"):
        Alias.objects.create(actor=actor, name=name)
    return actor


def import_file(tmp_path, n, title="Report"):
    """A JSONL file of `n` valid records, each with a new source, a new topic and an actor."""
    lines = [
        {
            "title": f"{title} {i}",
            "body": f"Lukashenka allowed it, report {i}.\n\nSecond paragraph.",
            "source": f"Outlet {i % 3}",
            "topics": [f"Topic {i % 2}"],
            "actors": ["Lukashenka"],
            "published": "2023-07",
            "url": f"https://example.org/{title.lower()}/{i}",
        }
        for i in range(n)
    ]
    path = tmp_path / "import.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    return path


def archive_state():
    """Every row an import can write, by table."""
    return {
        "articles": list(Article.objects.values_list("pk", "title", "body_sha256", "status")),
        "sources": list(Source.objects.values_list("pk", "name")),
        "topics": list(Topic.objects.values_list("pk", "name")),
        "article topics": Article.topics.through.objects.count(),
        "mentions": list(Mention.objects.values_list("article_id", "actor_id", "origin")),
        "article history": Article.history.count(),
        "mention history": Mention.history.count(),
        "source history": Source.history.count(),
    }


class Crash(RuntimeError):
    """The failure a test injects half-way through an import."""


def fail_on_call(monkeypatch, target, n):
    """Make `target` (a dotted path) raise Crash on its n-th call; earlier calls work."""
    owner_path, name = target.rsplit(".", 1)
    owner = pkgutil.resolve_name(owner_path)  # a module, or a class in one
    real, calls = getattr(owner, name), []

    def wrapper(*args, **kwargs):
        calls.append(1)
        if len(calls) == n:
            raise Crash(f"injected failure in {name}, call {n}")
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, wrapper)
    return calls


@pytest.mark.parametrize(
    "target, n",
    [
        ("articles.models.Source.save", 2),  # creating the second new source
        ("articles.models.Topic.save", 2),  # the second new topic, sources already written
        ("articles.importer.writing.bulk_create_with_history", 1),  # the articles themselves
        ("articles.importer.writing.bulk_create_with_history", 2),  # the mentions, articles written
        ("articles.search.update_search_index", 1),  # as detection writes
        ("articles.detection.detect_mentions", 1),  # the very last step
    ],
)
def test_a_new_import_that_fails_half_way_writes_nothing(
    tmp_path, lukashenko, monkeypatch, target, n
):
    path = import_file(tmp_path, 12)
    before = archive_state()
    calls = fail_on_call(monkeypatch, target, n)
    with pytest.raises(Crash):
        call_command("import_articles", str(path), "--create-missing", stdout=StringIO())
    assert len(calls) >= n  # the failure really happened where the test says
    assert archive_state() == before

    # Nothing half-written stands in the way: the same file imports once the fault is gone.
    monkeypatch.undo()
    call_command("import_articles", str(path), "--create-missing", stdout=StringIO())
    assert Article.objects.count() == 12
    assert Mention.objects.filter(actor=lukashenko).count() == 12


def test_a_re_import_that_fails_on_the_nth_update_changes_nothing(
    tmp_path, lukashenko, monkeypatch
):
    call_command(
        "import_articles", str(import_file(tmp_path, 6)), "--create-missing", stdout=StringIO()
    )
    # The same records with new bodies: an update of every article, in order.
    path = import_file(tmp_path, 6)
    path.write_text(path.read_text().replace("Second paragraph.", "A corrected paragraph."))
    before = archive_state()
    calls = fail_on_call(monkeypatch, "articles.models.Article.save", 4)
    with pytest.raises(Crash):
        call_command("import_articles", str(path), "--update", stdout=StringIO())
    assert len(calls) == 4
    assert archive_state() == before
    assert not Article.objects.filter(body__contains="corrected").exists()


# --------------------------------------------------------------- dumpdata / loaddata


BACKUP = ["auth.group", "auth.user", "articles"]  # every archive table and its history


# Django writes a time's fraction to the millisecond: a time whose fraction is under a
# millisecond is written ".000Z" and, once loaded back, "Z". The same instant either way.
_ZERO_MILLISECONDS = re.compile(r'(T\d\d:\d\d:\d\d)\.000(Z|[+-]\d\d:\d\d)"')


def dump():
    out = StringIO()
    call_command("dumpdata", *BACKUP, natural_foreign=True, indent=None, stdout=out)
    return json.loads(_ZERO_MILLISECONDS.sub(r'\1\2"', out.getvalue()))


def flush():
    """`manage.py flush`, inside the test's transaction."""
    if connection.vendor == "postgresql":
        # PostgreSQL will not TRUNCATE a table while this transaction still owes it deferred
        # foreign-key checks: run them now, and defer again for loaddata afterwards.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def test_dumpdata_and_loaddata_round_trip_the_archive_exactly(
    seeded, editor, editor_user, tmp_path
):
    # Some history with a user in it, as the admin leaves it.
    article = Article.objects.published().order_by("pk").first()
    article.standfirst = "Corrected by an editor."
    article._history_user = editor_user
    article.save()

    backup = dump()
    models = {row["model"] for row in backup}
    assert {"articles.article", "articles.historicalarticle", "articles.mention"} <= models
    assert {"articles.alias", "articles.event", "articles.eventactor", "auth.user"} <= models
    path = tmp_path / "archive.json"
    path.write_text(json.dumps(backup, ensure_ascii=False))

    flush()
    assert not Article.objects.exists() and not Group.objects.exists()

    call_command("loaddata", str(path), verbosity=0)
    restored = dump()
    assert len(restored) == len(backup)
    assert restored == backup
    assert Article.objects.get(pk=article.pk).history.latest().history_user.username == "eddie"
