"""Bring a split compound back together after the cut: the cut is exact on its spanning
tree, but two grids may touch in the building graph where the tree has no edge between
them, and there a compound can often be joined by moving its buildings across.

A move is taken only if every grid stays within the bounds and contiguous: the buildings of
the compound outside the grid holding most of it join that grid, which may first hand one
building or one whole compound on its border to another neighbouring grid with room.

In a re-division the same kind of move brings households back into the grid they are in
today (`keep_households`), each new grid continuing the old one it shares the most with
(`match`, one to one).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy.optimize import linear_sum_assignment


def connected(nodes: set[int], nbrs: Sequence[Sequence[int]]) -> bool:
    if not nodes:
        return True
    start = next(iter(nodes))
    seen = {start}
    stack = [start]
    while stack:
        v = stack.pop()
        for u in nbrs[v]:
            if u in nodes and u not in seen:
                seen.add(u)
                stack.append(u)
    return len(seen) == len(nodes)


@dataclass
class Moves:
    """Parts being changed by single moves: each part's buildings (`sets`) and households
    (`size`), each building's part (`part_of`) and each compound's buildings (`members`)."""

    nbrs: Sequence[Sequence[int]]
    weights: Sequence[int]
    parts: list[list[int]]
    compound: Sequence[str | None]
    whole: frozenset[str]
    lo: int
    hi: int

    def __post_init__(self) -> None:
        self.sets = [set(p) for p in self.parts]
        self.size = [sum(self.weights[v] for v in p) for p in self.parts]
        self.part_of = {v: k for k, p in enumerate(self.sets) for v in p}
        self.members: dict[str, list[int]] = defaultdict(list)
        for v, c in enumerate(self.compound):
            if c is not None:
                self.members[c].append(v)

    def in_bounds(self) -> bool:
        return all(self.lo <= s <= self.hi for s in self.size)

    def move(self, nodes: Sequence[int], to: int) -> None:
        for v in nodes:
            k = self.part_of[v]
            self.sets[k].discard(v)
            self.size[k] -= self.weights[v]
            self.sets[to].add(v)
            self.size[to] += self.weights[v]
            self.part_of[v] = to

    def result(self) -> list[list[int]]:
        return checked(self.parts, self.sets, self.size, self.nbrs, self.lo, self.hi)


@dataclass
class Healer(Moves):
    """The moves of `heal`: a compound joins a grid, a grid left short pulls a unit from a
    neighbour, a grid overflowing hands one on."""

    @cached_property
    def need(self) -> dict[str, int]:
        """The grids each compound's households need: one for a compound that fits a grid."""
        return {
            c: 1 if c in self.whole else math.ceil(sum(self.weights[v] for v in m) / self.hi)
            for c, m in self.members.items()
        }

    def units_in(self, t: int, avoid: str) -> list[list[int]]:
        """What grid t could hand over without splitting anything more: a building outside
        any compound or of a compound too large for one grid, or a whole compound."""
        sets, part_of, members, compound, whole = (
            self.sets,
            self.part_of,
            self.members,
            self.compound,
            self.whole,
        )
        out: list[list[int]] = []
        seen: set[str] = set()
        for v in sorted(sets[t]):
            c = compound[v]
            if c == avoid:
                continue
            if c is None or c not in whole:
                out.append([v])
            elif c not in seen:
                seen.add(c)
                if all(part_of[u] == t for u in members[c]):
                    out.append(members[c])
        return out

    def evict(
        self, t: int, coming: set[int], sources: set[int], avoid: str
    ) -> tuple[list[int], int] | None:
        """A unit of grid t that a neighbouring grid (none of `sources`) can take, so
        that t with `coming` and without the unit is within the bounds and contiguous."""
        w_in = sum(self.weights[v] for v in coming)
        for unit in self.units_in(t, avoid):
            w = sum(self.weights[v] for v in unit)
            if not self.lo <= self.size[t] + w_in - w <= self.hi:
                continue
            left = (self.sets[t] | coming) - set(unit)
            if not connected(left, self.nbrs):
                continue
            near = {self.part_of[u] for v in unit for u in self.nbrs[v]} - {t} - sources
            for h in sorted(near, key=lambda h: self.size[h]):
                if self.size[h] + w <= self.hi and connected(self.sets[h] | set(unit), self.nbrs):
                    return unit, h
        return None

    def pull(self, s: int, left: set[int], avoid: set[int], c: str) -> tuple[list[int], int] | None:
        """A unit of a neighbouring grid (not one of `avoid`) that grid s, keeping only
        `left`, can take to stay within the bounds, both grids staying contiguous."""
        w_left = sum(self.weights[v] for v in left)
        near = {self.part_of[u] for v in left for u in self.nbrs[v]} - {s} - avoid
        for h in sorted(near, key=lambda h: -self.size[h]):
            for unit in self.units_in(h, c):
                w = sum(self.weights[v] for v in unit)
                if not (self.lo <= w_left + w <= self.hi and self.size[h] - w >= self.lo):
                    continue
                if not any(u in left for v in unit for u in self.nbrs[v]):
                    continue
                if connected(self.sets[h] - set(unit), self.nbrs) and connected(
                    left | set(unit), self.nbrs
                ):
                    return unit, s
        return None

    def moves(self, c: str) -> list[tuple[int, set[int]]]:
        """Ways to bring compound c into fewer grids: (grid, buildings of c joining it).
        A compound that fits a grid joins the grid holding most of it (or another); one too
        large for a grid is in more grids than its households need, and its smallest piece
        joins another grid holding some of it."""
        part_of, members, weights, whole = self.part_of, self.members, self.weights, self.whole
        held: dict[int, int] = defaultdict(int)
        for v in members[c]:
            held[part_of[v]] += weights[v]
        if len(held) <= self.need[c]:
            return []
        by_share = sorted(held, key=lambda k: (-held[k], k))
        if c in whole:
            return [(t, {v for v in members[c] if part_of[v] != t}) for t in by_share]
        out: list[tuple[int, set[int]]] = []
        for s in reversed(by_share):
            piece = {v for v in members[c] if part_of[v] == s}
            out.extend((t, piece) for t in by_share if t != s)
        return out

    def join(self, c: str) -> bool:
        """Bring compound c into fewer grids if a move allows; True if it did."""
        for t, coming in self.moves(c):
            w_in = sum(self.weights[v] for v in coming)
            sources = {self.part_of[v] for v in coming}
            if any(
                self.sets[s] - coming and not connected(self.sets[s] - coming, self.nbrs)
                for s in sources
            ):
                continue
            if not connected(self.sets[t] | coming, self.nbrs):
                continue
            # A source left short takes a unit from another neighbour; t, if it overflows,
            # hands one on. Each hand-over is checked against the grids as they are then.
            leaving = {
                s: sum(self.weights[v] for v in coming if self.part_of[v] == s) for s in sources
            }
            short = [
                s
                for s in sorted(sources)
                if self.sets[s] - coming and self.size[s] - leaving[s] < self.lo
            ]
            if len(short) > 1:
                continue
            plan: list[tuple[list[int], int]] = []
            if short:
                s = short[0]
                got = self.pull(s, self.sets[s] - coming, {t} | sources, c)
                if got is None:
                    continue
                plan.append(got)
            if self.size[t] + w_in > self.hi:
                # Not to the grid a unit was just pulled from: checked as it was.
                busy = {self.part_of[plan[0][0][0]]} if plan else set()
                out = self.evict(t, coming, sources | busy, c)
                if out is None:
                    continue
                plan.append(out)
            for unit, to in plan:
                self.move(unit, to)
            self.move(sorted(coming), t)
            return True
        return False


