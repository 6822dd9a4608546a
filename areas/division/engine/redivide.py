"""Re-division: keep today's grids that are still good and redraw only the broken ones, and
match each new grid to the old grid it continues (which keeps its code)."""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from areas.division.engine.heal import match
from areas.division.engine.partition import graph_arrays
from areas.division.engine.search import solve_parts
from areas.division.engine.types import BuildingIn, CommunityJob


def match_previous(
    job: CommunityJob, blds: list[BuildingIn], groups: list[tuple[list[int], list[str]]]
) -> dict[int, tuple[str, bool]]:
    """New grid → (old grid it continues, unchanged?): the one-to-one matching that keeps
    the most households in their grid."""
    overlap: list[tuple[int, int, str]] = []
    old_members: dict[str, set[str]] = defaultdict(set)
    for bid, code in job.current.items():
        old_members[code].add(bid)
    for g, (members, _f) in enumerate(groups):
        counts: dict[str, int] = defaultdict(int)
        for i in members:
            old = job.current.get(blds[i].id)
            if old:
                counts[old] += blds[i].households
        for old, n in counts.items():
            if old.startswith(job.code):
                overlap.append((n, g, old))
    out: dict[int, tuple[str, bool]] = {}
    for g, old in match({(g, old): n for n, g, old in overlap}).items():
        out[g] = (old, {blds[i].id for i in groups[g][0]} == old_members[old])
    return out


def redivide_parts(
    job: CommunityJob,
    blds: list[BuildingIn],
    rest: list[int],
    graph: nx.Graph,
    weights: list[int],
    compound: list[str | None],
    lo: int,
    hi: int,
    seed: int,
) -> tuple[list[list[int]], str]:
    """Keep today's grids that are still good; re-divide only the broken ones, growing the
    re-divided area into neighbouring grids until it can be divided within the bounds."""
    old_parts: dict[str, list[int]] = defaultdict(list)
    old = [job.current.get(blds[i].id) for i in rest]
    free: set[int] = set()
    for v, i in enumerate(rest):
        code = job.current.get(blds[i].id)
        if code is None or not code.startswith(job.code):
            free.add(v)
        else:
            old_parts[code].append(v)
    kept: dict[str, list[int]] = {}
    for code, members in old_parts.items():
        hh = sum(weights[v] for v in members)
        if lo <= hh <= hi and nx.is_connected(graph.subgraph(members)):
            kept[code] = members
        else:
            free.update(members)
    while True:
        if not free:
            return list(kept.values()), "whole"
        parts: list[list[int]] = []
        failed: set[int] = set()
        mode = "whole"
        for comp in nx.connected_components(graph.subgraph(free)):
            nodes = sorted(comp)
            sub = graph.subgraph(nodes)
            mapping = {v: k for k, v in enumerate(nodes)}
            local = nx.relabel_nodes(sub, mapping)
            w = [weights[v] for v in nodes]
            c = [compound[v] for v in nodes]
            if sum(w) < lo:
                failed.update(nodes)
                continue
            got, m = solve_parts(graph_arrays(local), w, c, lo, hi, seed, [old[v] for v in nodes])
            if m == "relaxed":
                failed.update(nodes)
                continue
            if m == "split":
                mode = "split"
            parts.extend([[nodes[k] for k in p] for p in got])
        if not failed:
            return list(kept.values()) + parts, mode
        if not kept:
            return solve_parts(graph_arrays(graph), weights, compound, lo, hi, seed, old)
        touching = {
            code
            for code, members in kept.items()
            if any(n in failed for v in members for n in graph.neighbors(v))
        }
        if not touching:
            touching = set(kept)
        for code in touching:
            free.update(kept.pop(code))
