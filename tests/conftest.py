import copy
import html
import re
import shutil

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import translation

from articles.models import Actor, Alias, Article, Event, EventActor, Mention, Source, Topic
from articles.search import update_search_index

# Where compilemessages must not look for catalogues (it walks the whole tree).
COMPILE_IGNORES = [".venv", "node_modules", "staticfiles", "artifacts", "bench"]


def pytest_sessionstart(session):
    """Compile the translations first, as `dev.py test` does, so that a bare `pytest` tests
    the pages in Belarusian, Ukrainian and Russian too (only the .po files are committed).
    compilemessages skips catalogues whose .mo is already newer than the .po."""
    if shutil.which("msgfmt"):
        call_command("compilemessages", verbosity=0, ignore_patterns=COMPILE_IGNORES)


def _seed_tables():
    """Every table the seed fills, parents before children."""
    return [
        Source,
        Topic,
        Actor,
        Alias,
        Article,
        Article.topics.through,
        Article.cited_sources.through,
        Mention,
        Event,
        EventActor,
        Event.articles.through,
        Event.topics.through,
    ]


_seed_rows = None


@pytest.fixture
def seeded(db):
    """The seed archive: its three articles with their actors and events.

    The first test loads it through `manage.py seed` (loaddata plus derived fields); later
    tests copy those rows back with one bulk insert per table, which is what keeps the suite
    fast: loaddata resolves natural keys one query at a time.
    """
    global _seed_rows
    if _seed_rows is None:
        call_command("seed", verbosity=0)
        _seed_rows = [(model, list(model._base_manager.all())) for model in _seed_tables()]
        return
    for model, rows in _seed_rows:
        model._base_manager.bulk_create([copy.copy(row) for row in rows])
    # SQLite's search index is a table of its own, which the copy above does not fill.
    update_search_index(Article.objects.all())


@pytest.fixture(scope="module")
def seed_for_module(django_db_setup, django_db_blocker):
    """The seed loaded once for a module whose `seeded` asks for it, in a transaction
    rolled back after the module's last test (each test then runs in a savepoint)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: what is cached is keyed by the data version,
    which a test's uncommitted writes never bump. (The name matcher's version goes with it,
    so each test's aliases are its own.)"""
    cache.clear()


@pytest.fixture
def english_between_tests():
    """English active before and after the test: a request under /be/ leaves Belarusian active
    in this thread (LocaleMiddleware sets it per request and never resets it), and addresses
    the test builds, and the next tests, need English."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def page_cache(settings):
    """The whole-page cache on and empty, as in production."""
    settings.PAGE_CACHE = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def reader():
    """An anonymous visitor's browser."""
    return Client()


@pytest.fixture
def editor_user(db):
    """A staff user in the Editors group, as create_editor makes them."""
    user = User.objects.create_user("eddie", password="correct horse battery", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor(editor_user):
    """A browser logged in as an editor."""
    client = Client()
    client.force_login(editor_user)
    return client


@pytest.fixture
def draft(seeded):
    """An unpublished article from a seed source: no public page, list, feed or export shows it."""
    return Article.objects.create(
        title="Draft: unconfirmed crossing",
        body="Not yet checked.",
        source=Source.objects.get(slug="newsweek"),
        published_on="2023-03-01",
        status=Article.Status.DRAFT,
    )


def pytest_collection_modifyitems(config, items):
    """Tests of Belarusian morphology need Debian's hunspell-be (CI installs it); without it
    they are skipped with a reason that says what to install, not failed."""
    from articles.morphology import available

    if available()["hunspell-be"]:
        return
    skip = pytest.mark.skip(reason="Belarusian dictionary missing: apt-get install hunspell-be")
    for item in items:
        if "hunspell_be" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def news_site():
    """A news site on 127.0.0.1 (tests/capture_site.py): the seed articles as pages, failures."""
    from tests.capture_site import NewsSite

    with NewsSite() as site:
        yield site


@pytest.fixture
def capturing(settings, news_site):
    """The news site, with captures allowed to reach loopback (only) and small limits."""
    settings.CAPTURE_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    settings.CAPTURE_MAX_BYTES = 100_000
    settings.CAPTURE_TIMEOUT = 1
    news_site.requests.clear()
    return news_site


# Reading a page as a reader does ------------------------------------------------------


def data_words():
    """Every word the archive's own records hold: names, titles, notes are data, not interface."""
    texts = []
    for model, fields in [
        (Article, ["title", "standfirst", "byline", "date_note", "body"]),
        (Actor, ["name", "summary"]),
        (Alias, ["name"]),
        (Event, ["title", "summary", "place", "status_note"]),
        (Source, ["name", "description", "homepage"]),
        (Topic, ["name", "description"]),
    ]:
        for row in model.objects.values_list(*fields):
            texts.extend(value for value in row if value)
    return set(re.findall(r"[A-Za-z]+", " ".join(texts)))


def visible_text(content):
    """What a reader sees or hears: text, and the attributes a screen reader reads out.
    Content marked with a language of its own (lang="en" on an article) is left out."""
    # Scripts, styles and code (a BibTeX entry, a hash) are not prose.
    content = re.sub(r"<(script|style|pre|code)\b.*?</\1>", " ", content, flags=re.S)
    # The language switcher names each language in itself, on purpose.
    content = re.sub(r'<nav class="language-switcher".*?</nav>', " ", content, flags=re.S)
    content = re.sub(r'<(\w+)[^>]*\slang="en"[^>]*>.*?</\1>', " ", content, flags=re.S)
    attributes = re.findall(r'\s(?:title|aria-label|placeholder|alt)="([^"]*)"', content)
    attributes += re.findall(r'<meta name="description" content="([^"]*)"', content)
    text = html.unescape(re.sub(r"<[^>]+>", " ", content) + " " + " ".join(attributes))
    # Addresses, command and field names (import_articles, counts_as) are not words either.
    return re.sub(r"https?://\S+|\S*_\S*", " ", text)
