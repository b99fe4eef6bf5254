"""Browser tests: Playwright's sync API driving Debian's Chromium against the live server.

Playwright's own browser download does not work here, so the tests launch the
system Chromium at /usr/bin/chromium and are skipped, saying why, when it (or
the playwright package) is missing. They are marked `e2e`, so
`pytest -m "not e2e"` leaves them out.
"""

import os
import re
from pathlib import Path

import pytest
from django.urls import reverse

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"

# Short waits: the pages are server-rendered and local, so a ten-second wait is a failure.
TIMEOUT_MS = 10_000


def _unavailable():
    """Why the browser tests cannot run here, or None."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing: install Debian's chromium package to run the browser tests"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing: install the project's dev extras"
    return None


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "e2e: drives a real browser (Chromium) against the live server"
    )


def pytest_collection_modifyitems(config, items):
    reason = _unavailable()
    if reason is None:
        return
    skip = pytest.mark.skip(reason=reason)
    for item in items:
        if item.get_closest_marker("e2e"):
            item.add_marker(skip)


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per test module.

    Playwright's sync API keeps an asyncio loop registered as running in this
    thread, so Django would refuse ORM calls here (seeding, the flush after each
    transactional test, checking what the browser saved) with
    SynchronousOnlyOperation. Nothing here is async: the loop only carries
    messages to the browser process, so DJANGO_ALLOW_ASYNC_UNSAFE is set while
    Playwright runs, and only then. Hence a module's lifetime, not the session's:
    the tests after these ones, and the subprocesses they start, get neither.
    """
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def new_page(browser, width=1280, height=900, bypass_csp=False):
    """A page in a fresh context (no cookies carried over), failing fast.

    `page.errors` collects uncaught script errors and console errors, which is
    where Chromium reports what the Content Security Policy blocked. Only the
    axe checks bypass the policy: they inject a script of their own.
    """
    context = browser.new_context(
        viewport={"width": width, "height": height},
        locale="en-GB",
        accept_downloads=True,
        bypass_csp=bypass_csp,
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda message: _console_error(page, message))
    return page


def _console_error(page, message):
    # A 404 or 400 page is asked for on purpose; the browser logs its status as an error.
    if message.type == "error" and not message.text.startswith("Failed to load resource"):
        page.errors.append(f"{page.url}: {message.text}")


@pytest.fixture
def page(browser):
    """A desktop-sized browser tab; closed after the test."""
    tab = new_page(browser)
    yield tab
    tab.context.close()


@pytest.fixture
def archive(seeded, live_server):
    """The live server's base URL, with the seed archive loaded.

    Tests using it are transactional (the server thread must see the data), so
    the database is flushed after each one and each one seeds again.
    """
    return live_server.url


def admin_url(base, path=""):
    """An absolute URL in the admin, wherever ADMIN_PATH puts it."""
    return base + reverse("admin:index") + path


def url(base, name, *args, query=""):
    """An absolute URL of a named route on the live server."""
    return base + reverse(name, args=args) + query


def path_of(page):
    """The current page's path and query, without scheme and host."""
    return re.sub(r"^https?://[^/]+", "", page.url)


def page_types(base):
    """One URL of every kind of public page, named, seeded slugs chosen from the database."""
    from articles.models import Actor, Article, Event, Topic

    article = Article.objects.published().order_by("-published_on").first()
    actor = Actor.objects.get(slug="alexander-lukashenko")
    event = Event.objects.get(slug="belarusian-border-guard-crosses-into-ukraine")
    topic = Topic.objects.get(slug="regime-complicity")
    return {
        "home": url(base, "articles:home"),
        "articles": url(base, "articles:article_list"),
        "articles-filtered": url(
            base,
            "articles:article_list",
            query=f"?topic={topic.slug}&actor={actor.slug}&date_after=2022-01-01&sort=oldest",
        ),
        "articles-bad-filter": url(base, "articles:article_list", query="?date_after=yesterday"),
        "article": url(base, "articles:article_detail", article.slug),
        "actors": url(base, "articles:actor_list"),
        "actor": url(base, "articles:actor_detail", actor.slug),
        "events": url(base, "articles:event_list"),
        "events-filtered": url(base, "articles:event_list", query="?status=denied&status=reported"),
        "event": url(base, "articles:event_detail", event.slug),
        "sources": url(base, "articles:source_list"),
        "source": url(base, "articles:source_detail", article.source.slug),
        "topics": url(base, "articles:topic_list"),
        "topic": url(base, "articles:topic_detail", topic.slug),
        "search": url(base, "articles:search", query="?q=Lukashenka"),
        "search-empty": url(base, "articles:search"),
        "not-found": url(base, "articles:article_detail", "no-such-article"),
    }


# Statuses each page type answers with: the error pages are pages too.
EXPECTED_STATUS = {"not-found": 404, "articles-bad-filter": 400}
