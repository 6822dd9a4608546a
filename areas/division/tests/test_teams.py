"""户—队—片—区 and micro-grids: one-dimensional cuts solved by dynamic programming."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from areas.division.engine.teams import HouseholdIn, build_tree, cut_runs, micro_grids


def block(buildings: int, entrances: int, floors: int, per_floor: int) -> list[HouseholdIn]:
    return [
        HouseholdIn(f"B{b}-{e}-{f}-{r}", f"B{b}", e, f, f"{f}{r:02d}")
        for b in range(buildings)
        for e in range(1, entrances + 1)
        for f in range(1, floors + 1)
        for r in range(1, per_floor + 1)
    ]


def test_it_cuts_teams_at_entrances_when_they_are_about_ten() -> None:
    zones = build_tree(block(2, 2, 6, 2))  # 24 households a building, 12 an entrance
    teams = [t for z in zones for p in z.pieces for t in p.teams]
    assert [len(t.households) for t in teams] == [12, 12, 12, 12]
    assert all(len(t.buildings) == 1 for t in teams)


def test_it_orders_households_by_building_entrance_floor_and_room() -> None:
    households = list(reversed(block(1, 1, 3, 4)))
    (zone,) = build_tree(households)
    ids = [h for p in zone.pieces for t in p.teams for h in t.households]
    assert ids[:4] == ["B0-1-1-1", "B0-1-1-2", "B0-1-1-3", "B0-1-1-4"]


@settings(deadline=None)  # timing on a loaded machine is not the rule under test
@given(st.integers(min_value=1, max_value=400), st.integers(min_value=2, max_value=30))
def test_it_covers_every_item_once_with_runs_near_the_target(n: int, target: int) -> None:
    runs = cut_runs([0.0] * n, target)
    assert runs[0][0] == 0 and runs[-1][1] == n
    assert all(a[1] == b[0] for a, b in zip(runs, runs[1:], strict=False))
    if n >= target:
        assert all(target // 2 - 1 <= e - s <= target + target // 2 + 1 for s, e in runs)


def test_it_groups_teams_into_pieces_of_about_ten() -> None:
    zones = build_tree(block(10, 1, 10, 1))  # 100 households in 10 buildings of 10
    pieces = [p for z in zones for p in z.pieces]
    assert [len(p.teams) for p in pieces] == [10]
    assert sum(z.households for z in zones) == 100


def test_it_builds_micro_grids_of_whole_buildings() -> None:
    groups = micro_grids(block(6, 1, 5, 4), 40)  # buildings of 20
    assert [len(g) for g in groups] == [40, 40, 40]
    assert all(len({h.split("-")[0] for h in g}) == 2 for g in groups)


def test_it_groups_pieces_into_zones_of_about_four() -> None:
    # 1,200 households: 120 teams of 10, 12 pieces of 10 teams, 3 zones of 4 pieces.
    zones = build_tree(block(60, 2, 5, 2))  # entrances of 10 households
    assert [len(z.pieces) for z in zones] == [4, 4, 4]
    assert all(len(p.teams) == 10 for z in zones for p in z.pieces)
    assert sum(z.households for z in zones) == 1200
