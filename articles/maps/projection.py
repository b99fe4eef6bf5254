"""The event map's projection: Lambert conformal conic for Belarus, Ukraine and their neighbours.

Conformal, so shapes (and the round areas drawn for region-precise events) are not
stretched; standard parallels 46° and 56° N bracket the region. The base map
(region.json, built by tools/build_region_map.py) and the events are projected by the
same function, so a marker lands where its coordinates are on the borders.
"""

import math

# The part of the world the map shows: west, south, east, north, in degrees.
FRAME = (14.0, 43.6, 41.2, 58.4)
WIDTH = 800  # map units (the SVG viewBox width); the height follows from the frame

_PHI1, _PHI2, _PHI0, _LAMBDA0 = (math.radians(v) for v in (46.0, 56.0, 51.0, 27.5))


def _t(phi):
    return math.tan(math.pi / 4 + phi / 2)


_N = math.log(math.cos(_PHI1) / math.cos(_PHI2)) / math.log(_t(_PHI2) / _t(_PHI1))
_F = math.cos(_PHI1) * _t(_PHI1) ** _N / _N
_RHO0 = _F / _t(_PHI0) ** _N


def _raw(lon, lat):
    lat = max(min(lat, 89.9), -89.9)
    rho = _F / _t(math.radians(lat)) ** _N
    theta = _N * (math.radians(lon) - _LAMBDA0)
    return rho * math.sin(theta), _RHO0 - rho * math.cos(theta)


def _bounds():
    west, south, east, north = FRAME
    steps = 20
    edge = [
        (west + (east - west) * i / steps, lat) for i in range(steps + 1) for lat in (south, north)
    ]
    edge += [
        (lon, south + (north - south) * i / steps) for i in range(steps + 1) for lon in (west, east)
    ]
    xs, ys = zip(*(_raw(lon, lat) for lon, lat in edge), strict=True)
    return min(xs), min(ys), max(xs), max(ys)


_XMIN, _YMIN, _XMAX, _YMAX = _bounds()
_SCALE = WIDTH / (_XMAX - _XMIN)
HEIGHT = round((_YMAX - _YMIN) * _SCALE)
# Map units per kilometre at the region's centre (Earth radius 6,371 km).
UNITS_PER_KM = _SCALE / 6371.0


def project(lon, lat):
    """(x, y) in map units, y downwards as SVG draws; outside 0..WIDTH, 0..HEIGHT is off the map."""
    x, y = _raw(float(lon), float(lat))
    return (x - _XMIN) * _SCALE, (_YMAX - y) * _SCALE


def on_map(x, y, margin=0.0):
    return -margin <= x <= WIDTH + margin and -margin <= y <= HEIGHT + margin
