"""Grid boundaries: Voronoi cells of buildings, clipped to the community, merged per grid."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from areas.division.engine.graph import EARTH_M_PER_DEG


class Frame:
    """A local metric frame (equirectangular) around one community."""

    def __init__(self, lat0: float) -> None:
        self.kx = EARTH_M_PER_DEG * math.cos(math.radians(lat0))
        self.ky = EARTH_M_PER_DEG

    def to_xy(self, geom: BaseGeometry) -> BaseGeometry:
        return shapely.transform(geom, lambda c: c * np.array([self.kx, self.ky]))

    def to_lonlat(self, geom: BaseGeometry) -> BaseGeometry:
        return shapely.transform(geom, lambda c: c / np.array([self.kx, self.ky]))


def community_shape(boundary: dict[str, Any] | None, xy: np.ndarray, frame: Frame) -> BaseGeometry:
    """The community polygon in metres; without one, the buildings' hull plus 60 m."""
    if boundary:
        geom = frame.to_xy(shape(boundary))
        if not geom.is_valid:
            geom = shapely.make_valid(geom)
        # A boundary that misses some buildings still has to hold their cells.
        points = shapely.points(xy)
        outside = points[~shapely.dwithin(geom, points, 1.0)]
        if len(outside):
            geom = shapely.union_all([geom, *shapely.buffer(outside, 30)])
        return geom
    return shapely.multipoints(xy).convex_hull.buffer(60)


def polsby_popper(geom: BaseGeometry) -> float | None:
    if geom.is_empty or geom.length == 0:
        return None
    return float(4 * math.pi * geom.area / geom.length**2)


def grid_shapes(
    xy: np.ndarray, grid_of: Sequence[int], n_grids: int, area: BaseGeometry
) -> list[BaseGeometry]:
    """One polygon per grid; together they tile `area` without gaps or overlaps."""
    if n_grids == 1:
        return [area]
    unique: dict[tuple[float, float], int] = {}
    owners: list[int] = []
    for i, p in enumerate(xy):
        key = (round(float(p[0]), 3), round(float(p[1]), 3))
        if key not in unique:
            unique[key] = len(owners)
            owners.append(grid_of[i])
    points = shapely.multipoints(np.array(list(unique.keys())))
    if len(owners) == 1:
        cells = [area]
    else:
        envelope = area.envelope.buffer(100)
        cells = list(
            shapely.voronoi_polygons(points, extend_to=envelope, ordered=True).geoms  # type: ignore[attr-defined]
        )
    clipped = shapely.intersection(np.array(cells, dtype=object), area)
    out = []
    for g in range(n_grids):
        mine = [c for c, o in zip(clipped, owners, strict=True) if o == g and not c.is_empty]
        if not mine:
            out.append(shapely.Polygon())
            continue
        try:
            merged = shapely.coverage_union_all(mine)
        except shapely.errors.GEOSException:
            merged = shapely.union_all(mine)
        out.append(merged)
    return out


def to_geojson(geom: BaseGeometry, frame: Frame) -> dict[str, Any] | None:
    if geom.is_empty:
        return None
    lonlat = shapely.set_precision(frame.to_lonlat(geom), 1e-7)
    return dict(mapping(lonlat))
