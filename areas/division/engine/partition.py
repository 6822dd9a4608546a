"""Cut a spanning tree into connected parts whose weights lie within bounds.

No library does this (METIS balances but has no hard lower/upper bound, max-p has no upper
bound). On a tree it is an exact dynamic programme: for each subtree, the cheapest way to
leave an "open" part of weight w at its root with every closed part in bounds. Parts are
subtrees of a spanning tree of the adjacency graph, so they are contiguous by construction.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

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


def graph_arrays(graph: nx.Graph) -> tuple[np.ndarray, np.ndarray]:
    """Edge ends (m, 2) and lengths (m,) of a graph on nodes 0..n-1."""
    rows = [(i, j, float(d.get("length", 1.0))) for i, j, d in graph.edges(data=True)]
    ends = np.array([(i, j) for i, j, _ in rows], dtype=np.int64).reshape(-1, 2)
    return ends, np.array([d for _, _, d in rows], dtype=float)


def codes(labels: Sequence[object] | None, n: int) -> np.ndarray:
    """Labels as integers (-1 for None), equal labels equal integers."""
    if labels is None:
        return np.full(n, -1, dtype=np.int64)
    index: dict[object, int] = {}
    return np.array(
        [-1 if x is None else index.setdefault(x, len(index)) for x in labels], dtype=np.int64
    )


def edge_list(
    n: int,
    ends: np.ndarray,
    length: np.ndarray,
    group: Sequence[object] | None = None,
    old: Sequence[object] | None = None,
) -> Edges:
    """`old` (re-division): today's grid of each node; an edge between two of today's grids
    counts as longer, so trees, and the parts cut from them, follow today's grids."""
    a, b = ends[:, 0], ends[:, 1]
    length = length.astype(float)
    if old is not None:
        o = codes(old, n)
        length = np.where(o[a] != o[b], length * OLD_BORDER, length)
    g = codes(group, n)
    same = (g[a] == g[b]) & (g[a] >= 0)
    # Lengths must be positive: a zero weight would tie every such edge.
    return Edges(n, ends, length + 1e-6, same)


def spanning_tree(edges: Edges, rng: np.random.Generator | None) -> list[list[int]]:
    """Minimum spanning tree by length (Kruskal), as adjacency lists. Edges inside a group
    (compound) are nearly free, so each compound that is connected on its own is one
    subtree; `rng` perturbs lengths for another tree."""
    n = edges.n
    tree: list[list[int]] = [[] for _ in range(n)]
    w = np.where(edges.same, edges.length * 0.001, edges.length)
    if rng is not None:
        w = w * rng.uniform(0.2, 5.0, size=len(w))
    dsu = list(range(n))
    joined = 1
    for i, j in edges.ends[np.argsort(w, kind="stable")].tolist():
        ri = i
        while dsu[ri] != ri:
            ri = dsu[ri]
        rj = j
        while dsu[rj] != rj:
            rj = dsu[rj]
        if ri != rj:
            dsu[ri] = dsu[i] = dsu[j] = rj
            tree[i].append(j)
            tree[j].append(i)
            joined += 1
            if joined == n:
                break
    return tree


@lru_cache(maxsize=64)
def _closing(lo: int, hi: int, cap: int, relaxed: bool) -> tuple[float | None, ...]:
    """What closing a part of each weight 0..cap costs (None: not allowed)."""
    target = (lo + hi) / 2
    span = max(hi - lo, 1)
    out: list[float | None] = []
    for w in range(cap + 1):
        if lo <= w <= hi:
            out.append(PART_COST + ((w - target) / span) ** 2)
        elif relaxed:
            out.append(VIOLATION_COST * (lo - w if w < lo else w - hi) + 1.0)
        else:
            out.append(None)
    return tuple(out)


