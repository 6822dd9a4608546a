"""The demo buildings' footprints: a rectangle around each building's point, as long as its
entrances need and as deep as its kind (a slab of walk-ups, a high-rise tower), turned to face
south as Chinese housing does (its long side east-west, or along its block where the block runs
nearly so), kept inside its block well off the roads around it and the lanes into it, and off
the footprints already drawn there. No random draw: the footprints add nothing to the demo's stream, so the rest of
the district is the same with them."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from shapely.geometry import Point, Polygon
from shapely.prepared import prep

from areas import demo_town
from areas.models import Building

# Metres per degree of latitude, and of longitude at the demo's latitude.
M_LAT = 110_540.0
M_LON = 111_320.0 * math.cos(math.radians(28.036))
# Footprints keep this far inside their block, off the roads along its edge (degrees, ~8 m).
OFF_ROAD = 0.00008
# A building whose footprint would touch another is drawn smaller, then not at all.
SHRINK = (1.0, 0.8, 0.6)
HIGH_RISE = 10  # floors


def size(building: Building) -> tuple[float, float]:
    """(length, depth) in metres: walk-ups 13 m per entrance by 11 m, towers 20 m and 13 m per
    further entrance by 17 m."""
    if building.floors >= HIGH_RISE:
        return 20.0 + 13.0 * (building.entrances - 1), 17.0
    return 13.0 * building.entrances, 11.0


def _facing(block: Any) -> tuple[float, float]:
    """The long side's direction in metres: the block's axis or its perpendicular, whichever
    runs nearer east-west."""
    ax, ay = demo_town._long_axis(block)
    mx, my = ax * M_LON, ay * M_LAT
    if abs(my) > abs(mx):
        mx, my = my, -mx
    n = math.hypot(mx, my) or 1.0
    return (mx / n, my / n) if mx >= 0 else (-mx / n, -my / n)


def _rectangle(x: float, y: float, along: tuple[float, float], length: float, depth: float):
    ux, uy = along
    vx, vy = -uy, ux
    corners = []
    for a, b in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
        dx = (a * length * ux + b * depth * vx) / 2
        dy = (a * length * uy + b * depth * vy) / 2
        corners.append((round(x + dx / M_LON, 6), round(y + dy / M_LAT, 6)))
    return Polygon(corners)


def draw(buildings: Sequence[Building], blocks: Sequence[Any], lanes: Any = None) -> int:
    """Set each building's `footprint` where one fits (inside its block and off `lanes`, a
    geometry of the lanes that run into the blocks); the number drawn."""
    inner = [b.buffer(-OFF_ROAD) for b in blocks]
    if lanes is not None and not lanes.is_empty:
        off_lanes = lanes.buffer(OFF_ROAD / 2)
        inner = [b.difference(off_lanes) for b in inner]
    ground = [prep(b) for b in inner]
    facing = [_facing(b) for b in blocks]
    drawn: list[list[Any]] = [[] for _ in blocks]
    count = 0
    for building in buildings:
        point = Point(building.lon, building.lat)
        at = next((i for i, b in enumerate(blocks) if b.covers(point)), None)
        if at is None or inner[at].is_empty:
            continue
        length, depth = size(building)
        for k in SHRINK:
            shape = _rectangle(building.lon, building.lat, facing[at], length * k, depth * k)
            if ground[at].contains(shape) and not any(shape.intersects(o) for o in drawn[at]):
                drawn[at].append(shape)
                ring = [list(c) for c in shape.exterior.coords]
                building.footprint = {"type": "Polygon", "coordinates": [ring]}
                count += 1
                break
    return count
