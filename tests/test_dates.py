"""Date filters honour precision: an item dated to a month or a year is in a date range when
its period overlaps the range, on every list that takes `date_after`/`date_before` (articles,
events, actor pages, the feed, the exports), and lists say when a date is approximate."""

import csv
import datetime
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from articles.models import Article, Event, Precision, Source

# The seed: Byline Times is dated August 2023, Newsweek July 2022, Foreign Policy 20 Feb 2023.
BYLINE_TIMES = "Belarus is Complicit in Russia’s War Crimes and Should be Punished Accordingly"
NEWSWEEK = "Belarusian Border Guard Abandons Post to Fight With Ukraine: Report"
FOREIGN_POLICY = "Meet the Belarusian Regiment Fighting for Ukraine"
WAGNER_MUTINY = "Wagner Group mutiny and exile to Belarus"

pytestmark = pytest.mark.usefixtures("seeded")


def listed(client, name="article_list", **params):
    response = client.get(reverse(f"articles:{name}"), params)
    assert response.status_code == 200, response.content[:300]
    return {item.title for item in response.context["page"].object_list}


@pytest.mark.parametrize(
    "params, expected",
    [
        # A day inside August 2023 on either side keeps the August article.
        ({"date_after": "2023-08-02"}, {BYLINE_TIMES}),
        ({"date_after": "2023-08-31"}, {BYLINE_TIMES}),
        ({"date_after": "2023-09-01"}, set()),
        ({"date_before": "2023-08-01"}, {BYLINE_TIMES, FOREIGN_POLICY, NEWSWEEK}),
        ({"date_before": "2023-07-31"}, {FOREIGN_POLICY, NEWSWEEK}),
        ({"date_after": "2023-08-15", "date_before": "2023-08-15"}, {BYLINE_TIMES}),
        # Newsweek is dated July 2022: a range inside that month finds it.
        ({"date_after": "2022-07-10", "date_before": "2022-07-12"}, {NEWSWEEK}),
        # A day-precise article is matched by its day only.
        ({"date_after": "2023-02-21", "date_before": "2023-07-31"}, set()),
        ({"date_after": "2023-02-20", "date_before": "2023-02-20"}, {FOREIGN_POLICY}),
    ],
)
def test_an_article_matches_when_its_period_overlaps_the_range(reader, params, expected):
    assert listed(reader, **params) == expected


def test_the_wagner_mutiny_of_june_2023_is_found_by_a_range_inside_june(reader):
    found = listed(reader, "event_list", date_after="2023-06-15", date_before="2023-06-20")
    assert WAGNER_MUTINY in found
    mutiny = Event.objects.get(title=WAGNER_MUTINY)
    assert (mutiny.date_precision, mutiny.period_end) == (
        Precision.MONTH,
        datetime.date(2023, 6, 30),
    )
    # After June it is over; a year-precise 2023 event still overlaps July.
    later = listed(reader, "event_list", date_after="2023-07-01", date_before="2023-07-05")
    assert WAGNER_MUTINY not in later
    assert any(title.startswith("Lukashenka reportedly expels Wagner") for title in later)


def test_an_event_with_an_end_date_matches_until_the_end_of_its_last_period(reader):
    event = Event.objects.create(
        title="Хвала затрыманняў у Брэсце",
        start_date=datetime.date(2024, 3, 1),
        end_date=datetime.date(2024, 5, 1),
        date_precision=Precision.MONTH,
    )
    assert event.period_end == datetime.date(2024, 5, 31)
    assert event.title in listed(reader, "event_list", date_after="2024-05-31")
    assert event.title in listed(reader, "event_list", date_before="2024-03-01")
    assert event.title not in listed(reader, "event_list", date_after="2024-06-01")
    assert event.title not in listed(reader, "event_list", date_before="2024-02-29")


def test_the_actor_page_filters_its_articles_by_the_same_rule(reader):
    url = reverse("articles:actor_detail", args=["alexander-lukashenko"])
    response = reader.get(url, {"date_after": "2023-08-20"})
    assert {a.title for a in response.context["page"].object_list} == {BYLINE_TIMES}


def test_the_feed_and_every_export_use_the_same_rule(reader):
    params = {"date_after": "2023-08-02"}
    feed = reader.get(reverse("articles:article_feed"), params)
    atom = "{http://www.w3.org/2005/Atom}"
    entries = ET.fromstring(feed.content).findall(f"{atom}entry")
    assert [e.findtext(f"{atom}title") for e in entries] == [BYLINE_TIMES]

    def streamed(name):
        response = reader.get(reverse(f"articles:{name}"), params)
        assert response.status_code == 200
        return b"".join(response.streaming_content).decode("utf-8")

    rows = list(csv.DictReader(io.StringIO(streamed("export_csv").removeprefix("\ufeff"))))
    assert [(r["title"], r["published"], r["precision"]) for r in rows] == [
        (BYLINE_TIMES, "2023-08", "month")
    ]
    results = json.loads(streamed("export_json"))["results"]
    assert [(r["title"], r["precision"]) for r in results] == [(BYLINE_TIMES, "month")]
    lines = streamed("export_jsonl").splitlines()
    assert [json.loads(line)["published"] for line in lines] == ["2023-08"]


def test_lists_mark_dates_known_only_to_the_month_or_year_as_approximate(reader):
    body = reader.get(reverse("articles:article_list")).content.decode()
    assert (
        '<time datetime="2023-08">August 2023</time> <span class="approx">(approximate)</span>'
        in body
    )
    assert '<time datetime="2023-02-20">20 February 2023</time>\n' in body
    assert body.count('class="approx"') == 2  # Byline Times and Newsweek
    events = reader.get(reverse("articles:event_list"), {"date_after": "2023-06-15"})
    assert '<time datetime="2023-06">June 2023</time> <span class="approx">' in (
        events.content.decode()
    )


def test_a_range_starting_in_year_one_is_no_error(reader):
    # The start bound the filter derives (a year before the range) must not underflow.
    assert listed(reader, date_after="0001-01-05") == {BYLINE_TIMES, FOREIGN_POLICY, NEWSWEEK}


def test_dated_within_keeps_undated_articles_out_of_every_range():
    undated = Article.objects.create(
        title="Без даты",
        body="Текст.",
        source=Source.objects.get(slug="newsweek"),
        published_precision=Precision.UNKNOWN,
    )
    assert undated.published_until is None
    assert undated not in Article.objects.dated_within(after=datetime.date(2000, 1, 1))
    assert undated not in Article.objects.dated_within(before=datetime.date(2100, 1, 1))
    assert undated in Article.objects.dated_within()


@pytest.mark.parametrize(
    "published_on, precision, until",
    [
        ("2024-02-17", Precision.DAY, "2024-02-17"),
        ("2024-02-17", Precision.MONTH, "2024-02-29"),
        ("2023-02-17", Precision.MONTH, "2023-02-28"),
        ("2024-06-05", Precision.YEAR, "2024-12-31"),
    ],
)
def test_an_article_stores_the_first_and_last_day_of_its_period(published_on, precision, until):
    article = Article.objects.create(
        title="Period",
        body="Тэкст.",
        source=Source.objects.get(slug="newsweek"),
        published_on=published_on,
        published_precision=precision,
    )
    article.refresh_from_db()
    assert article.published_until == datetime.date.fromisoformat(until)
    assert article.published_on <= article.published_until
