"""Grid boundaries: Voronoi cells of buildings, clipped to the community, merged per grid."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
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


def territories(
    points: Mapping[str, np.ndarray], boundaries: Mapping[str, dict[str, Any] | None]
) -> dict[str, dict[str, Any]]:
    """Territories for the communities `points` (code → its buildings' lon/lat rows) that have
    no boundary, derived together: the land within 60 m of each one's buildings' hull is
    shared out by nearest building (Voronoi cells) and kept outside the given `boundaries`.
    They tile, so neighbouring communities' grids do not overlap (hulls drawn one by one
    did). GeoJSON in lon/lat."""
    codes = sorted(points)
    lonlat = np.concatenate([points[c] for c in codes])
    owner = np.repeat(np.arange(len(codes)), [len(points[c]) for c in codes])
    frame = Frame(float(lonlat[:, 1].mean()))
    xy = lonlat * np.array([frame.kx, frame.ky])
    region = shapely.union_all(
        [community_shape(None, xy[owner == k], frame) for k in range(len(codes))]
    )
    given = [shapely.make_valid(frame.to_xy(shape(b))) for b in boundaries.values() if b]
    if given:
        region = region.difference(shapely.union_all(given))
    mine: list[dict[int, BaseGeometry]] = [{} for _ in codes]
    seen: set[int] = set()
    for cell, k in zip(cells(xy, region), owner, strict=True):
        # A cell shared by buildings on one spot goes to the first one's community only.
        if not cell.is_empty and id(cell) not in seen:
            seen.add(id(cell))
            mine[k][id(cell)] = cell
    merged = []
    for parts in mine:
        try:
            merged.append(shapely.coverage_union_all(list(parts.values())))
        except shapely.errors.GEOSException:
            merged.append(shapely.union_all(list(parts.values())))
    merged = absorb_islands(merged, [xy[owner == k] for k in range(len(codes))])
    return {
        code: dict(mapping(frame.to_lonlat(geom))) for code, geom in zip(codes, merged, strict=True)
    }


def absorb_islands(
    shapes: Sequence[BaseGeometry], homes: Sequence[np.ndarray]
) -> list[BaseGeometry]:
    """Shapes that tile some land, each with its buildings' points (`homes`, metres): a piece
    of a shape holding none of its buildings joins the neighbour it shares the longest border
    with (a cell cut in two by a bend of the land's edge leaves such islands). The shapes
    still tile the same land; a piece with no neighbour stays."""
    out = list(shapes)
    tree = shapely.STRtree(out)
    moves: list[tuple[int, BaseGeometry, int]] = []
    for i, geom in enumerate(shapes):
        if geom.geom_type != "MultiPolygon" or not len(homes[i]):
            continue
        points = shapely.points(homes[i])
        pieces = list(geom.geoms)  # type: ignore[attr-defined]
        home = [bool(shapely.dwithin(p, points, 1.0).any()) for p in pieces]
        if not any(home):
            continue
        for piece, at_home in zip(pieces, home, strict=True):
            if at_home:
                continue
            near = piece.buffer(0.5)
            touching = [
                (near.intersection(shapes[j]).area, int(j))
                for j in tree.query(near, predicate="intersects")
                if j != i
            ]
            if touching and max(touching)[0] > 0:
                moves.append((i, piece, max(touching)[1]))
    for i, piece, j in moves:
        out[i] = out[i].difference(piece)
        out[j] = shapely.union(out[j], piece)
    return out


def polsby_popper(geom: BaseGeometry) -> float | None:
    if geom.is_empty or geom.length == 0:
        return None
    return float(4 * math.pi * geom.area / geom.length**2)


def cells(xy: np.ndarray, area: BaseGeometry) -> np.ndarray:
    """Each building's Voronoi cell clipped to `area` (buildings on one spot share a cell);
    together they tile `area` without gaps or overlaps."""
    if len(xy) == 0:
        return np.array([], dtype=object)
    # One site per spot (to the millimetre); `index` maps each building to its site.
    sites, index = np.unique(np.round(xy, 3), axis=0, return_inverse=True)
    index = index.ravel()
    if len(sites) == 1:
        return np.array([area] * len(xy), dtype=object)
    envelope = area.envelope.buffer(100)
    diagram = shapely.voronoi_polygons(shapely.multipoints(sites), extend_to=envelope, ordered=True)
    raw = np.array(diagram.geoms, dtype=object)  # type: ignore[attr-defined]
    # Only the cells reaching the community's edge need clipping (an overlay each).
    shapely.prepare(area)
    edge = ~shapely.contains_properly(area, raw)
    clipped = raw.copy()
    clipped[edge] = shapely.intersection(raw[edge], area)
    return clipped[index]


def grid_shapes(
    building_cells: np.ndarray, grid_of: Sequence[int], n_grids: int, area: BaseGeometry
) -> list[BaseGeometry]:
    """One polygon per grid, the union of its buildings' cells."""
    if n_grids == 1:
        return [area]
    mine: list[dict[int, BaseGeometry]] = [{} for _ in range(n_grids)]
    seen: set[int] = set()
    for cell, g in zip(building_cells, grid_of, strict=True):
        # A cell shared by buildings on one spot goes to the first one's grid only.
        if not cell.is_empty and id(cell) not in seen:
            seen.add(id(cell))
            mine[g][id(cell)] = cell
    out = []
    for parts in mine:
        if not parts:
            out.append(shapely.Polygon())
            continue
        try:
            merged = shapely.coverage_union_all(list(parts.values()))
        except shapely.errors.GEOSException:
            merged = shapely.union_all(list(parts.values()))
        out.append(merged)
    return out


def geojson_all(geoms: Sequence[BaseGeometry], frame: Frame) -> list[dict[str, Any] | None]:
    """GeoJSON in lon/lat, coordinates rounded to 1e-7° (about a centimetre). Rounding point
    by point keeps the vertices neighbouring grids share identical, so they still tile."""
    arr = np.array(geoms, dtype=object)
    scale = np.array([frame.kx, frame.ky])
    lonlat = shapely.set_precision(
        shapely.transform(arr, lambda c: c / scale), 1e-7, mode="pointwise"
    )
    # Rounding can fold a centimetre-thin spike over itself; repair only those, polygons kept.
    bad = ~shapely.is_valid(lonlat)
    if bad.any():
        lonlat[bad] = shapely.make_valid(lonlat[bad], method="structure", keep_collapsed=False)
    return [None if g.is_empty else dict(mapping(g)) for g in lonlat]
