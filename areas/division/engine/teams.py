"""户—队—片—区: households into teams of about 10 by building, entrance, floor and room,
teams into pieces of about 10, pieces into zones; and micro-grids inside a grid.

Each level is one cut of an ordered sequence into runs, solved exactly by dynamic
programming: runs between `lo` and `hi` items, close to `target`, cut where a building (or
else an entrance) ends rather than in the middle of a stairwell.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

# What a cut costs between two neighbours in the order: a new building is free, a new
# entrance cheap, a cut between floors of one stairwell dear.
CUT_BUILDING = 0.0
CUT_ENTRANCE = 0.5
CUT_STAIRWELL = 2.0


@dataclass(frozen=True)
class HouseholdIn:
    id: str
    building: str
    entrance: int
    floor: int
    room: str


def household_order(h: HouseholdIn) -> tuple[str, int, int, str, str]:
    return (h.building, h.entrance, h.floor, h.room.zfill(8), h.id)


def cut_runs(
    cut_cost: Sequence[float], target: int, lo: int | None = None, hi: int | None = None
) -> list[tuple[int, int]]:
    """Runs [start, end) over n = len(cut_cost) items. cut_cost[i] is the price of starting a
    run at item i (cut_cost[0] is ignored). Minimises Σ((len − target)/target)² + Σ cut
    prices with lo ≤ len ≤ hi; fewer than lo items make one run."""
    n = len(cut_cost)
    if n == 0:
        return []
    lo = lo if lo is not None else max(1, math.ceil(target / 2))
    hi = hi if hi is not None else target + target // 2
    if n <= hi and n < 2 * lo:
        return [(0, n)]
    inf = float("inf")
    best = [inf] * (n + 1)
    back = [-1] * (n + 1)
    best[0] = 0.0
    for end in range(1, n + 1):
        for size in range(lo, min(hi, end) + 1):
            start = end - size
            if best[start] == inf:
                continue
            cost = best[start] + ((size - target) / target) ** 2
            if start > 0:
                cost += cut_cost[start]
            if cost < best[end]:
                best[end] = cost
                back[end] = start
    if best[n] == inf:
        # No run lengths fit exactly (n between hi and 2·lo): widen by one and retry.
        return cut_runs(cut_cost, target, max(1, lo - 1), hi + 1)
    runs = []
    end = n
    while end > 0:
        start = back[end]
        runs.append((start, end))
        end = start
    return runs[::-1]


def _household_cut_costs(households: Sequence[HouseholdIn]) -> list[float]:
    costs = [0.0]
    for a, b in zip(households, households[1:], strict=False):
        if a.building != b.building:
            costs.append(CUT_BUILDING)
        elif a.entrance != b.entrance:
            costs.append(CUT_ENTRANCE)
        else:
            costs.append(CUT_STAIRWELL)
    return costs


@dataclass
class Team:
    households: list[str]
    buildings: list[str]


@dataclass
class Piece:
    teams: list[Team]


@dataclass
class Zone:
    pieces: list[Piece]

    @property
    def households(self) -> int:
        return sum(len(t.households) for p in self.pieces for t in p.teams)


def build_tree(
    households: Sequence[HouseholdIn],
    team_size: int = 10,
    piece_teams: int = 10,
    zone_pieces: int = 4,
) -> list[Zone]:
    """Zones of pieces of teams of households, in building/entrance/floor/room order."""
    ordered = sorted(households, key=household_order)
    runs = cut_runs(_household_cut_costs(ordered), team_size)
    teams = [
        Team(
            [h.id for h in ordered[s:e]],
            list(dict.fromkeys(h.building for h in ordered[s:e])),
        )
        for s, e in runs
    ]
    # A piece should not start inside a building either.
    team_costs = [0.0] + [
        CUT_BUILDING if a.buildings[-1] != b.buildings[0] else CUT_ENTRANCE
        for a, b in zip(teams, teams[1:], strict=False)
    ]
    pieces = [Piece(teams[s:e]) for s, e in cut_runs(team_costs, piece_teams)]
    piece_costs = [0.0] + [
        CUT_BUILDING if a.teams[-1].buildings[-1] != b.teams[0].buildings[0] else CUT_ENTRANCE
        for a, b in zip(pieces, pieces[1:], strict=False)
    ]
    return [Zone(pieces[s:e]) for s, e in cut_runs(piece_costs, zone_pieces)]


def micro_grids(households: Sequence[HouseholdIn], size: int) -> list[list[str]]:
    """Household ids of micro-grids of about `size` households, whole buildings where the
    sizes allow."""
    ordered = sorted(households, key=household_order)
    costs = _household_cut_costs(ordered)
    # Cutting a building between micro-grids is worse than for a team.
    costs = [c * 4 for c in costs]
    return [[h.id for h in ordered[s:e]] for s, e in cut_runs(costs, size)]
