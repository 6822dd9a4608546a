"""Walking distances along the roads.

`Network.build(lines)` turns road lines (lists of (lon, lat)) into a networkx graph: a node
at every vertex and at every crossing (shapely's union splits the lines where they cross),
an edge along each piece weighted by its length in metres (`areas.location.metres`, the one
haversine). A place is `snap`ped to its nearest road segment: the straight hop from the place
to its foot on the segment, then along the segment to either end.

`spread(starts, cutoff)` is a Dijkstra from several starts at once: networkx's own
multi-source Dijkstra starts every source at 0, but a snapped place starts part-way along a
segment, so each end of its segment starts at the hop plus the part walked. One spread from
every place of a kind gives every building its walk to the nearest of them
(`nearest_walks`): one Dijkstra per kind, never one per household.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString

from areas.location import metres

Node = tuple[float, float]
INF = math.inf


def _key(lon: float, lat: float) -> Node:
    return (round(lon, 7), round(lat, 7))


@dataclass(frozen=True)
class Snap:
    """A place on the network: on segment `seg`, `to_a` metres from its first end and `to_b`
    from its second, `hop` metres off the road (the straight line to its foot)."""

    seg: int
    to_a: float
    to_b: float
    hop: float


class Network:
    def __init__(self, graph: nx.Graph, segments: list[tuple[Node, Node]]) -> None:
        self.graph = graph
        self.segments = segments
        self.lengths = [graph.edges[a, b]["weight"] for a, b in segments]
        # A plane scaled so that a degree of longitude and of latitude are about as long:
        # the nearest segment there is the nearest on the ground, at a district's size.
        lats = [n[1] for n in graph.nodes] or [0.0]
        self.kx = math.cos(math.radians(sum(lats) / len(lats)))
        self._tree = shapely.STRtree(
            [LineString([(a[0] * self.kx, a[1]), (b[0] * self.kx, b[1])]) for a, b in segments]
        )

    @classmethod
    def build(cls, lines: Iterable[Sequence[Sequence[float]]]) -> Network:
        parts = [LineString(line) for line in lines if len(line) >= 2]
        graph = nx.Graph()
        if parts:
            merged = shapely.union_all(MultiLineString(parts))
            pieces = list(merged.geoms) if hasattr(merged, "geoms") else [merged]
            for piece in pieces:
                coords = list(piece.coords)
                for (x1, y1), (x2, y2) in zip(coords, coords[1:], strict=False):
                    a, b = _key(x1, y1), _key(x2, y2)
                    if a == b:
                        continue
                    w = metres(x1, y1, x2, y2)
                    if not graph.has_edge(a, b) or graph.edges[a, b]["weight"] > w:
                        graph.add_edge(a, b, weight=w)
        return cls(graph, list(graph.edges))

    def __bool__(self) -> bool:
        return bool(self.segments)

    def snap_many(self, points: Sequence[tuple[float, float]]) -> list[Snap]:
        """Each (lon, lat) snapped to its nearest segment (an empty network snaps nothing)."""
        if not self.segments or not points:
            return []
        geoms = shapely.points(np.array([(lon * self.kx, lat) for lon, lat in points]))
        nearest = self._tree.nearest(geoms)
        return [self._snap(int(i), lon, lat) for i, (lon, lat) in zip(nearest, points, strict=True)]

    def snap(self, lon: float, lat: float) -> Snap | None:
        found = self.snap_many([(lon, lat)])
        return found[0] if found else None

    def _snap(self, seg: int, lon: float, lat: float) -> Snap:
        (ax, ay), (bx, by) = self.segments[seg]
        dx, dy = (bx - ax) * self.kx, by - ay
        span = dx * dx + dy * dy
        t = 0.0 if span == 0 else ((lon - ax) * self.kx * dx + (lat - ay) * dy) / span
        t = min(1.0, max(0.0, t))
        foot = (ax + t * (bx - ax), ay + t * (by - ay))
        length = self.lengths[seg]
        return Snap(seg, length * t, length * (1 - t), metres(lon, lat, *foot))

    def starts(self, snaps: Iterable[Snap]) -> dict[Node, float]:
        """Where a walk from `snaps` enters the graph: each end of their segments, at the hop
        plus the part of the segment walked (the shorter, where two places share an end)."""
        found: dict[Node, float] = {}
        for s in snaps:
            a, b = self.segments[s.seg]
            for node, d in ((a, s.hop + s.to_a), (b, s.hop + s.to_b)):
                if d < found.get(node, INF):
                    found[node] = d
        return found

    def spread(self, starts: dict[Node, float], cutoff: float = INF) -> dict[Node, float]:
        """Dijkstra from every start at once, each at its own distance, up to `cutoff`."""
        dist: dict[Node, float] = {}
        heap = [(d, n) for n, d in starts.items() if d <= cutoff]
        heapq.heapify(heap)
        adj = self.graph.adj
        while heap:
            d, node = heapq.heappop(heap)
            if node in dist:
                continue
            dist[node] = d
            for other, edge in adj[node].items():
                nd = d + edge["weight"]
                if nd <= cutoff and other not in dist:
                    heapq.heappush(heap, (nd, other))
        return dist

    def reach(self, target: Snap, dist: dict[Node, float], beside: Iterable[Snap] = ()) -> float:
        """The walk to `target` from the spread `dist`, or straight along its own segment
        from a start on the same segment (`beside`)."""
        a, b = self.segments[target.seg]
        best = target.hop + min(dist.get(a, INF) + target.to_a, dist.get(b, INF) + target.to_b)
        for s in beside:
            best = min(best, target.hop + abs(target.to_a - s.to_a) + s.hop)
        return best

    def nearest_walks(
        self, targets: Sequence[Snap], sources: Sequence[Snap], cutoff: float = INF
    ) -> list[float]:
        """Each target's walk to its nearest source (INF beyond `cutoff`): one spread."""
        dist = self.spread(self.starts(sources), cutoff)
        by_seg: dict[int, list[Snap]] = defaultdict(list)
        for s in sources:
            by_seg[s.seg].append(s)
        out = []
        for t in targets:
            d = self.reach(t, dist, by_seg.get(t.seg, ()))
            out.append(d if d <= cutoff else INF)
        return out

    def walks_from(self, origin: Snap, targets: Sequence[Snap], cutoff: float = INF) -> list[float]:
        """The walk from one place to each target (INF beyond `cutoff`): one spread."""
        dist = self.spread(self.starts([origin]), cutoff)
        out = []
        for t in targets:
            d = self.reach(t, dist, [origin] if t.seg == origin.seg else ())
            out.append(d if d <= cutoff else INF)
        return out


def straight(
    lon: float, lat: float, places: Sequence[tuple[float, float]], detour: float
) -> list[float]:
    """The fallback without roads: the straight line times the detour factor."""
    return [metres(lon, lat, x, y) * detour for x, y in places]
