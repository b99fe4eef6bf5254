"""The map of events: precision drawn as it is known, co-located events grouped, filters apply."""

import datetime
import re

import pytest
from django.urls import reverse

from articles.maps.event_map import event_map
from articles.models import Event

MARKER = re.compile(
    r'<a class="event-map__marker[^"]*" href="([^"]+)" data-kind="(\w+)"'
    r' data-events="(\d+)">(.*?)</a>',
    re.S,
)


def markers(response):
    return [
        (href, kind, int(n), body)
        for href, kind, n, body in MARKER.findall(response.content.decode())
    ]


def test_a_region_precise_event_is_an_area_not_a_pin(reader, seeded):
    event = Event.objects.get(slug="russia-invades-ukraine-partly-from-belarusian-territory")
    response = reader.get(event.get_absolute_url())
    assert response.status_code == 200
    [(href, kind, n, body)] = markers(response)
    assert (href, kind, n) == (event.get_absolute_url(), "region", 1)
    assert 'class="event-map__area event-map__area--region"' in body
    assert re.search(r'r="(\d+\.\d)"', body.split("event-map__area--region")[1])


def test_a_country_precise_event_is_the_country(reader, seeded):
    event = Event.objects.get(slug="kastus-kalinouski-regiment-formed")
    [(_, kind, _, body)] = markers(reader.get(event.get_absolute_url()))
    assert kind == "country" and "event-map__area--country" in body and "<path" in body


def test_a_town_is_a_pin(reader, seeded):
    event = Event.objects.get(slug="belarus-arrests-roman-protasevich-and-sofia-sapega")
    [(_, kind, _, body)] = markers(reader.get(event.get_absolute_url()))
    assert kind == "pin" and "event-map__area" not in body


def test_events_at_one_place_are_one_marker_that_lists_them(reader, seeded):
    for i, (lat, lon) in enumerate([(52.09752, 23.68775), (52.1, 23.7), (52.08, 23.66)]):
        Event.objects.create(
            title=f"Інцыдэнт на мяжы каля Брэста {i}",
            start_date=datetime.date(2023, 5, 1 + i),
            place="Brest",
            place_precision="locality",
            country="BY",
            latitude=lat,
            longitude=lon,
        )
    response = reader.get(reverse("articles:event_list"), {"q": "Брэста"})
    assert response.status_code == 200
    [(href, kind, n, body)] = markers(response)
    assert kind == "pin" and n == 3
    number = href.removeprefix("#map-place-")
    html = response.content.decode()
    listed = html.split(f'id="map-place-{number}"')[1].split("</li>\n    \n")[0]
    for event in Event.objects.filter(place="Brest"):
        assert event.get_absolute_url() in listed  # each links to its event
    assert all(f"Інцыдэнт на мяжы каля Брэста {i}" in listed for i in range(3))
    assert "Brest: 3 events" in body  # the marker's own title says how many


def test_the_timeline_map_groups_belarus_wide_events_and_follows_filters(reader, seeded):
    response = reader.get(reverse("articles:event_list"))
    countries = [n for _, kind, n, _ in markers(response) if kind == "country"]
    belarus = Event.objects.filter(place_precision="country", country="BY").count()
    assert belarus == 7 and belarus in countries and len(countries) == 3  # BY, UA, RU
    html = response.content.decode()
    assert "Beyond this map:" in html and "The Hague" in html  # located, but off the map
    # A filter applies to the map as to the list.
    denied = reader.get(reverse("articles:event_list"), {"status": "confirmed", "kind": "legal"})
    assert markers(denied) == []
    assert "ICC issues arrest warrants" in denied.content.decode().split("Beyond this map:")[1]
    wagner = reader.get(reverse("articles:event_list"), {"topic": "wagner-group-in-belarus"})
    assert {kind for _, kind, _, _ in markers(wagner)} == {"country"}
    assert sum(n for _, _, n, _ in markers(wagner)) == 3


def test_the_map_is_one_query_and_bounded(seeded, django_assert_num_queries):
    Event.objects.bulk_create(
        Event(
            title=f"Event {i}",
            slug=f"event-{i}",
            start_date=datetime.date(2022, 1, 1) + datetime.timedelta(days=i),
            place_precision="site",
            latitude=50 + i % 5,
            longitude=25 + i % 7,
        )
        for i in range(40)
    )
    with django_assert_num_queries(1):
        drawn = event_map(Event.objects.all(), limit=30)
    assert drawn.more and drawn.event_count == 30


def test_an_event_without_a_place_has_no_map(reader, seeded):
    response = reader.get(
        reverse("articles:event_detail", args=["belarusian-border-guard-crosses-into-ukraine"])
    )
    assert response.status_code == 200
    assert b'class="event-map"' not in response.content


@pytest.mark.parametrize("width", [375, 1280])
def test_map_coordinates_are_not_localised(reader, seeded, settings, width):
    """SVG needs '12.5', never the '12,5' a Belarusian or Russian locale would print."""
    settings.LANGUAGE_CODE = "ru"
    response = reader.get(reverse("articles:event_list"))
    assert not re.search(r'c[xy]="\d+,\d"', response.content.decode())
