"""The search for one connected area's grids: spanning trees of the building graph cut into
parts within the bounds, in three modes (compounds kept whole, compounds split, the least-bad
division repaired)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable

import networkx as nx
import numpy as np

from areas.division.engine.graph import components
from areas.division.engine.heal import heal, keep_households, match
from areas.division.engine.partition import (
    Groups,
    codes,
    cut_tree,
    edge_list,
    repair,
    spanning_tree,
)

# Spanning trees tried per mode (each a few tenths of a millisecond for a community); a mode
# stops once BEST_OF divisions were found and keeps the best (fewest compounds split, then
# fewest grids, then the most even).
WHOLE_TRIES = 48  # trees of compounds: compounds that fit a grid stay whole
SPLIT_TRIES = 48  # trees of buildings that keep each compound a subtree where they can
FREE_TRIES = 200  # trees blind to compounds, the most varied: the last resort before repair
BEST_OF = 6
GIVE_UP = 16  # trees without a single division before a mode (not the last) gives up
Parts = list[list[int]]
Cut = Callable[[list[list[int]]], Parts | None]


def solve_parts(
    net: tuple[np.ndarray, np.ndarray],
    weights: list[int],
    compound: list[str | None],
    lo: int,
    hi: int,
    seed: int,
    old: list[str | None] | None = None,
) -> tuple[list[list[int]], str]:
    """Parts of the building graph (`net`: edge ends and lengths): compounds kept whole if
    possible, then split if needed, then the least-bad division, repaired. Returns (parts,
    mode). `old` (re-division): each building's grid today; divisions that move fewer
    households win ties."""
    rng = np.random.default_rng(seed)
    totals: dict[str, int] = defaultdict(int)
    members: dict[str, list[int]] = defaultdict(list)
    for v, c in enumerate(compound):
        if c is not None:
            totals[c] += weights[v]
            members[c].append(v)
    whole = frozenset(c for c, t in totals.items() if t <= hi)

    def moved(parts: list[list[int]]) -> int:
        if old is None:
            return 0
        overlap: dict[tuple[int, str], int] = defaultdict(int)
        for k, p in enumerate(parts):
            for v in p:
                if old[v] is not None:
                    overlap[(k, str(old[v]))] += weights[v]
        cont = match(overlap)
        return sum(weights) - sum(overlap[(k, o)] for k, o in cont.items())

    need = {c: math.ceil(t / hi) for c, t in totals.items()}

    def key(parts: list[list[int]]) -> tuple[int, int, int, int, float]:
        """Fewest compounds that fit a grid split, then fewest pieces of compounds beyond
        what their households need, fewest grids, fewest households moved, most even."""
        held: dict[str, set[int]] = defaultdict(set)
        for k, p in enumerate(parts):
            for v in p:
                c = compound[v]
                if c is not None:
                    held[c].add(k)
        split = sum(1 for c, ks in held.items() if len(ks) > 1 and c in whole)
        extra = sum(max(0, len(ks) - need[c]) for c, ks in held.items())
        target = (lo + hi) / 2
        spread = sum((sum(weights[v] for v in p) - target) ** 2 for p in parts)
        return (split, extra, len(parts), moved(parts), spread)

    # No division splits a compound that fits a grid or cuts one into more pieces than its
    # households need, or has fewer grids than the households need: once a tree reaches
    # that, more trees can only even out the sizes (or, re-dividing, move fewer households).
    floor = (0, 0, math.ceil(sum(weights) / hi))

    def best_of(
        tries: int, tree: Callable[[int], list[list[int]]], cut: Cut, give_up: int = GIVE_UP
    ) -> Parts | None:
        best: tuple[tuple[int, int, int, int, float], Parts] | None = None
        found = 0
        for t in range(tries):
            if t == give_up and best is None:
                break
            parts = cut(tree(t))
            if parts is None:
                continue
            k = key(parts)
            if best is None or k < best[0]:
                best = (k, parts)
            found += 1
            if found == BEST_OF or (old is None and k[:3] <= floor):
                break
        return best[1] if best is not None else None

    # Mode 1: compounds that fit a grid and are connected on their own become single units.
    n = len(weights)
    ends, length = net

    def improve(parts: Parts) -> Parts:
        """Join compounds the cut split where the building graph allows (see heal); in a
        re-division, then move buildings back into their grid of today where they can."""
        if all(c is None for c in compound) and old is None:
            return parts
        nbrs: list[list[int]] = [[] for _ in range(n)]
        for i, j in ends.tolist():
            nbrs[i].append(j)
            nbrs[j].append(i)
        healed = heal(nbrs, weights, parts, compound, whole, lo, hi)
        if key(healed) < key(parts):
            parts = healed
        if old is not None:
            kept = keep_households(nbrs, weights, parts, old, compound, whole, lo, hi)
            if key(kept) < key(parts):
                parts = kept
        return parts

    group = codes(compound, n)
    inside = ends[group[ends[:, 0]] == group[ends[:, 1]]]
    inside = inside[group[inside[:, 0]] >= 0]
    piece = components(n, inside)
    pieces: dict[str, set[int]] = defaultdict(set)
    for v, c in enumerate(compound):
        if c is not None and c in whole:
            pieces[c].add(int(piece[v]))
    whole_units = {c for c, ps in pieces.items() if len(ps) == 1}
    unit_of: list[int] = []
    unit_members: list[list[int]] = []
    unit_key: dict[str, int] = {}
    for v, c in enumerate(compound):
        if c is not None and c in whole_units:
            if c not in unit_key:
                unit_key[c] = len(unit_members)
                unit_members.append([])
            u = unit_key[c]
        else:
            u = len(unit_members)
            unit_members.append([])
        unit_of.append(u)
        unit_members[u].append(v)
    contracted = len(unit_members) < n
    if contracted:
        nu = len(unit_members)
        uof = np.array(unit_of)
        uends = np.sort(uof[ends], axis=1)
        between = uends[:, 0] != uends[:, 1]
        uends, ulength = uends[between], length[between]
        # One edge per pair of units, the shortest.
        order = np.lexsort((ulength, uends[:, 1], uends[:, 0]))
        uends, ulength = uends[order], ulength[order]
        first = np.ones(len(uends), dtype=bool)
        first[1:] = np.any(uends[1:] != uends[:-1], axis=1)
        uends, ulength = uends[first], ulength[first]
        uw = [sum(weights[v] for v in m) for m in unit_members]
        ugroup = [compound[m[0]] if len(m) == 1 else None for m in unit_members]
        uold = [old[m[0]] for m in unit_members] if old else None
        unit_edges = edge_list(nu, uends, ulength, ugroup, uold)
        ugroups = Groups(ugroup, whole)

        def unit_cut(tree: list[list[int]]) -> Parts | None:
            parts = cut_tree(tree, uw, lo, hi, groups=ugroups)
            if parts is None:
                return None
            return [[v for u in p for v in unit_members[u]] for p in parts]

        found = best_of(
            WHOLE_TRIES, lambda t: spanning_tree(unit_edges, rng if t else None), unit_cut
        )
        if found is not None:
            return improve(found), "whole"
    # Mode 2: any building may be cut from its compound, as few cuts as possible.
    edges = edge_list(n, ends, length, compound, old)
    free = edge_list(n, ends, length, None, old)

    groups = Groups(compound, whole)

    def cut(tree: list[list[int]]) -> Parts | None:
        return cut_tree(tree, weights, lo, hi, groups=groups)

    found = best_of(SPLIT_TRIES, lambda t: spanning_tree(edges, rng if t else None), cut)
    if found is None:
        found = best_of(FREE_TRIES, lambda t: spanning_tree(free, rng), cut, FREE_TRIES)
    if found is not None:
        return improve(found), "split" if contracted else "whole"
    # Mode 3: the least households outside the bounds on one tree, then border buildings
    # moved between neighbouring grids while that brings households back within the bounds.
    tree = spanning_tree(edges, None)
    parts = cut_tree(tree, weights, lo, hi, groups=groups, relaxed=True)
    assert parts is not None
    parts = repair(to_graph(n, ends, length), weights, parts, lo, hi)
    if all(lo <= sum(weights[v] for v in p) <= hi for p in parts):
        return parts, "repaired"
    return parts, "relaxed"


def to_graph(n: int, ends: np.ndarray, length: np.ndarray) -> nx.Graph:
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from(
        (i, j, {"length": d}) for (i, j), d in zip(ends.tolist(), length.tolist(), strict=True)
    )
    return g
