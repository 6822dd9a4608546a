"""Cut a spanning tree into connected parts whose weights lie within bounds.

No library does this (METIS balances but has no hard lower/upper bound, max-p has no upper
bound). On a tree it is an exact dynamic programme: for each subtree, the cheapest way to
leave an "open" part of weight w at its root with every closed part in bounds. Parts are
subtrees of a spanning tree of the adjacency graph, so they are contiguous by construction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np

SPLIT_COST = 1_000.0  # cutting an edge inside a compound
# Every grid needs a worker: a planner wants as few grids as the bounds allow, so each part
# costs more than any balancing between parts saves (a part's imbalance costs at most 0.25).
PART_COST = 10.0
OLD_BORDER = 4.0  # re-division: an edge across today's grids counts this many times longer
VIOLATION_COST = 1_000_000.0  # per household out of bounds (relaxed mode only)


@dataclass(frozen=True)
class Edges:
    """A graph on nodes 0..n-1 read once for many spanning trees: edge ends, lengths, and
    whether an edge joins two nodes of one group (compound)."""

    n: int
    ends: np.ndarray  # (m, 2) int
    length: np.ndarray  # (m,) float
    same: np.ndarray  # (m,) bool


def edge_list(
    graph: nx.Graph, group: Sequence[object] | None = None, old: Sequence[object] | None = None
) -> Edges:
    """`old` (re-division): today's grid of each node; an edge between two of today's grids
    counts as longer, so trees, and the parts cut from them, follow today's grids."""
    rows = [
        (i, j, float(d.get("length", 1.0)) * (OLD_BORDER if old and old[i] != old[j] else 1))
        for i, j, d in graph.edges(data=True)
    ]
    ends = np.array([(i, j) for i, j, _ in rows], dtype=np.int64).reshape(-1, 2)
    same = np.array(
        [group is not None and group[i] is not None and group[i] == group[j] for i, j, _ in rows],
        dtype=bool,
    )
    # Lengths must be positive: a zero weight is a missing edge to scipy.
    length = np.array([d for _, _, d in rows], dtype=float) + 1e-6
    return Edges(graph.number_of_nodes(), ends, length, same)


def spanning_tree(edges: Edges, rng: np.random.Generator | None) -> list[list[int]]:
    """Minimum spanning tree by length, as adjacency lists. Edges inside a group (compound)
    are nearly free, so each compound is one subtree; `rng` perturbs lengths for another
    tree."""
    n = edges.n
    tree: list[list[int]] = [[] for _ in range(n)]
    w = np.where(edges.same, edges.length * 0.001, edges.length)
    if rng is not None:
        w = w * rng.uniform(0.2, 5.0, size=len(w))
    dsu = list(range(n))

    def find(a: int) -> int:
        while dsu[a] != a:
            dsu[a] = dsu[dsu[a]]
            a = dsu[a]
        return a

    joined = 1
    for i, j in edges.ends[np.argsort(w, kind="stable")].tolist():
        ri, rj = find(i), find(j)
        if ri != rj:
            dsu[ri] = rj
            tree[i].append(j)
            tree[j].append(i)
            joined += 1
            if joined == n:
                break
    return tree


