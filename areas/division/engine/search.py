"""The search for one connected area's grids: spanning trees of the building graph cut into
parts within the bounds, in three modes (compounds kept whole, compounds split, the least-bad
division repaired)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

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


Key = tuple[int, int, int, int, float]


@dataclass(frozen=True)
class Ranking:
    """How two divisions of one area compare, and the search that keeps the best of a mode's
    trees. `whole`: the compounds that fit a grid; `need`: the grids each compound's
    households need; `old` (re-division): each building's grid today."""

    weights: list[int]
    compound: list[str | None]
    whole: frozenset[str]
    need: dict[str, int]
    lo: int
    hi: int
    old: list[str | None] | None

    def moved(self, parts: Parts) -> int:
        """Households outside the grid (of today) that each new grid continues."""
        old = self.old
        if old is None:
            return 0
        overlap: dict[tuple[int, str], int] = defaultdict(int)
        for k, p in enumerate(parts):
            for v in p:
                if old[v] is not None:
                    overlap[(k, str(old[v]))] += self.weights[v]
        cont = match(overlap)
        return sum(self.weights) - sum(overlap[(k, o)] for k, o in cont.items())

    def key(self, parts: Parts) -> Key:
        """Fewest compounds that fit a grid split, then fewest pieces of compounds beyond
        what their households need, fewest grids, fewest households moved, most even."""
        held: dict[str, set[int]] = defaultdict(set)
        for k, p in enumerate(parts):
            for v in p:
                c = self.compound[v]
                if c is not None:
                    held[c].add(k)
        split = sum(1 for c, ks in held.items() if len(ks) > 1 and c in self.whole)
        extra = sum(max(0, len(ks) - self.need[c]) for c, ks in held.items())
        target = (self.lo + self.hi) / 2
        spread = sum((sum(self.weights[v] for v in p) - target) ** 2 for p in parts)
        return (split, extra, len(parts), self.moved(parts), spread)

    def best_of(
        self, tries: int, tree: Callable[[int], list[list[int]]], cut: Cut, give_up: int = GIVE_UP
    ) -> Parts | None:
        """The best division of up to `tries` trees cut by `cut`; None if none divides."""
        # No division splits a compound that fits a grid or cuts one into more pieces than
        # its households need, or has fewer grids than the households need: once a tree
        # reaches that, more trees can only even out the sizes (or, re-dividing, move fewer
        # households).
        floor = (0, 0, math.ceil(sum(self.weights) / self.hi))
        best: tuple[Key, Parts] | None = None
        found = 0
        for t in range(tries):
            if t == give_up and best is None:
                break
            parts = cut(tree(t))
            if parts is None:
                continue
            k = self.key(parts)
            if best is None or k < best[0]:
                best = (k, parts)
            found += 1
            if found == BEST_OF or (self.old is None and k[:3] <= floor):
                break
        return best[1] if best is not None else None

    def improve(self, ends: np.ndarray, parts: Parts) -> Parts:
        """Join compounds the cut split where the building graph allows (see heal); in a
        re-division, then move buildings back into their grid of today where they can."""
        compound, old, n = self.compound, self.old, len(self.weights)
        if all(c is None for c in compound) and old is None:
            return parts
        nbrs: list[list[int]] = [[] for _ in range(n)]
        for i, j in ends.tolist():
            nbrs[i].append(j)
            nbrs[j].append(i)
        healed = heal(nbrs, self.weights, parts, compound, self.whole, self.lo, self.hi)
        if self.key(healed) < self.key(parts):
            parts = healed
        if old is not None:
            kept = keep_households(
                nbrs, self.weights, parts, old, compound, self.whole, self.lo, self.hi
            )
            if self.key(kept) < self.key(parts):
                parts = kept
        return parts