class Groups:
    """Each node's group (compound) or None, read once for many trees: splitting a group
    costs SPLIT_COST, ten times that for a group in `whole` (a compound that fits a grid)."""

    def __init__(self, labels: Sequence[object], whole: frozenset[object] = frozenset()) -> None:
        self.labels = list(labels)
        self.total: dict[object, int] = {}
        for x in self.labels:
            if x is not None:
                self.total[x] = self.total.get(x, 0) + 1
        self.cost = {x: SPLIT_COST * 10 if x in whole else SPLIT_COST for x in self.total}

    def split_costs(
        self, order: list[int], parent: list[int], children: list[list[int]]
    ) -> list[float]:
        """For each node, what cutting the tree edge above it costs: the cost of each group
        with members both inside and outside its subtree. A group that is one subtree is
        split only by a cut between two of its members; a group scattered over the tree (its
        members not adjacent, or the tree blind to groups) by a cut anywhere on the tree
        paths between its members."""
        labels, total = self.labels, self.total
        cost = [0.0] * len(labels)
        joins: dict[object, int] = {}  # tree edges between two members of a group
        for v in order[1:]:
            x = labels[v]
            if x is not None and labels[parent[v]] == x:
                joins[x] = joins.get(x, 0) + 1
                cost[v] = self.cost[x]
        scattered = {x for x, t in total.items() if t > 1 and joins.get(x, 0) < t - 1}
        if not scattered:
            return cost
        for v in order[1:]:
            if labels[v] in scattered and labels[parent[v]] == labels[v]:
                cost[v] = 0.0
        open_: list[dict[object, int] | None] = [None] * len(labels)  # groups partly below
        for v in reversed(order):
            here: dict[object, int] = {}
            x = labels[v]
            if x in scattered:
                here[x] = 1
            for c in children[v]:
                below = open_[c]
                if not below:
                    continue
                open_[c] = None
                cost[c] += sum(self.cost[k] for k in below)
                if len(below) > len(here):
                    here, below = below, here
                for k, m in below.items():
                    here[k] = here.get(k, 0) + m
            if here:
                open_[v] = {k: m for k, m in here.items() if m < total[k]}
        return cost


def cut_tree(
    tree: list[list[int]],
    weights: Sequence[int],
    lo: int,
    hi: int,
    *,
    groups: Groups | None = None,
    relaxed: bool = False,
) -> list[list[int]] | None:
    """Parts (lists of nodes) of `tree` each weighing within [lo, hi]: fewest group splits,
    then fewest parts, then sizes near the middle; None if impossible (or if `tree` does
    not span its nodes). `relaxed` allows parts out of bounds at a cost per household
    outside, to find the least bad division."""
    n = len(tree)
    if not n:
        return []
    cap = max(2 * hi, max(weights)) if relaxed else hi
    closing = _closing(lo, hi, cap, relaxed)

    rooted = rooted_at_0(tree)
    if rooted is None:
        return None
    order, parent, children = rooted
    split = groups.split_costs(order, parent, children) if groups is not None else None

    # One dynamic programme over the tree, leaves up: per node, the cheapest cost of each
    # weight its open part can have; it stays one loop (the tables are freed as they merge).
    table: list[dict[int, float] | None] = [None] * n
    # Per node, per child: (choices {w: child weight or -1 for cut}, the child's closing weight).
    trail: list[list[tuple[dict[int, int], int]]] = [[] for _ in range(n)]
    best_close: list[tuple[float, int] | None] = [None] * n
    for v in reversed(order):
        w0 = weights[v]
        if w0 > cap:
            return None
        cur: dict[int, float] = {w0: 0.0}
        steps = trail[v]
        for c in children[v]:
            dc = table[c]
            table[c] = None
            assert dc is not None
            closed = best_close[c]
            new: dict[int, float] = {}
            choice: dict[int, int] = {}
            if closed is not None:
                add = closed[0] + (split[c] if split is not None else 0.0)
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
                    if cost < new.get(w, math.inf):
                        new[w] = cost
                        choice[w] = b
            if not new:
                return None
            steps.append((choice, closed[1] if closed is not None else -1))
            cur = new
        table[v] = cur
        best: tuple[float, int] | None = None
        for w, cost in cur.items():
            cc = closing[w]
            if cc is not None and (best is None or cost + cc < best[0]):
                best = (cost + cc, w)
        best_close[v] = best
    root_best = best_close[0]
    if root_best is None:
        return None

    return _read_parts(children, trail, root_best[1])


def rooted_at_0(tree: list[list[int]]) -> tuple[list[int], list[int], list[list[int]]] | None:
    """The tree (adjacency lists) rooted at node 0: its nodes in breadth-first order, each
    node's parent (0's is itself) and children; None if it does not span its nodes."""
    n = len(tree)
    parent = [-1] * n
    parent[0] = 0
    order = [0]
    for v in order:
        for u in tree[v]:
            if parent[u] < 0:
                parent[u] = v
                order.append(u)
    if len(order) < n:
        return None
    children: list[list[int]] = [[] for _ in range(n)]
    for v in order[1:]:
        children[parent[v]].append(v)
    return order, parent, children


def _read_parts(
    children: list[list[int]], trail: list[list[tuple[dict[int, int], int]]], root_weight: int
) -> list[list[int]]:
    """The parts the table chose, read back from the root (whose part weighs `root_weight`):
    a child cut off starts a part of its own, otherwise it joins its parent's."""
    parts: list[list[int]] = []
    stack = [(0, root_weight, -1)]
    while stack:
        v, want, part = stack.pop()
        if part < 0:
            parts.append([])
            part = len(parts) - 1
        parts[part].append(v)
        for c, (choice, close_w) in zip(reversed(children[v]), reversed(trail[v]), strict=True):
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
