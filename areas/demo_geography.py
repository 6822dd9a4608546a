"""The demo district's roads and river: a town's shape for the maps, and the blocks between
the roads that the community boundaries and the old grids follow (`areas/demo_town.py`).

The network is drawn from its own random stream, derived from the demo's seed, so it is the
same whatever day or scale the demo is loaded at, and adding it changes nothing else the demo
draws. Main roads and streets cross the built-up frame; lanes run off them (礁下路一巷), each
kept by the community it lies in. The 瓯江 runs along the south edge, its north bank just below the frame that holds
every community and building, so nothing is built in it.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import Any

from shapely.geometry import LineString, Point, Polygon, box, mapping
from shapely.ops import polygonize, unary_union

from areas import demo_town, geometry
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
# A block larger than this share of the frame also gets a lane into it.
LANE_BLOCK = 0.025
NUMERALS = "一二三四五六七八九十"
# The river's north bank lies this far below the frame's south edge at most.
BANK_GAP = 0.0002


def numeral(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十 (up to 99)."""
    tens, ones = divmod(n, 10)
    if n < 1 or tens > 9:
        return str(n)
    if tens == 0:
        return NUMERALS[ones - 1]
    return (NUMERALS[tens - 1] if tens > 1 else "") + "十" + (NUMERALS[ones - 1] if ones else "")


# A bend of a line: its sideways offset (degrees, to the left of its direction) at a longitude.
Bend = Callable[[float], float]


def _wiggly(
    rng: random.Random,
    start: tuple[float, float],
    end: tuple[float, float],
    bend: Bend | None = None,
) -> list:
    """A gently bending line from `start` to `end`: a point every ~400 m, nudged sideways
    (and offset by `bend`: the riverside road follows the bank)."""
    (x0, y0), (x1, y1) = start, end
    length = math.hypot(x1 - x0, y1 - y0)
    steps = max(2, round(length / 0.004))
    nx, ny = -(y1 - y0) / length, (x1 - x0) / length
    points = []
    for i in range(steps + 1):
        t = i / steps
        off = 0.0 if i in (0, steps) else rng.gauss(0, 0.00025)
        if bend is not None:
            off += bend(x0 + (x1 - x0) * t)
        points.append((x0 + (x1 - x0) * t + nx * off, y0 + (y1 - y0) * t + ny * off))
    return points


RIVER_STEPS = 60
RIVER_REACH = 0.06  # past the frame east and west


def bank_bend(phase: float, bounds: tuple[float, float, float, float], x: float) -> float:
    """How far below its highest the river's north bank lies at longitude `x` (0 to 0.0025°):
    one long, slow wave."""
    minx, _miny, maxx, _maxy = bounds
    west, east = minx - RIVER_REACH, maxx + RIVER_REACH
    i = (x - west) / (east - west) * RIVER_STEPS
    return 0.0025 * (1 + math.sin(phase + i / 3.5)) / 2


def _geometry(line: Any) -> dict[str, Any]:
    rounded = [
        [[round(x, 6), round(y, 6)] for x, y in part.coords]
        for part in getattr(line, "geoms", [line])
    ]
    if len(rounded) == 1:
        return geometry.parse({"type": "LineString", "coordinates": rounded[0]}, geometry.LINES)
    return geometry.parse({"type": "MultiLineString", "coordinates": rounded}, geometry.LINES)


def _through(
    rng: random.Random,
    frame: Any,
    direction: str,
    at: float,
    span: tuple,
    bend: Bend | None = None,
) -> Any:
    minx, miny, maxx, maxy = frame.bounds
    a, b = span
    if direction == "ew":
        y = miny + (maxy - miny) * at + rng.uniform(-0.0008, 0.0008)
        start, end = (minx + (maxx - minx) * a, y), (minx + (maxx - minx) * b, y)
    else:
        x = minx + (maxx - minx) * at + rng.uniform(-0.0008, 0.0008)
        start, end = (x, miny + (maxy - miny) * a), (x, miny + (maxy - miny) * b)
    return LineString(_wiggly(rng, start, end, bend)).intersection(frame)


# Streets added where the named network leaves a block too large for a community's share:
# the old town's own names first, then the new town's numbered ones (经 north-south, 纬 east-west).
CROSS_STREETS = ["人民路", "振兴路", "阳光路", "安澜路", "公园路", "建设路", "文化路", "环城路"]
# A block larger than this share of the frame gets a street across it.
LARGEST_BLOCK = 0.045


