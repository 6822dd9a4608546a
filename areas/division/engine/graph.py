"""Building adjacency: Delaunay neighbours cut at a distance limit, reconnected if the cut
splits a community (the shortest cut edges come back, as a planner would walk)."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import shapely
from scipy.spatial import Delaunay, QhullError, cKDTree

# Delaunay edges longer than this many times the median edge are dropped (rivers, fields).
DISTANCE_FACTOR = 3.0
EARTH_M_PER_DEG = 111_320.0


def project(lons: np.ndarray, lats: np.ndarray, lat0: float) -> np.ndarray:
    """Local equirectangular metres: good to well under 1 % across a community."""
    return np.column_stack(
        (lons * EARTH_M_PER_DEG * math.cos(math.radians(lat0)), lats * EARTH_M_PER_DEG)
    )


def components(n: int, ends: np.ndarray) -> list[int]:
    """A label per node 0..n-1, equal for nodes joined by the edges (union–find)."""
    root = list(range(n))
    for i, j in ends.tolist():
        while root[i] != i:
            root[i] = root[root[i]]
            i = root[i]
        while root[j] != j:
            root[j] = root[root[j]]
            j = root[j]
        if i != j:
            root[i] = j
    out = []
    for v in range(n):
        while root[v] != v:
            v = root[v]
        out.append(v)
    return out


def _unique_pairs(pairs: np.ndarray, n: int) -> np.ndarray:
    """Distinct rows of sorted index pairs, in order."""
    key = np.unique(pairs[:, 0].astype(np.int64) * n + pairs[:, 1])
    return np.column_stack((key // n, key % n))


def shared_borders(cells: np.ndarray) -> np.ndarray:
    """Sorted pairs (i, j) of `cells` (one tiling: neighbours share their vertices exactly)
    that have an edge in common, found by matching edges vertex for vertex. A border whose
    vertices two cells computed differently (where clipping cut it) is not found here."""
    parts, part_of = shapely.get_parts(cells, return_index=True)
    rings, ring_of = shapely.get_rings(parts, return_index=True)
    xy, vertex_of = shapely.get_coordinates(rings, return_index=True)
    on = vertex_of[1:] == vertex_of[:-1]
    a, b = xy[:-1][on], xy[1:][on]
    owner = part_of[ring_of[vertex_of[:-1][on]]]
    real = np.any(a != b, axis=1)
    a, b, owner = a[real], b[real], owner[real]
    flip = (a[:, 0] > b[:, 0]) | ((a[:, 0] == b[:, 0]) & (a[:, 1] > b[:, 1]))
    seg = np.where(flip[:, None], np.column_stack((b, a)), np.column_stack((a, b)))
    order = np.lexsort(seg.T[::-1])
    seg, owner = seg[order], owner[order]
    twin = np.all(seg[1:] == seg[:-1], axis=1) & (owner[1:] != owner[:-1])
    return np.sort(np.column_stack((owner[:-1][twin], owner[1:][twin])), axis=1)


def adjacency(xy: np.ndarray, cells: np.ndarray | None = None) -> nx.Graph:
    """Graph on point indices with edge attribute `length` (metres); see `neighbours`."""
    ends, length = neighbours(xy, cells)
    g = nx.Graph()
    g.add_nodes_from(range(len(xy)))
    g.add_edges_from(
        (i, j, {"length": d}) for (i, j), d in zip(ends.tolist(), length.tolist(), strict=True)
    )
    return g


def neighbours(xy: np.ndarray, cells: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Edges (m, 2) between point indices and their lengths (metres), a connected graph.
    With `cells` (each point's Voronoi cell clipped to its community, one object for points
    on one spot), two points are neighbours only if their cells share a border, so a
    contiguous grid is one polygon."""
    n = len(xy)
    none = (np.zeros((0, 2), dtype=np.int64), np.zeros(0))
    if n < 2:
        return none
    if n <= 3:
        pairs = np.array([(i, j) for i in range(n) for j in range(i + 1, n)])
    else:
        try:
            simplices = Delaunay(xy, qhull_options="QJ").simplices
            pairs = np.concatenate(
                (simplices[:, [0, 1]], simplices[:, [1, 2]], simplices[:, [0, 2]])
            )
            pairs.sort(axis=1)
            pairs = _unique_pairs(pairs, n)
        except (QhullError, ValueError):
            # Degenerate (all on a line): neighbours along the line.
            order = np.lexsort((xy[:, 1], xy[:, 0]))
            pairs = np.sort(np.column_stack((order[:-1], order[1:])), axis=1)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    # Qhull leaves out a point (nearly) on top of another: it joins its nearest neighbour.
    missing = np.setdiff1d(np.arange(n), pairs.ravel())
    if len(missing):
        _d, nearest = cKDTree(xy).query(xy[missing], k=2)
        other = np.where(nearest[:, 0] == missing, nearest[:, 1], nearest[:, 0])
        extra = np.sort(np.column_stack((missing, other)), axis=1)
        pairs = _unique_pairs(np.concatenate((pairs.reshape(-1, 2), extra)), n)
    if not len(pairs):
        return none
    pairs = pairs.astype(np.int64)
    dist = np.hypot(*(xy[pairs[:, 0]] - xy[pairs[:, 1]]).T)
    limit = max(float(np.median(dist)) * DISTANCE_FACTOR, 1.0)
    keep = dist <= limit
    if cells is not None and keep.any():
        # Cells of one spot are one object; other cells sharing an edge vertex for vertex
        # are neighbours; the rest are compared geometrically (a border along a line, not
        # a point), which is exact but slower.
        _u, first, spot = np.unique(
            np.array([id(c) for c in cells]), return_index=True, return_inverse=True
        )
        spot = spot.ravel()
        m = len(first)
        shared = shared_borders(cells[first])
        a, b = np.sort(np.column_stack((spot[pairs[:, 0]], spot[pairs[:, 1]])), axis=1).T
        found = (a == b) | np.isin(a * m + b, shared[:, 0] * m + shared[:, 1])
        check = keep & ~found
        keep &= found
        keep[check] = shapely.relate_pattern(
            cells[pairs[check, 0]], cells[pairs[check, 1]], "****1****"
        )
    label = components(n, pairs[keep])
    if len(set(label)) > 1:
        # Bring back the shortest cut edges that join the pieces (a spanning forest of pieces).
        dsu = list(range(n))

        def find(a: int) -> int:
            while dsu[a] != a:
                dsu[a] = dsu[dsu[a]]
                a = dsu[a]
            return a

        cut = np.flatnonzero(~keep)
        for e in cut[np.argsort(dist[cut], kind="stable")].tolist():
            ri, rj = find(label[pairs[e, 0]]), find(label[pairs[e, 1]])
            if ri != rj:
                dsu[ri] = rj
                keep[e] = True
    return pairs[keep], dist[keep]
