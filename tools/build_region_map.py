#!/usr/bin/env python3
"""Build articles/maps/region.json, the base map of the event map, from Natural Earth borders.

The borders are Natural Earth's 1:50m Admin 0 countries (public domain), as redistributed in
TopoJSON by the npm package world-atlas (ISC licence). To rebuild:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python3 tools/build_region_map.py package/countries-50m.json

It keeps the countries in the map's frame (Belarus, Ukraine and their neighbours),
projects them (Lambert conformal conic, the projection the map draws events with:
articles/maps/projection.py), cuts them to the map's rectangle, simplifies them to about
a kilometre and writes SVG path data. Standard library only.
"""

import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from articles.maps.projection import FRAME, HEIGHT, WIDTH, project  # noqa: E402

# ISO 3166-1 numeric (world-atlas ids) -> alpha-2, for the countries near the frame.
COUNTRIES = {
    "112": "BY", "804": "UA", "643": "RU", "616": "PL", "440": "LT", "428": "LV", "233": "EE",
    "498": "MD", "642": "RO", "703": "SK", "348": "HU", "203": "CZ", "276": "DE", "040": "AT",
    "752": "SE", "208": "DK", "246": "FI", "100": "BG", "688": "RS", "792": "TR", "268": "GE",
    "191": "HR", "705": "SI", "070": "BA", "499": "ME", "807": "MK", "008": "AL", "300": "GR",
}  # fmt: skip
TOLERANCE = 0.6  # map units (the frame is WIDTH units wide): about a kilometre
# Natural Earth 4.1 draws Crimea as Russia's (its "de facto" policy). The archive draws
# Ukraine in its internationally recognised borders: Russia's polygons inside this box
# (the peninsula, with Sevastopol) are moved to Ukraine.
CRIMEA = (32.4, 44.3, 36.7, 46.3)  # west, south, east, north


def in_crimea(rings):
    west, south, east, north = CRIMEA
    return all(west <= lon <= east and south <= lat <= north for lon, lat in rings[0])


def decode_arcs(topology):
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def ring(arcs, indexes):
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def polygons(geometry, arcs):
    if geometry["type"] == "Polygon":
        return [[ring(arcs, r) for r in geometry["arcs"]]]
    if geometry["type"] == "MultiPolygon":
        return [[ring(arcs, r) for r in polygon] for polygon in geometry["arcs"]]
    return []


def clip(points, inside, cross):
    """Sutherland-Hodgman against one edge of the frame."""
    out = []
    for i, current in enumerate(points):
        previous = points[i - 1]
        if inside(current):
            if not inside(previous):
                out.append(cross(previous, current))
            out.append(current)
        elif inside(previous):
            out.append(cross(previous, current))
    return out


def clip_to_frame(points):
    """The projected ring cut to the map's rectangle (0..WIDTH, 0..HEIGHT)."""

    def at_x(x):
        return lambda a, b: (x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0]))

    def at_y(y):
        return lambda a, b: (a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y)

    for inside, cross in [
        (lambda p: p[0] >= 0, at_x(0)),
        (lambda p: p[0] <= WIDTH, at_x(WIDTH)),
        (lambda p: p[1] >= 0, at_y(0)),
        (lambda p: p[1] <= HEIGHT, at_y(HEIGHT)),
    ]:
        if not points:
            break
        points = clip(points, inside, cross)
    return points


def _distance(p, a, b):
    """From point p to the segment a-b (a closed ring starts and ends at the same point)."""
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == dy == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def simplify(points, tolerance):
    """Douglas-Peucker, iterative."""
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, index = 0.0, None
        for i in range(first + 1, last):
            distance = _distance(points[i], points[first], points[last])
            if distance > worst:
                worst, index = distance, i
        if index is not None and worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def centroid(points):
    """The area-weighted centre of a ring, and its area (shoelace formula)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-9:
        return points[0], 0.0
    return (cx / (3 * area), cy / (3 * area)), abs(area) / 2


def path_data(rings):
    parts = []
    for points in rings:
        if len(points) < 3:
            continue
        coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(f"M{coords}Z")
    return "".join(parts)


def main(source, target):
    topology = json.loads(Path(source).read_text())
    arcs = decode_arcs(topology)
    shapes = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = COUNTRIES.get(str(geometry.get("id")))
        if code is None:
            continue
        shapes[code] = (geometry["properties"]["name"], polygons(geometry, arcs))
    name, russian = shapes["RU"]
    crimea = [polygon for polygon in russian if in_crimea(polygon)]
    assert crimea, "Crimea not found among Russia's polygons: check CRIMEA"
    shapes["RU"] = (name, [polygon for polygon in russian if not in_crimea(polygon)])
    shapes["UA"][1].extend(crimea)
    countries = {}
    for code, (name, country_polygons) in shapes.items():
        rings = []
        for polygon in country_polygons:
            for points in polygon:
                clipped = clip_to_frame([project(lon, lat) for lon, lat in points])
                simplified = simplify(clipped, TOLERANCE)
                if len(simplified) >= 4:
                    rings.append(simplified)
        if rings:
            # Where a country-wide marker goes: the centre of its largest visible part.
            (x, y), _ = max((centroid(ring) for ring in rings), key=lambda found: found[1])
            countries[code] = {
                "name": name,
                "label": [round(x, 1), round(y, 1)],
                "d": path_data(rings),
            }
    data = {
        "source": "Natural Earth 1:50m Admin 0 countries v4.1.0 (public domain), "
        "via the npm package world-atlas 2.0.2 (ISC licence); Crimea drawn as Ukraine's",
        "frame": FRAME,
        "width": WIDTH,
        "height": HEIGHT,
        "countries": dict(sorted(countries.items())),
    }
    Path(target).write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    print(f"{target}: {len(countries)} countries, {Path(target).stat().st_size:,} bytes")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else ROOT / "articles/maps/region.json")