def compound_units(compound: list[str | None], whole: frozenset[str], ends: np.ndarray) -> Parts:
    """The units of mode 1: each compound that fits a grid (`whole`) and is connected by its
    own buildings' edges becomes one unit; every other building is a unit of its own. Units
    are numbered in the order of their first building."""
    n = len(compound)
    group = codes(compound, n)
    inside = ends[group[ends[:, 0]] == group[ends[:, 1]]]
    inside = inside[group[inside[:, 0]] >= 0]
    piece = components(n, inside)
    pieces: dict[str, set[int]] = defaultdict(set)
    for v, c in enumerate(compound):
        if c is not None and c in whole:
            pieces[c].add(int(piece[v]))
    whole_units = {c for c, ps in pieces.items() if len(ps) == 1}
    unit_members: Parts = []
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
        unit_members[u].append(v)
    return unit_members


def _divide_units(
    rank: Ranking,
    unit_members: Parts,
    net: tuple[np.ndarray, np.ndarray],
    rng: np.random.Generator,
) -> Parts | None:
    """Mode 1: the graph of units (the shortest edge between two units), its spanning trees
    cut within the bounds, the units opened back into buildings."""
    ends, length = net
    compound, old = rank.compound, rank.old
    nu = len(unit_members)
    uof = np.empty(len(compound), dtype=int)
    for u, m in enumerate(unit_members):
        uof[m] = u
    uends = np.sort(uof[ends], axis=1)
    between = uends[:, 0] != uends[:, 1]
    uends, ulength = uends[between], length[between]
    # One edge per pair of units, the shortest.
    order = np.lexsort((ulength, uends[:, 1], uends[:, 0]))
    uends, ulength = uends[order], ulength[order]
    first = np.ones(len(uends), dtype=bool)
    first[1:] = np.any(uends[1:] != uends[:-1], axis=1)
    uends, ulength = uends[first], ulength[first]
    uw = [sum(rank.weights[v] for v in m) for m in unit_members]
    ugroup = [compound[m[0]] if len(m) == 1 else None for m in unit_members]
    uold = [old[m[0]] for m in unit_members] if old else None
    unit_edges = edge_list(nu, uends, ulength, ugroup, uold)
    ugroups = Groups(ugroup, rank.whole)

    def unit_cut(tree: list[list[int]]) -> Parts | None:
        parts = cut_tree(tree, uw, rank.lo, rank.hi, groups=ugroups)
        if parts is None:
            return None
        return [[v for u in p for v in unit_members[u]] for p in parts]

    return rank.best_of(
        WHOLE_TRIES, lambda t: spanning_tree(unit_edges, rng if t else None), unit_cut
    )


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
    for v, c in enumerate(compound):
        if c is not None:
            totals[c] += weights[v]
    whole = frozenset(c for c, t in totals.items() if t <= hi)
    need = {c: math.ceil(t / hi) for c, t in totals.items()}
    rank = Ranking(weights, compound, whole, need, lo, hi, old)
    n = len(weights)
    ends, length = net

    # Mode 1: compounds that fit a grid and are connected on their own become single units.
    unit_members = compound_units(compound, whole, ends)
    contracted = len(unit_members) < n
    if contracted:
        found = _divide_units(rank, unit_members, net, rng)
        if found is not None:
            return rank.improve(ends, found), "whole"
    # Mode 2: any building may be cut from its compound, as few cuts as possible.
    edges = edge_list(n, ends, length, compound, old)
    free = edge_list(n, ends, length, None, old)
    groups = Groups(compound, whole)

    def cut(tree: list[list[int]]) -> Parts | None:
        return cut_tree(tree, weights, lo, hi, groups=groups)

    found = rank.best_of(SPLIT_TRIES, lambda t: spanning_tree(edges, rng if t else None), cut)
    if found is None:
        found = rank.best_of(FREE_TRIES, lambda t: spanning_tree(free, rng), cut, FREE_TRIES)
    if found is not None:
        return rank.improve(ends, found), "split" if contracted else "whole"
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