class Network:
    """The demo's roads, drawn in two steps from one stream: the main roads and streets that
    cut the frame into blocks (`blocks`, for the community boundaries), then (`save`) the lanes,
    kept by the communities they lie in, and the river."""

    def __init__(self, seed: int, bounds: tuple[float, float, float, float]) -> None:
        self.rng = random.Random(f"linli-demo-roads-{seed}")
        self.bounds = bounds
        self.frame = box(*bounds)
        # (name, class, line) of the main roads and streets, in the order they are drawn.
        self.through: list[tuple[str, str, Any]] = []
        # The river's bend comes from a stream of its own: the riverside road follows it.
        self.river_phase = random.Random(f"linli-demo-river-{seed}").uniform(0, math.tau)
        for name, direction, at in MAIN_ROADS:
            bend = self._along_bank if direction == "ew" and at < 0.1 else None
            line = _through(self.rng, self.frame, direction, at, (0, 1), bend)
            self.through.append((name, RoadClass.MAIN, line))
        for name, direction, at in STREETS:
            span = (self.rng.uniform(0, 0.25), self.rng.uniform(0.75, 1))
            line = _through(self.rng, self.frame, direction, at, span)
            self.through.append((name, RoadClass.STREET, line))
        self.blocks = self._cut_blocks()
        self._lanes: list[tuple[str, Area, Any]] | None = None

    def _along_bank(self, x: float) -> float:
        """The riverside road's offset at `x`: it dips with the bank (by a third of the bank's
        bend, so the strip below it stays thin), staying inland."""
        return 0.0001 + (0.0025 - bank_bend(self.river_phase, self.bounds, x)) / 3

    def _polygonize(self) -> list[Any]:
        lines = [self.frame.exterior, *(line for _n, _c, line in self.through)]
        # Dangling street ends bound nothing; blocks are what the crossing roads enclose.
        return [b for b in polygonize(unary_union(lines)) if b.area > 1e-9]

    def _cut_blocks(self) -> list[Any]:
        """Blocks between roads; a block too large for a community's share gets a street
        across its long side, near its middle, until none is."""
        names = iter(CROSS_STREETS)
        numbered = {"ew": 0, "ns": 0}
        limit = self.frame.area * LARGEST_BLOCK
        blocks = self._polygonize()
        for _ in range(60):
            # Too large, or long and thin enough to make a strip of a community.
            large = [
                b
                for b in blocks
                if b.area > limit or (b.area > limit / 4 and demo_town.elongation(b) > 3)
            ]
            if not large:
                break
            largest = max(large, key=lambda b: b.area)
            direction, line = _across(self.rng, largest)
            name = next(names, None)
            if name is None:
                numbered[direction] += 1
                n = numbered[direction]
                name = f"{'纬' if direction == 'ew' else '经'}{numeral(n)}路"
            self.through.append((name, RoadClass.STREET, line.intersection(self.frame)))
            blocks = self._polygonize()
        # Numbered west→east, north→south, so the same seed gives the same order.
        blocks.sort(key=lambda b: (-round(b.centroid.y, 3), round(b.centroid.x, 3)))
        return blocks

    def lanes(self, communities: list[tuple[Area, Any]]) -> list[tuple[str, Area, Any]]:
        """The lanes off the main roads and streets, each with the community it lies in (drawn
        once, so the buildings' footprints can keep off them before they are saved)."""
        if self._lanes is not None:
            return self._lanes
        rng, bounds, frame = self.rng, self.bounds, self.frame
        through = []
        for name, _cls, line in self.through:
            if line.is_empty or line.length == 0:
                continue
            shape = _geometry(line)
            if shape["type"] == "LineString":
                through.append((name, LineString(shape["coordinates"])))
        lanes: list[tuple[str, Area, Any]] = []
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
            end = (
                (start.x, start.y + sign * reach)
                if east_west
                else (start.x + sign * reach, start.y)
            )
            line = LineString(_wiggly(rng, (start.x, start.y), end)).intersection(frame)
            middle = line.interpolate(0.5, normalized=True) if not line.is_empty else Point(end)
            home = next((c for c, cell in communities if cell.covers(middle)), communities[0][0])
            lanes_off[base_name] = n = lanes_off.get(base_name, 0) + 1
            lanes.append((f"{base_name}{numeral(n)}巷", home, line))
        for name, home, line in self._block_lanes(through, communities, lanes_off):
            lanes.append((name, home, line))
        self._lanes = lanes
        return lanes

    def _block_lanes(
        self,
        through: list[tuple[str, Any]],
        communities: list[tuple[Area, Any]],
        lanes_off: dict[str, int],
    ) -> list[tuple[str, Area, Any]]:
        """A lane into each large block (its inner road): from the block's edge nearest its
        middle, past the middle, gently bending; named after the road it leaves."""
        found = []
        limit = self.frame.area * LANE_BLOCK
        for block in self.blocks:
            if block.area < limit:
                continue
            middle = block.representative_point()
            edge = block.exterior.interpolate(block.exterior.project(middle))
            dx, dy = middle.x - edge.x, middle.y - edge.y
            end = (middle.x + dx * 0.6, middle.y + dy * 0.6)
            line = LineString(_wiggly(self.rng, (edge.x, edge.y), end)).intersection(block)
            if line.is_empty or line.length == 0 or line.geom_type != "LineString":
                continue
            base_name = min(through, key=lambda r: r[1].distance(edge))[0]
            home = next((c for c, cell in communities if cell.covers(middle)), communities[0][0])
            lanes_off[base_name] = n = lanes_off.get(base_name, 0) + 1
            found.append((f"{base_name}{numeral(n)}巷", home, line))
        return found

    def save(
        self,
        subdistricts: list[tuple[Area, Any]],
        district: Area,
        communities: list[tuple[Area, Any]],
    ) -> tuple[list[Road], list[WaterBody]]:
        """Save the roads and the river. A main road or street is kept by the subdistrict
        (given with its ground) holding most of its length, a lane by its community; each is
        numbered within its subdistrict."""
        roads: list[Road] = []
        numbered: dict[str, int] = {}

        def add(name: str, cls: str, area: Area, line: Any, prefix: str) -> None:
            if line.is_empty or line.length == 0:
                return
            numbered[prefix] = n = numbered.get(prefix, 0) + 1
            roads.append(
                Road(
                    code=f"{prefix}R{n:03d}",
                    name=name,
                    road_class=cls,
                    area=area,
                    geometry=_geometry(line),
                )
            )

        for name, cls, line in self.through:
            keeper = max(subdistricts, key=lambda s: s[1].intersection(line).length)[0]
            add(name, cls, keeper, line, keeper.code)
        for name, home, line in self.lanes(communities):
            add(name, RoadClass.LANE, home, line, home.code[: len(subdistricts[0][0].code)])
        Road.objects.bulk_create([_with_bbox(r) for r in roads])
        water = [_with_bbox(_river(self.rng, self.bounds, district, self.river_phase))]
        WaterBody.objects.bulk_create(water)
        return roads, water


