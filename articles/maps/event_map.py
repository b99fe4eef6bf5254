"""The map of events: markers for a set of events on the borders of region.json.

Precision is drawn, not hidden: a site or town is a pin, a region an area (a circle of
REGION_RADIUS_KM around its coordinates), a country-only place the whole country. Markers
that would overlap on the map are one marker that lists its events; a marker for one
event links to it, a marker for several to their list under the map. Events outside the
map's frame are listed as "elsewhere".
"""

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.db.models import F

from articles.links import detail_url
from articles.models import Event

from .projection import HEIGHT, UNITS_PER_KM, WIDTH, on_map, project

# The newest events of a set that the map draws: enough for any filtered view, bounded
# for the whole timeline (5,000 events at scale); the map says when there are more.
MAP_EVENTS = 300
# A region-precise place: "northern Ukraine", "the Brest region" is about this wide.
REGION_RADIUS_KM = 90
# Pins closer than this (map units; the map is WIDTH wide) would overlap: one marker.
GROUP_DISTANCE = 14

# How far apart a country's number and a pin must be for neither to cover the other.
BADGE_CLEARANCE = 50

PIN, REGION, COUNTRY = "pin", "region", "country"


@cache
def base_map():
    """The borders (region.json): {"width", "height", "countries": {code: {name, label, d}}}."""
    return json.loads((Path(__file__).with_name("region.json")).read_text(encoding="utf-8"))


@dataclass
class Place:
    number: int
    kind: str  # PIN, REGION or COUNTRY
    x: float
    y: float
    name: str
    events: list = field(default_factory=list)
    radius: float = 0.0
    country_path: str = ""

    @property
    def cx(self):
        # Formatted here, not in the template: SVG needs '12.5' in every locale, and a
        # filter per attribute per marker was most of the map's cost.
        return f"{self.x:.1f}"

    @property
    def cy(self):
        return f"{self.y:.1f}"

    @property
    def r(self):
        return f"{self.radius:.1f}"

    @property
    def count(self):
        return len(self.events)

    @property
    def href(self):
        """One event: its page. Several: their entry in the list under the map."""
        return self.events[0]["url"] if len(self.events) == 1 else f"#map-place-{self.number}"


@dataclass
class EventMap:
    places: list
    elsewhere: list  # events located outside the frame
    more: bool  # the set has more located events than the map draws
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def countries(self):
        return base_map()["countries"]

    @property
    def listed(self):
        return sorted(self.places, key=lambda place: place.number)

    @property
    def event_count(self):
        return sum(len(place.events) for place in self.places) + len(self.elsewhere)


def event_map(queryset, limit=MAP_EVENTS):
    """The EventMap of the newest `limit` located events of `queryset`: one query."""
    rows = list(
        queryset.located()
        .order_by(F("start_date").desc(nulls_last=True), "-id")
        .values(
            "slug", "title", "place", "place_precision", "country", "latitude", "longitude",
            "start_date", "date_precision",
        )[: limit + 1]
    )  # fmt: skip
    more = len(rows) > limit
    countries = base_map()["countries"]
    areas, pins, elsewhere = {}, [], []
    for row in rows[:limit]:
        event = {
            "title": row["title"],
            "url": detail_url("articles:event_detail", row["slug"]),
            "place": row["place"],
            "precision": row["place_precision"],
            "aside": "",
        }
        if row["place_precision"] == Event.PlacePrecision.COUNTRY:
            country = countries.get(row["country"])
            if country is None:
                elsewhere.append(event)
                continue
            x, y = country["label"]
            area = areas.setdefault(
                ("country", row["country"]),
                Place(0, COUNTRY, x, y, country["name"], country_path=country["d"]),
            )
            area.events.append(event)
            continue
        x, y = project(row["longitude"], row["latitude"])
        if not on_map(x, y):
            elsewhere.append(event)
            continue
        if row["place_precision"] == Event.PlacePrecision.REGION:
            key = ("region", round(x / GROUP_DISTANCE), round(y / GROUP_DISTANCE))
            area = areas.setdefault(
                key, Place(0, REGION, x, y, row["place"], radius=REGION_RADIUS_KM * UNITS_PER_KM)
            )
            area.events.append(event)
            continue
        for pin in pins:
            if (pin.x - x) ** 2 + (pin.y - y) ** 2 <= GROUP_DISTANCE**2:
                pin.events.append(event)
                break
        else:
            pins.append(Place(0, PIN, x, y, row["place"], events=[event]))
    # A country's number sits at its centre, where its capital's pin often is: move it
    # below a pin it would cover.
    for area in areas.values():
        while any((p.x - area.x) ** 2 + (p.y - area.y) ** 2 < BADGE_CLEARANCE**2 for p in pins):
            area.y += GROUP_DISTANCE
    # In a marker of several places, each event says its own place when it differs.
    for place in (*areas.values(), *pins):
        if len(place.events) > 1:
            for event in place.events:
                event["aside"] = event["place"] if event["place"] != place.name else ""
    # Countries under regions under pins, so the smaller marks stay visible and clickable.
    ordered = sorted(areas.values(), key=lambda place: place.kind != COUNTRY) + pins
    # Numbered from north-west to south-east, the order a reader scans the map in.
    for number, place in enumerate(sorted(ordered, key=lambda p: (round(p.y / 40), p.x)), 1):
        place.number = number
    return EventMap(places=ordered, elsewhere=elsewhere, more=more)
