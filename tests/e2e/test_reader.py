"""A reader's journey through the seed archive in a real browser, link by link and form by form."""

import csv
import datetime
import io
from urllib.parse import parse_qs, urlsplit

import pytest

from articles.models import Actor, Article, Event

from .conftest import path_of, url

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def query_of(page):
    return parse_qs(urlsplit(page.url).query)


def titles(page, scope="ol.records"):
    """The article titles listed on the page, in order."""
    return page.locator(f"{scope} .record__title a").all_inner_texts()


def test_reader_searches_follows_an_actor_and_filters(page, archive, settings):
    settings.ARCHIVE_PAGE_SIZE = 2
    lukashenko = Actor.objects.get(slug="alexander-lukashenko")
    published = Article.objects.published()

    page.goto(url(archive, "articles:home"))
    assert page.locator("h1").inner_text() == "Belarus War Archive"

    # The header's search box leads to /search/, where any spelling finds him.
    page.get_by_role("searchbox", name="Search the archive").fill("Lukashenka")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=Lukashenka")
    assert "Lukashenka" in page.locator("h1").inner_text()
    articles_section = page.locator("section", has=page.locator("#articles-title"))
    found = articles_section.locator(".record__title a").all_inner_texts()
    # All three seeds name him, as Lukashenko, Lukashenka or both.
    assert sorted(found) == sorted(published.values_list("title", flat=True))

    # Open the Newsweek article (it spells him "Lukashenko"), then follow him.
    newsweek = published.get(source__slug="newsweek")
    articles_section.get_by_role("link", name=newsweek.title).click()
    page.wait_for_url(f"**{newsweek.get_absolute_url()}")
    assert page.locator("h1").inner_text() == newsweek.title
    page.locator(".article-aside").get_by_role("link", name=lukashenko.name, exact=True).click()
    page.wait_for_url(f"**{lukashenko.get_absolute_url()}")
    assert page.locator("h1").inner_text() == lukashenko.name

    # His articles from 2023 on: the Newsweek piece (July 2022) drops out.
    page.get_by_label("From").fill("2023-01-01")
    page.get_by_role("button", name="Filter by date").click()
    page.wait_for_url("**date_after=2023-01-01**")
    since_2023 = published.filter(
        mentions__actor=lukashenko, published_on__gte=datetime.date(2023, 1, 1)
    ).distinct()
    assert 0 < since_2023.count() < published.count()
    assert sorted(titles(page)) == sorted(since_2023.values_list("title", flat=True))
    assert newsweek.title not in titles(page)

    # The timeline, then only the events that were denied.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Timeline").click()
    page.wait_for_url("**/events/")
    assert page.locator(".result-count").inner_text().startswith(f"{Event.objects.count()} events")
    page.locator("#filters").get_by_label("Denied").check()
    page.locator("#filters").get_by_role("button", name="Apply").click()
    page.wait_for_url("**status=denied**")
    denied = Event.objects.filter(status="denied")
    shown = page.locator(".record--event .record__title a").all_inner_texts()
    assert sorted(shown) == sorted(denied.values_list("title", flat=True))
    badges = page.locator(".record--event .badge").all_inner_texts()
    assert len(badges) == denied.count()
    assert all(badge.endswith("Denied") for badge in badges)


def test_reader_uses_facets_pages_and_exports(page, archive, settings):
    settings.ARCHIVE_PAGE_SIZE = 2
    published = Article.objects.published()
    total = published.count()
    assert total > settings.ARCHIVE_PAGE_SIZE, "the seed must fill more than one page"

    page.goto(url(archive, "articles:home"))
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Articles").click()
    page.wait_for_url("**/articles/")
    assert page.locator(".result-count").inner_text().startswith(f"{total} articles")

    # Page through: every published article once, in order, and no further.
    seen = titles(page)
    while page.get_by_role("link", name="Next →").count():
        page.get_by_role("link", name="Next →").click()
        page.wait_for_load_state()
        seen += titles(page)
    assert len(seen) == total
    assert seen == list(published.order_by("-published_on", "-id").values_list("title", flat=True))
    assert query_of(page)["page"] == [str(-(-total // settings.ARCHIVE_PAGE_SIZE))]

    # Add a topic facet: the list narrows and the link keeps the page out (back to page 1).
    topic = "Belarusian volunteers in Ukraine"
    in_topic = published.filter(topics__name=topic)
    facets = page.locator(".facets")
    facets.get_by_role("link", name=topic).click()
    page.wait_for_url("**topic=belarusian-volunteers-in-ukraine**")
    assert "page" not in query_of(page)
    assert sorted(titles(page)) == sorted(in_topic.values_list("title", flat=True))
    chip = page.locator(".chips .chip", has_text=topic)
    assert chip.count() == 1

    # Its rows as CSV: the export link carries the same filter.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV", exact=True).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    text = open(download.path(), encoding="utf-8-sig").read()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted(row["title"] for row in rows) == sorted(in_topic.values_list("title", flat=True))
    assert all(topic in row["topics"] for row in rows)
    assert {row["status"] for row in rows} == {"published"}

    # Remove the facet with its chip: every article again.
    chip.click()
    page.wait_for_load_state()
    assert "topic" not in query_of(page)
    assert path_of(page).startswith("/articles/")
    assert page.locator(".result-count").inner_text().startswith(f"{total} articles")
    assert page.errors == []