def _across(rng: random.Random, block: Any) -> tuple[str, Any]:
    """A street across `block`'s long side near its middle, reaching a few metres past its
    edges so that it meets the roads around it: (its direction, "ew" or "ns"; the line)."""
    ring = list(block.minimum_rotated_rectangle.exterior.coords)
    (x0, y0), (x1, y1), (x2, y2) = ring[0], ring[1], ring[2]
    first, second = (x1 - x0, y1 - y0), (x2 - x1, y2 - y1)
    along, across = (
        (first, second) if math.hypot(*first) >= math.hypot(*second) else (second, first)
    )
    c = block.centroid
    shift = rng.uniform(-0.12, 0.12)
    mx, my = c.x + along[0] * shift, c.y + along[1] * shift
    reach = math.hypot(*across)
    ux, uy = across[0] / reach, across[1] / reach
    start = (mx - ux * reach * 1.5, my - uy * reach * 1.5)
    end = (mx + ux * reach * 1.5, my + uy * reach * 1.5)
    line = LineString(_wiggly(rng, start, end)).intersection(block.buffer(0.00005))
    middle = Point(mx, my)
    part = min(getattr(line, "geoms", [line]), key=lambda g: g.distance(middle))
    return ("ew" if abs(ux) > abs(uy) else "ns"), part


def generate(
    seed: int,
    bounds: tuple[float, float, float, float],
    subdistricts: list[tuple[Area, Any]],
    district: Area,
    communities: list[tuple[Area, Any]],
) -> tuple[list[Road], list[WaterBody]]:
    """The whole network and the river in one step (the demo draws its blocks in between)."""
    return Network(seed, bounds).save(subdistricts, district, communities)


def _river(
    rng: random.Random, bounds: tuple[float, float, float, float], district: Area, phase: float
) -> WaterBody:
    """瓯江: about 1.4 km wide, reaching 6 km past the frame east and west; its north bank bends
    (`bank_bend`) but stays below the frame's south edge."""
    minx, miny, maxx, _maxy = bounds
    west, east = minx - RIVER_REACH, maxx + RIVER_REACH
    steps = RIVER_STEPS
    north, south = [], []
    for i in range(steps + 1):
        x = west + (east - west) * i / steps
        bend = bank_bend(phase, bounds, x)
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