def cut_tree(
    tree: list[list[int]],
    weights: Sequence[int],
    lo: int,
    hi: int,
    *,
    group: Sequence[object] | None = None,
    whole: frozenset[object] = frozenset(),
    relaxed: bool = False,
) -> list[list[int]] | None:
    """Parts (lists of nodes) of `tree` each weighing within [lo, hi]: fewest group splits,
    then fewest parts, then sizes near the middle; None if impossible. `relaxed` allows parts out of bounds at a
    cost per household outside, to find the least bad division. Cutting inside a group in
    `whole` (a compound that fits one grid) costs ten times a cut inside a larger one."""
    nodes = list(range(len(tree)))
    if not nodes:
        return []
    target = (lo + hi) / 2
    span = max(hi - lo, 1)
    cap = max(2 * hi, max(weights[v] for v in nodes)) if relaxed else hi

    def close_cost(w: int) -> float | None:
        if lo <= w <= hi:
            return PART_COST + ((w - target) / span) ** 2
        if not relaxed:
            return None
        return VIOLATION_COST * (lo - w if w < lo else w - hi) + 1.0

    root = nodes[0]
    parent = {root: root}
    order = [root]
    for v in order:
        for u in tree[v]:
            if u not in parent:
                parent[u] = v
                order.append(u)
    children: dict[int, list[int]] = {v: [] for v in nodes}
    for v in order[1:]:
        children[parent[v]].append(v)

    table: dict[int, dict[int, float]] = {}
    # Per node, per child: (choices {w: child weight or -1 for cut}, the child's closing weight).
    trail: dict[int, list[tuple[dict[int, int], int]]] = {}
    best_close: dict[int, tuple[float, int] | None] = {}
    for v in reversed(order):
        w0 = weights[v]
        if w0 > cap:
            return None
        cur: dict[int, float] = {w0: 0.0}
        steps: list[tuple[dict[int, int], int]] = []
        for c in children[v]:
            dc = table.pop(c)
            closed = best_close[c]
            edge_cost = 0.0
            if group is not None and group[v] is not None and group[v] == group[c]:
                edge_cost = SPLIT_COST * (10 if group[v] in whole else 1)
            new: dict[int, float] = {}
            choice: dict[int, int] = {}
            if closed is not None:
                add = closed[0] + edge_cost
                for w, cost in cur.items():
                    new[w] = cost + add
                    choice[w] = -1
            child_items = sorted(dc.items())
            for a, ca in cur.items():
                room = cap - a
                for b, cb in child_items:
                    if b > room:
                        break
                    w = a + b
                    cost = ca + cb
                    if w not in new or cost < new[w]:
                        new[w] = cost
                        choice[w] = b
            if not new:
                return None
            steps.append((choice, closed[1] if closed is not None else -1))
            cur = new
        table[v] = cur
        trail[v] = steps
        best: tuple[float, int] | None = None
        for w, cost in cur.items():
            cc = close_cost(w)
            if cc is not None and (best is None or cost + cc < best[0]):
                best = (cost + cc, w)
        best_close[v] = best
    root_best = best_close[root]
    if root_best is None:
        return None

    parts: list[list[int]] = []
    stack = [(root, root_best[1], -1)]
    while stack:
        v, want, part = stack.pop()
        if part < 0:
            parts.append([])
            part = len(parts) - 1
        parts[part].append(v)
        steps = trail[v]
        for c, (choice, close_w) in zip(reversed(children[v]), reversed(steps), strict=True):
            b = choice[want]
            if b < 0:
                stack.append((c, close_w, -1))
            else:
                stack.append((c, b, part))
                want -= b
    return parts


def repair(
    graph: nx.Graph, weights: Sequence[int], parts: list[list[int]], lo: int, hi: int
) -> list[list[int]]:
    """Move border nodes between neighbouring parts while a move lowers the weight outside
    [lo, hi], keeping every part contiguous and non-empty; moves that take no weight out of
    bounds but give an undersized part's neighbour room to give (a chain of two) count too.
    Returns the parts left when no move helps."""
    sets = [set(p) for p in parts]
    part_of = {v: k for k, p in enumerate(sets) for v in p}
    size = [sum(weights[v] for v in p) for p in sets]

    def excess(s: int) -> int:
        return lo - s if s < lo else s - hi if s > hi else 0

    def can_leave(v: int, a: int) -> bool:
        rest = sets[a] - {v}
        return bool(rest) and nx.is_connected(graph.subgraph(rest))

    def gain(v: int, a: int, b: int) -> int:
        w = weights[v]
        return excess(size[a]) + excess(size[b]) - excess(size[a] - w) - excess(size[b] + w)

    def move(v: int, a: int, b: int) -> None:
        sets[a].discard(v)
        sets[b].add(v)
        part_of[v] = b
        size[a] -= weights[v]
        size[b] += weights[v]

    def border(a: int, b: int) -> list[int]:
        """Nodes of part a next to part b."""
        return sorted(v for v in sets[a] if any(part_of[u] == b for u in graph.neighbors(v)))

    def near(k: int) -> list[int]:
        return sorted({part_of[u] for v in sets[k] for u in graph.neighbors(v)} - {k})

    def chain(k: int) -> bool:
        """Undersized part k's neighbour j has no room to give: j takes a node from its
        other neighbour m, if j can then give one to k."""
        for j in near(k):
            for m in near(j):
                if m == k:
                    continue
                for u in border(m, j):
                    if excess(size[m] - weights[u]) or not can_leave(u, m):
                        continue
                    move(u, m, j)
                    for v in border(j, k):
                        if v != u and gain(v, j, k) > 0 and can_leave(v, j):
                            move(v, j, k)
                            return True
                    move(u, j, m)
        return False

    for _ in range(4 * len(part_of)):
        bad = [k for k in range(len(sets)) if excess(size[k])]
        if not bad:
            break
        best: tuple[int, int, int, int] | None = None
        for k in bad:
            for j in near(k):
                a, b = (j, k) if size[k] < lo else (k, j)
                for v in border(a, b):
                    g = gain(v, a, b)
                    if g > 0 and (best is None or g > best[0]) and can_leave(v, a):
                        best = (g, v, a, b)
        if best is not None:
            move(*best[1:])
            continue
        if not any(chain(k) for k in bad if size[k] < lo):
            break
    return [sorted(p) for p in sets if p]