def heal(
    nbrs: Sequence[Sequence[int]],
    weights: Sequence[int],
    parts: list[list[int]],
    compound: Sequence[str | None],
    whole: frozenset[str],
    lo: int,
    hi: int,
) -> list[list[int]]:
    """`parts` with as many split compounds of `whole` (those that fit one grid) joined, and
    compounds too large for one grid in as few grids as their households need, as single
    moves allow; every part stays within [lo, hi] and contiguous. Parts out of the
    bounds (a relaxed division) are left as they are."""
    healer = Healer(nbrs, weights, parts, compound, whole, lo, hi)
    if not healer.in_bounds():
        return parts
    # A join can make room for another: a few rounds while any succeeds.
    for _round in range(3):
        if not [c for c in sorted(healer.members) if healer.join(c)]:
            break
    return healer.result()


def checked(
    parts: list[list[int]],
    sets: list[set[int]],
    size: list[int],
    nbrs: Sequence[Sequence[int]],
    lo: int,
    hi: int,
) -> list[list[int]]:
    """The moved parts if each is within the bounds and contiguous, else the parts as they
    were (every move was checked; this guards the sum of them)."""
    moved = [sorted(p) for p in sets if p]
    if all(lo <= s <= hi for s, p in zip(size, sets, strict=True) if p) and all(
        connected(set(p), nbrs) for p in moved
    ):
        return moved
    return parts


