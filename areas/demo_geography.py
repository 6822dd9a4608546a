"""The demo district's roads and river: a town's shape for the maps and for later steps
(community boundaries and grids along roads).

The network is drawn from its own random stream, derived from the demo's seed, so it is the
same whatever day or scale the demo is loaded at, and adding it changes nothing else the demo
draws. Main roads and streets cross the built-up frame; lanes run off them (礁下路一巷), each
kept by the community it lies in. The 瓯江 runs along the south edge, its north bank just below the frame that holds
every community and building, so nothing is built in it.
"""

from __future__ import annotations

import math
import random
from typing import Any

from shapely.geometry import LineString, Point, Polygon, box, mapping

from areas import geometry
from areas.models import Area, Road, RoadClass, WaterBody, WaterKind

# (name, direction, position across the frame 0..1): east-west roads at a latitude fraction,
# north-south roads at a longitude fraction.
MAIN_ROADS = [
    ("江北大道", "ew", 0.05),
    ("罗浮大街", "ew", 0.47),
    ("东瓯大道", "ns", 0.52),
    ("双塔路", "ns", 0.22),
]
STREETS = [
    ("礁下路", "ew", 0.25),
    ("码道路", "ew", 0.68),
    ("五星路", "ew", 0.86),
    ("浦西路", "ew", 0.15),
    ("千石路", "ns", 0.08),
    ("新桥路", "ns", 0.36),
    ("黄田路", "ns", 0.66),
    ("三江路", "ns", 0.80),
    ("林垟路", "ns", 0.92),
    ("塘头路", "ew", 0.58),
]
LANES = 24
NUMERALS = "一二三四五六七八九十"
# The river's north bank lies this far below the frame's south edge at most.
BANK_GAP = 0.0002


def _wiggly(rng: random.Random, start: tuple[float, float], end: tuple[float, float]) -> list:
    """A gently bending line from `start` to `end`: a point every ~400 m, nudged sideways."""
    (x0, y0), (x1, y1) = start, end
    length = math.hypot(x1 - x0, y1 - y0)
    steps = max(2, round(length / 0.004))
    nx, ny = -(y1 - y0) / length, (x1 - x0) / length
    points = []
    for i in range(steps + 1):
        t = i / steps
        off = 0.0 if i in (0, steps) else rng.gauss(0, 0.00025)
        points.append((x0 + (x1 - x0) * t + nx * off, y0 + (y1 - y0) * t + ny * off))
    return points


def _geometry(line: Any) -> dict[str, Any]:
    rounded = [
        [[round(x, 6), round(y, 6)] for x, y in part.coords]
        for part in getattr(line, "geoms", [line])
    ]
    if len(rounded) == 1:
        return geometry.parse({"type": "LineString", "coordinates": rounded[0]}, geometry.LINES)
    return geometry.parse({"type": "MultiLineString", "coordinates": rounded}, geometry.LINES)


def _through(rng: random.Random, frame: Any, direction: str, at: float, span: tuple) -> Any:
    minx, miny, maxx, maxy = frame.bounds
    a, b = span
    if direction == "ew":
        y = miny + (maxy - miny) * at + rng.uniform(-0.0008, 0.0008)
        start, end = (minx + (maxx - minx) * a, y), (minx + (maxx - minx) * b, y)
    else:
        x = minx + (maxx - minx) * at + rng.uniform(-0.0008, 0.0008)
        start, end = (x, miny + (maxy - miny) * a), (x, miny + (maxy - miny) * b)
    return LineString(_wiggly(rng, start, end)).intersection(frame)


def generate(
    seed: int,
    bounds: tuple[float, float, float, float],
    subdistrict: Area,
    district: Area,
    communities: list[tuple[Area, Any]],
) -> tuple[list[Road], list[WaterBody]]:
    rng = random.Random(f"linli-demo-roads-{seed}")
    frame = box(*bounds)
    roads: list[Road] = []

    def add(name: str, cls: str, area: Area, line: Any) -> None:
        if line.is_empty or line.length == 0:
            return
        roads.append(
            Road(
                code=f"{subdistrict.code}R{len(roads) + 1:03d}",
                name=name,
                road_class=cls,
                area=area,
                geometry=_geometry(line),
            )
        )

    for name, direction, at in MAIN_ROADS:
        add(name, RoadClass.MAIN, subdistrict, _through(rng, frame, direction, at, (0, 1)))
    for name, direction, at in STREETS:
        span = (rng.uniform(0, 0.25), rng.uniform(0.75, 1))
        add(name, RoadClass.STREET, subdistrict, _through(rng, frame, direction, at, span))
    through = [
        (r.name, LineString(r.geometry["coordinates"]))
        for r in roads
        if r.geometry["type"] == "LineString"
    ]
    lanes_off: dict[str, int] = {}
    for _ in range(LANES):
        base_name, base = rng.choice(through)
        start = base.interpolate(rng.uniform(0.1, 0.9), normalized=True)
        a, b = base.coords[0], base.coords[-1]
        east_west = abs(b[0] - a[0]) > abs(b[1] - a[1])
        sign = rng.choice((-1, 1))
        if east_west and start.y < bounds[1] + 0.006:
            sign = 1  # off the riverside road: inland only
        reach = rng.uniform(0.0025, 0.005)
        end = (start.x, start.y + sign * reach) if east_west else (start.x + sign * reach, start.y)
        line = LineString(_wiggly(rng, (start.x, start.y), end)).intersection(frame)
        middle = line.interpolate(0.5, normalized=True) if not line.is_empty else Point(end)
        home = next((c for c, cell in communities if cell.covers(middle)), communities[0][0])
        lanes_off[base_name] = n = lanes_off.get(base_name, 0) + 1
        label = NUMERALS[n - 1] if n <= len(NUMERALS) else str(n)
        add(f"{base_name}{label}巷", RoadClass.LANE, home, line)
    Road.objects.bulk_create([_with_bbox(r) for r in roads])
    water = [_with_bbox(_river(rng, bounds, district))]
    WaterBody.objects.bulk_create(water)
    return roads, water


def _river(
    rng: random.Random, bounds: tuple[float, float, float, float], district: Area
) -> WaterBody:
    """瓯江: about 1.4 km wide, reaching 6 km past the frame east and west; its north bank bends
    but stays below the frame's south edge."""
    minx, miny, maxx, _maxy = bounds
    west, east = minx - 0.06, maxx + 0.06
    steps = 60
    phase = rng.uniform(0, math.tau)
    north, south = [], []
    for i in range(steps + 1):
        x = west + (east - west) * i / steps
        bend = 0.0025 * (1 + math.sin(phase + i / 3.5)) / 2
        north.append((round(x, 6), round(miny - BANK_GAP - bend - rng.uniform(0, 0.0002), 6)))
        south.append((round(x, 6), round(miny - 0.0125 - bend + rng.uniform(-0.0004, 0.0004), 6)))
    ring = [*north, *reversed(south)]
    shape = Polygon(ring)
    return WaterBody(
        code=f"{district.code}W01",
        name="瓯江",
        kind=WaterKind.RIVER,
        area=district,
        geometry=geometry.parse(mapping(shape), geometry.POLYGONS),
    )


def _with_bbox(feature: Any) -> Any:
    feature.set_bbox()
    return feature
