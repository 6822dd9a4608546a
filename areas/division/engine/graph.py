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


def adjacency(xy: np.ndarray, cells: np.ndarray | None = None) -> nx.Graph:
    """Graph on point indices with edge attribute `length` (metres). With `cells` (each
    point's Voronoi cell clipped to its community), two points are neighbours only if their
    cells share a border, so a contiguous grid is one polygon."""
    n = len(xy)
    g = nx.Graph()
    g.add_nodes_from(range(n))
    if n < 2:
        return g
    if n <= 3:
        pairs = np.array([(i, j) for i in range(n) for j in range(i + 1, n)])
    else:
        try:
            simplices = Delaunay(xy, qhull_options="QJ").simplices
            pairs = np.concatenate(
                (simplices[:, [0, 1]], simplices[:, [1, 2]], simplices[:, [0, 2]])
            )
            pairs.sort(axis=1)
            pairs = np.unique(pairs, axis=0)
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
        pairs = np.unique(np.concatenate((pairs.reshape(-1, 2), extra)), axis=0)
    if not len(pairs):
        return g
    dist = np.hypot(*(xy[pairs[:, 0]] - xy[pairs[:, 1]]).T)
    limit = max(float(np.median(dist)) * DISTANCE_FACTOR, 1.0)
    keep = dist <= limit
    if cells is not None:
        a, b = cells[pairs[:, 0]], cells[pairs[:, 1]]
        # Borders meeting along a line (not at a point); one cell for buildings on one spot.
        keep &= shapely.relate_pattern(a, b, "****1****") | (a == b)
    g.add_edges_from(
        (int(i), int(j), {"length": float(d)})
        for (i, j), d in zip(pairs[keep], dist[keep], strict=True)
    )
    edges = [
        (int(i), int(j), float(d)) for (i, j), d in zip(pairs[~keep], dist[~keep], strict=True)
    ]
    if not nx.is_connected(g):
        # Bring back the shortest cut edges that join the pieces (a spanning forest of pieces).
        comp = {v: k for k, c in enumerate(nx.connected_components(g)) for v in c}
        dsu = list(range(max(comp.values()) + 1))

        def find(a: int) -> int:
            while dsu[a] != a:
                dsu[a] = dsu[dsu[a]]
                a = dsu[a]
            return a

        for i, j, d in sorted(edges, key=lambda e: e[2]):
            ri, rj = find(comp[i]), find(comp[j])
            if ri != rj:
                dsu[ri] = rj
                g.add_edge(i, j, length=d)
    return g