def match(overlap: dict[tuple[int, str], int]) -> dict[int, str]:
    """Each new grid → the old grid it continues: the one-to-one matching that keeps the
    most households (`overlap`: (new, old) → households in both)."""
    if not overlap:
        return {}
    news = sorted({g for g, _o in overlap})
    olds = sorted({o for _g, o in overlap})
    row = {g: k for k, g in enumerate(news)}
    col = {o: k for k, o in enumerate(olds)}
    table = np.zeros((len(news), len(olds)))
    for (g, o), n in overlap.items():
        table[row[g], col[o]] = n
    rows, cols = linear_sum_assignment(table, maximize=True)
    return {news[r]: olds[c] for r, c in zip(rows, cols, strict=True) if table[r, c] > 0}


@dataclass
class Keeper(Moves):
    """The moves of `keep_households`: a border building (or whole compound) to the
    neighbouring part whose old grid it is in today."""

    old: Sequence[object]

    def matching(self) -> dict[int, object]:
        """Each part → the old grid it continues (see match)."""
        old, weights = self.old, self.weights
        overlap: dict[tuple[int, str], int] = defaultdict(int)
        for v, k in self.part_of.items():
            if old[v] is not None:
                overlap[(k, str(old[v]))] += weights[v]
        return dict(match(overlap).items())

    def unit_of(self, v: int) -> list[int] | None:
        """What moves with building v: itself, or its whole compound (None if that compound
        lies in more than one part)."""
        c = self.compound[v]
        if c is None:
            return [v]
        k = self.part_of[v]
        if c in self.whole:
            unit = self.members[c]
            return unit if all(self.part_of[u] == k for u in unit) else None
        # A building of a compound too large for a grid: only between parts that both
        # hold some of it, so it is in no more pieces than before.
        return [v] if sum(1 for u in self.members[c] if self.part_of[u] == k) > 1 else None

    def best_move(self, cont: dict[int, object]) -> tuple[int, list[int], int, int] | None:
        """The move (households kept, unit, from, to) that keeps the most households more in
        the grid they are in today (`cont`: each part's old grid), within the bounds and
        contiguous; None if no move keeps more."""
        sets, size, part_of, members = self.sets, self.size, self.part_of, self.members
        weights, nbrs, compound, whole, old = (
            self.weights,
            self.nbrs,
            self.compound,
            self.whole,
            self.old,
        )
        best: tuple[int, list[int], int, int] | None = None
        for v in sorted(part_of):
            a = part_of[v]
            if old[v] is None or str(old[v]) == str(cont.get(a)):
                continue  # staying already (or nowhere to stay)
            unit = self.unit_of(v)
            if unit is None:
                continue
            w = sum(weights[u] for u in unit)
            if size[a] - w < self.lo:
                continue
            for b in {part_of[u] for x in unit for u in nbrs[x]} - {a}:
                if size[b] + w > self.hi:
                    continue
                c = compound[v]
                if (
                    c is not None
                    and c not in whole
                    and not any(part_of[u] == b for u in members[c])
                ):
                    continue
                gain = sum(
                    weights[u]
                    * ((str(old[u]) == str(cont.get(b))) - (str(old[u]) == str(cont.get(a))))
                    for u in unit
                    if old[u] is not None
                )
                if (
                    gain > 0
                    and (best is None or gain > best[0])
                    and connected(sets[a] - set(unit), nbrs)
                    and connected(sets[b] | set(unit), nbrs)
                ):
                    best = (gain, unit, a, b)
        return best


def keep_households(
    nbrs: Sequence[Sequence[int]],
    weights: Sequence[int],
    parts: list[list[int]],
    old: Sequence[object],
    compound: Sequence[str | None],
    whole: frozenset[str],
    lo: int,
    hi: int,
) -> list[list[int]]:
    """Re-division: move border buildings (or whole compounds) between neighbouring parts
    while that keeps more households in the grid they are in today (each part continuing
    the old grid it overlaps most, one to one). Every part stays within [lo, hi] and
    contiguous; no compound gets split, and one too large for a grid no more than it is."""
    keeper = Keeper(nbrs, weights, parts, compound, whole, lo, hi, old)
    if not keeper.in_bounds():
        return parts
    for _round in range(4 * len(keeper.sets)):
        best = keeper.best_move(keeper.matching())
        if best is None:
            break
        _gain, unit, _a, b = best
        keeper.move(unit, b)
    return keeper.result()
