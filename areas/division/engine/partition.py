"""Cut a spanning tree into connected parts whose weights lie within bounds.

No library does this (METIS balances but has no hard lower/upper bound, max-p has no upper
bound). On a tree it is an exact dynamic programme: for each subtree, the cheapest way to
leave an "open" part of weight w at its root with every closed part in bounds. Parts are
subtrees of a spanning tree of the adjacency graph, so they are contiguous by construction.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import networkx as nx

SPLIT_COST = 1_000.0  # cutting an edge inside a compound
VIOLATION_COST = 1_000_000.0  # per household out of bounds (relaxed mode only)


def edge_list(graph: nx.Graph) -> tuple[int, list[tuple[int, int, float]]]:
    """(nodes, [(i, j, length)]) of a graph on nodes 0..n-1, read once for many trees."""
    return graph.number_of_nodes(), [
        (i, j, float(d.get("length", 1.0)) + 1e-9) for i, j, d in graph.edges(data=True)
    ]


def spanning_tree(
    graph: tuple[int, list[tuple[int, int, float]]],
    same_group: Sequence[object] | None,
    rng: random.Random | None,
) -> list[list[int]]:
    """Minimum spanning tree by length (Kruskal), as adjacency lists. Edges inside a group
    (compound) are nearly free, so each compound is one subtree; `rng` perturbs lengths for
    another tree."""
    n, lengths = graph
    edges = []
    for i, j, w in lengths:
        if same_group is not None and same_group[i] is not None and same_group[i] == same_group[j]:
            w *= 0.001
        if rng is not None:
            w *= rng.uniform(0.2, 5.0)
        edges.append((w, i, j))
    edges.sort()
    dsu = list(range(n))

    def find(a: int) -> int:
        while dsu[a] != a:
            dsu[a] = dsu[dsu[a]]
            a = dsu[a]
        return a

    tree: list[list[int]] = [[] for _ in range(n)]
    for _w, i, j in edges:
        ri, rj = find(i), find(j)
        if ri != rj:
            dsu[ri] = rj
            tree[i].append(j)
            tree[j].append(i)
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
    """Parts (lists of nodes) of `tree` each weighing within [lo, hi], fewest group splits,
    sizes near the middle; None if impossible. `relaxed` allows parts out of bounds at a
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
            return ((w - target) / span) ** 2
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
