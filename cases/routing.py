"""Placing a point in its grid with a shapely STRtree over the grid polygons.

The index is built once per process and rebuilt when areas change: a signal bumps
a version tag in the shared cache, which lookups compare (`core.memo.SharedVersion`: at
once in the process that made the change, within a second in the others).
The grid levels are the configured ones (grid and micro-grid; zone, piece and team in
a 户—队—片—区 tree): a point goes to the deepest of them whose boundary contains it.
Outside every grid, the point goes to the community, then the subdistrict, that
contains it, and the case is flagged.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.strtree import STRtree

from areas.models import Area, grid_level, grid_levels, level_names
from core.memo import SharedVersion

VERSION_KEY = "cases:routing:version"
VERSION = SharedVersion(VERSION_KEY)
ABOVE_GRIDS = ("community", "subdistrict", "district")


def levels() -> list[str]:
    """The levels a point is looked up in, in order: the grid levels deepest first, then the
    community, subdistrict and district."""
    known = level_names()
    return [*reversed(grid_levels()), *(name for name in ABOVE_GRIDS if name in known)]


@dataclass
class Placement:
    area_id: int
    area_code: str
    level: str
    outside_grid: bool
    area_name: str = ""

    def area(self) -> Area:
        """The area as a row with only id, code, name and level loaded (the rest is
        deferred and read on access), so an answer can show it without a query."""
        return Area.from_db(
            "default",
            ["id", "code", "name", "level"],
            [self.area_id, self.area_code, self.area_name, self.level],
        )


class _LevelIndex:
    def __init__(self, rows: list[tuple[int, str, str, Any]]) -> None:
        self.ids = [r[0] for r in rows]
        self.codes = [r[1] for r in rows]
        self.names = [r[2] for r in rows]
        geoms = []
        for _pk, _code, _name, boundary in rows:
            try:
                geoms.append(shapely.geometry.shape(boundary))
            except (ValueError, TypeError, AttributeError, KeyError):
                geoms.append(shapely.geometry.Polygon())
        self.geoms = geoms
        self.tree = STRtree(geoms) if geoms else None

    def find(self, lon: float, lat: float) -> int | None:
        if self.tree is None:
            return None
        hits = self.tree.query(shapely.Point(lon, lat), predicate="intersects")
        return int(min(hits)) if len(hits) else None

    def find_many(self, lons: Any, lats: Any) -> np.ndarray:
        """For each point the index of its polygon, or -1."""
        out = np.full(len(lons), -1, dtype=np.int64)
        if self.tree is None or not len(lons):
            return out
        points = shapely.points(np.asarray(lons, dtype=float), np.asarray(lats, dtype=float))
        pairs = self.tree.query(points, predicate="intersects")
        # Where a point touches two polygons (a shared edge), keep the first polygon.
        for point_i, geom_i in zip(pairs[0][::-1], pairs[1][::-1], strict=True):
            out[point_i] = geom_i
        return out


class GridIndex:
    def __init__(self) -> None:
        self.order = levels()
        self.grid_levels = frozenset(grid_levels())
        rows = Area.objects.filter(active=True, boundary__isnull=False, level__in=self.order)
        by_level: dict[str, list[tuple[int, str, str, Any]]] = {level: [] for level in self.order}
        fields = ("pk", "code", "name", "level", "boundary")
        for pk, code, name, level, boundary in rows.values_list(*fields):
            by_level[level].append((pk, code, name, boundary))
        self.levels = {level: _LevelIndex(by_level[level]) for level in self.order}

    def place(self, lon: float, lat: float) -> Placement | None:
        for level in self.order:
            index = self.levels[level]
            i = index.find(lon, lat)
            if i is not None:
                outside = level not in self.grid_levels
                return Placement(index.ids[i], index.codes[i], level, outside, index.names[i])
        return None

    def grid_codes(self, lons: Any, lats: Any) -> list[str | None]:
        """Vectorised routing of many points to codes of the grid level (None outside every
        grid)."""
        index = self.levels[grid_level()]
        found = index.find_many(lons, lats)
        return [index.codes[i] if i >= 0 else None for i in found]


_lock = threading.Lock()
_cached: tuple[str, GridIndex] | None = None


def index() -> GridIndex:
    global _cached
    version = VERSION.get()
    current = _cached
    if current is not None and current[0] == version:
        return current[1]
    with _lock:
        built = GridIndex()
        _cached = (version, built)
        return built


def place(lon: float, lat: float) -> Placement | None:
    return index().place(lon, lat)


def invalidate() -> None:
    VERSION.bump()
    global _cached
    _cached = None
