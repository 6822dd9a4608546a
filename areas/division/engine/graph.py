"""Building adjacency: Delaunay neighbours cut at a distance limit, reconnected if the cut
splits a community (the shortest cut edges come back, as a planner would walk)."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
from scipy.spatial import Delaunay, QhullError

# Delaunay edges longer than this many times the median edge are dropped (rivers, fields).
DISTANCE_FACTOR = 3.0
EARTH_M_PER_DEG = 111_320.0


def project(lons: np.ndarray, lats: np.ndarray, lat0: float) -> np.ndarray:
    """Local equirectangular metres: good to well under 1 % across a community."""
    return np.column_stack(
        (lons * EARTH_M_PER_DEG * math.cos(math.radians(lat0)), lats * EARTH_M_PER_DEG)
    )


def adjacency(xy: np.ndarray) -> nx.Graph:
    """Graph on point indices with edge attribute `length` (metres)."""
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
    if not len(pairs):
        return g
    dist = np.hypot(*(xy[pairs[:, 0]] - xy[pairs[:, 1]]).T)
    limit = max(float(np.median(dist)) * DISTANCE_FACTOR, 1.0)
    keep = dist <= limit
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
