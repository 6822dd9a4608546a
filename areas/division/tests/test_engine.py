"""The division engine on random small cities: bounds, contiguity, communities, compounds,
polygons; and the messages when bounds cannot be met."""

from __future__ import annotations

import dataclasses
import random
from collections import defaultdict

import networkx as nx
import numpy as np
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import shape

from areas.division.engine import Bounds, BuildingIn, InputError, divide
from areas.division.engine.geometry import Frame, cells, community_shape
from areas.division.engine.graph import adjacency, neighbours, project
from areas.division.engine.heal import heal, keep_households, match
from areas.division.engine.partition import repair
from areas.division.engine.synthetic import city
from areas.division.engine.types import (
    ABOVE_MAX,
    BELOW_MIN,
    COMPOUND_SPLIT,
    DETACHED,
    OVERSIZED,
)

B = Bounds(300, 500)


def community_graph(
    buildings: list[BuildingIn], bounds: Bounds, boundary: dict | None
) -> tuple[nx.Graph, list[str]]:
    """The adjacency the engine uses: buildings within the upper bound, one community, next
    to each other if their cells share a border."""
    members = sorted(buildings, key=lambda b: b.id)
    lat0 = sum(b.lat for b in members) / len(members)
    xy = project(np.array([b.lon for b in members]), np.array([b.lat for b in members]), lat0)
    area = community_shape(boundary, xy, Frame(lat0))
    small = [i for i, b in enumerate(members) if b.households <= bounds.max]
    return adjacency(xy[small], cells(xy, area)[small]), [members[i].id for i in small]


@st.composite
def cities(draw: st.DrawFn) -> tuple[list[BuildingIn], dict]:
    n = draw(st.integers(min_value=5, max_value=120))
    seed = draw(st.integers(min_value=0, max_value=10_000))
    per = draw(st.integers(min_value=8, max_value=50))
    buildings, boundaries = city(n, seed, per_community=per)
    rng = random.Random(seed)
    if draw(st.booleans()):
        # Some very large buildings, some empty ones.
        buildings = [
            dataclasses.replace(b, households=rng.choice((0, 520, 800)))
            if rng.random() < 0.05
            else b
            for b in buildings
        ]
    return buildings, boundaries


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cities())
def test_it_keeps_every_grid_in_bounds_contiguous_and_inside_one_community(data) -> None:
    buildings, boundaries = data
    division = divide(buildings, B, boundaries, workers=1)
    by_id = {b.id: b for b in buildings}
    assigned = [b for g in division.grids for b in g.buildings]
    assert sorted(assigned) == sorted(by_id)  # every building in exactly one grid
    problem_communities = {p.community for p in division.problems}
    by_comm = defaultdict(list)
    for b in buildings:
        by_comm[b.community].append(b)
    graphs = {
        c: community_graph(m, B, boundaries.get(c))
        for c, m in by_comm.items()
        if any(b.households <= B.max for b in m)
    }
    codes = set()
    for g in division.grids:
        assert g.code not in codes
        codes.add(g.code)
        assert g.code.startswith(g.community) and len(g.code) == len(g.community) + 3
        assert {by_id[b].community for b in g.buildings} == {g.community}
        assert g.households == sum(by_id[b].households for b in g.buildings)
        if OVERSIZED in g.flags:
            assert len(g.buildings) == 1 and g.households > B.max
        elif not B.holds(g.households):
            # Never silently out of bounds: flagged, with the community's problem explained.
            assert {BELOW_MIN, ABOVE_MAX} & set(g.flags)
            assert g.community in problem_communities
        if OVERSIZED not in g.flags:
            # Cells of rectangular communities meet along borders: no grid of islands.
            if not any(b.households > B.max for b in by_comm[g.community]):
                assert DETACHED not in g.flags
            graph, ids = graphs[g.community]
            index = {b: i for i, b in enumerate(ids)}
            assert nx.is_connected(graph.subgraph([index[b] for b in g.buildings]))


@settings(max_examples=30, deadline=None)
@given(cities())
def test_it_splits_a_compound_only_when_needed_and_says_so(data) -> None:
    buildings, boundaries = data
    division = divide(buildings, B, boundaries, workers=1)
    totals: dict[str, int] = defaultdict(int)
    grids_of: dict[str, set[str]] = defaultdict(set)
    for b in buildings:
        if b.compound:
            totals[b.compound] += b.households
    for g in division.grids:
        for bid in g.buildings:
            b = next(x for x in buildings if x.id == bid)
            if b.compound:
                grids_of[b.compound].add(g.code)
    for compound, grids in grids_of.items():
        if len(grids) > 1 and totals[compound] <= B.max:
            # A compound that fits one grid was split: every grid holding it says so.
            flagged = [g for g in division.grids if g.code in grids]
            assert all(COMPOUND_SPLIT in g.flags or OVERSIZED in g.flags for g in flagged)


@settings(max_examples=25, deadline=None)
@given(cities())
def test_it_draws_polygons_without_overlaps_inside_each_community(data) -> None:
    buildings, boundaries = data
    division = divide(buildings, B, boundaries, workers=1)
    by_comm = defaultdict(list)
    for g in division.grids:
        by_comm[g.community].append(g)
    for code, grids in by_comm.items():
        shapes = [shape(g.boundary) for g in grids if g.boundary]
        community = shape(boundaries[code])
        union_area = sum(s.area for s in shapes)
        for i, a in enumerate(shapes):
            pp = grids[i].compactness
            assert pp is None or 0 <= pp <= 1.0 + 1e-9
            for b in shapes[i + 1 :]:
                assert a.intersection(b).area < 1e-10
        # No gaps: the grids tile the community.
        assert abs(union_area - community.area) < community.area * 1e-3


def overlapping_pairs(division) -> list[tuple[str, str, float]]:
    """Pairs of grids whose polygons overlap by more than about a square metre (1e-10 deg²:
    the centimetre rounding of shared borders stays below it), with the overlap's share of
    the smaller grid."""
    shapes = [shape(g.boundary) for g in division.grids]
    tree = shapely.STRtree(shapes)
    out = []
    for i, j in zip(*tree.query(shapes, predicate="intersects"), strict=True):
        if i < j and (common := shapes[i].intersection(shapes[j]).area) >= 1e-10:
            smaller = min(shapes[i].area, shapes[j].area)
            out.append((division.grids[i].code, division.grids[j].code, common / smaller))
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_it_tiles_a_town_without_community_boundaries_with_no_overlapping_grids(seed) -> None:
    # Communities' territories derived one by one (their buildings' hulls) overlapped, and
    # so did their grids: 9 pairs, up to 24 % of the smaller grid, on seed 3.
    buildings, _boundaries = city(400, seed, per_community=40)
    division = divide(buildings, B, workers=1)
    assert len({g.community for g in division.grids}) >= 8
    assert all(g.boundary and shape(g.boundary).is_valid for g in division.grids)
    assert overlapping_pairs(division) == []
    # Territories bend where communities meet; no grid is left in pieces by it.
    assert not [g.code for g in division.grids if DETACHED in g.flags]
    # Every building still lies in its own grid.
    polygon = {b: shape(g.boundary) for g in division.grids for b in g.buildings}
    assert all(shapely.dwithin(polygon[b.id], shapely.Point(b.lon, b.lat), 1e-6) for b in buildings)


def test_it_keeps_derived_territories_out_of_the_given_boundaries() -> None:
    buildings, boundaries = city(400, 3, per_community=40)
    given = dict(list(boundaries.items())[::2])  # every other community has its boundary
    division = divide(buildings, B, given, workers=1)
    assert overlapping_pairs(division) == []


def test_it_numbers_grids_west_to_east_north_to_south() -> None:
    # Four equal blocks of 400 households in a 2×2 square.
    buildings = [
        BuildingIn(f"b{i}{j}{k}", 120.0 + i * 0.01 + k * 1e-4, 28.0 - j * 0.01, 100, "330324001001")
        for i in range(2)
        for j in range(2)
        for k in range(4)
    ]
    division = divide(buildings, B, workers=1)
    first = {g.code: g.buildings[0][:3] for g in division.grids}
    assert first == {
        "330324001001001": "b00",
        "330324001001002": "b10",
        "330324001001003": "b01",
        "330324001001004": "b11",
    }


def test_it_explains_a_community_too_small_for_one_grid() -> None:
    buildings = [BuildingIn(f"b{i}", 120 + i * 1e-4, 28, 50, "C1") for i in range(5)]
    division = divide(buildings, B, workers=1)
    (problem,) = division.problems
    assert problem.reason == "too_small"
    assert "250 households, fewer than the minimum of 300" in problem.message
    assert "one grid of 250" in problem.proposal
    (grid,) = division.grids
    assert grid.households == 250 and BELOW_MIN in grid.flags


def test_it_explains_a_community_between_one_and_two_grids() -> None:
    buildings = [BuildingIn(f"b{i}", 120 + i * 1e-4, 28, 55, "C1") for i in range(10)]
    division = divide(buildings, B, workers=1)
    (problem,) = division.problems
    assert problem.reason == "no_count_fits"
    assert "550 households" in problem.message
    assert problem.proposed_min == 275 and problem.proposed_max == 500
    assert sorted(g.households for g in division.grids) == [275, 275]
    assert all(BELOW_MIN in g.flags for g in division.grids)


def test_it_makes_an_oversized_building_its_own_flagged_grid() -> None:
    buildings = [BuildingIn("big", 120, 28, 900, "C1")] + [
        BuildingIn(f"b{i}", 120 + (i + 1) * 1e-4, 28, 100, "C1") for i in range(8)
    ]
    division = divide(buildings, B, workers=1)
    big = next(g for g in division.grids if "big" in g.buildings)
    assert big.buildings == ["big"] and OVERSIZED in big.flags
    assert all(B.holds(g.households) for g in division.grids if g is not big)
    assert not division.problems


def test_it_splits_a_large_compound_into_as_few_grids_as_possible() -> None:
    # One compound of 12 × 70 = 840 households: two grids, not three.
    buildings = [
        BuildingIn(f"b{i:02d}", 120 + (i % 4) * 2e-4, 28 + (i // 4) * 2e-4, 70, "C1", "K")
        for i in range(12)
    ]
    division = divide(buildings, B, workers=1)
    assert len(division.grids) == 2
    assert all(B.holds(g.households) for g in division.grids)


@pytest.mark.parametrize(
    ("buildings", "bounds", "message"),
    [
        ([BuildingIn("a", 120, 28, 1, "C"), BuildingIn("a", 120, 28, 1, "C")], B, "more than once"),
        ([BuildingIn("a", 120, 28, -1, "C")], B, "negative"),
        ([BuildingIn("a", float("nan"), 28, 1, "C")], B, "no location"),
        ([BuildingIn("a", 120, 28, 1, "")], B, "no community"),
        ([BuildingIn("a", 120, 28, 1, "C")], Bounds(500, 300), "larger than the maximum"),
    ],
)
def test_it_refuses_bad_input(buildings, bounds, message) -> None:
    with pytest.raises(InputError, match=message):
        divide(buildings, bounds, workers=1)


def test_it_refuses_an_unknown_community() -> None:
    with pytest.raises(InputError, match="unknown community X"):
        divide([BuildingIn("a", 120, 28, 1, "X")], B, communities={"C"}, workers=1)


def test_it_redivides_keeping_most_households_in_their_grid() -> None:
    buildings, boundaries = city(600, 7)
    before = divide(buildings, B, boundaries, workers=1)
    current = before.assignment
    rng = random.Random(3)
    changed = []
    for b in buildings:
        r = rng.random()
        factor = 2.0 if r < 0.03 else 0.5 if r < 0.06 else rng.uniform(0.9, 1.1)
        changed.append(dataclasses.replace(b, households=min(int(b.households * factor), 490)))
    after = divide(
        changed, B, boundaries, current=current, reserved=set(current.values()), workers=1
    )
    scratch = divide(changed, B, boundaries, current=current, keep=False, workers=1)
    assert after.in_bounds_share(B) == 1.0
    assert 0 < after.moved_share < 0.25
    assert after.moved_share < scratch.moved_share
    # Untouched good grids keep their codes; new grids take unused codes.
    assert sum(1 for g in after.grids if g.code == g.previous) > len(after.grids) / 2
    assert len({g.code for g in after.grids}) == len(after.grids)


def test_it_runs_in_parallel_with_the_same_answer() -> None:
    buildings, boundaries = city(400, 5)
    one = divide(buildings, B, boundaries, workers=1)
    two = divide(buildings, B, boundaries, workers=2)
    assert one.assignment == two.assignment


def test_it_prefers_fewer_fuller_grids() -> None:
    # 900 households fit two grids (400 + 500) or three (3 × 300): every grid needs a worker.
    buildings = [BuildingIn(f"b{i}", 120 + i * 1e-4, 28, 100, "C1") for i in range(9)]
    division = divide(buildings, B, workers=1)
    assert sorted(g.households for g in division.grids) == [400, 500]


def test_it_places_buildings_that_share_a_spot() -> None:
    # Two buildings at one address (and one a few millimetres off) still join the graph.
    buildings = [
        BuildingIn(f"b{i}", 120 + (i % 5) * 3e-4, 28 + (i // 5) * 3e-4, 70, "C1") for i in range(10)
    ]
    buildings += [
        BuildingIn("twin", 120.0003, 28.0003, 60, "C1"),
        BuildingIn("near", 120.0006 + 6e-8, 28.0003, 60, "C1"),
    ]
    division = divide(buildings, B, workers=1)
    assert sorted(b for g in division.grids for b in g.buildings) == sorted(b.id for b in buildings)
    assert all(B.holds(g.households) for g in division.grids)


def test_it_explains_a_layout_no_contiguous_division_can_meet() -> None:
    # A street of 290, 20, 290, 290 households: no cut of a line makes grids of 300–500.
    buildings = [
        BuildingIn(f"b{i}", 120 + i * 1e-3, 28, h, "C1") for i, h in enumerate([290, 20, 290, 290])
    ]
    division = divide(buildings, B, workers=1)
    (problem,) = division.problems
    assert problem.reason == "layout"
    assert "290 households (building b0), 290 households (building b3)" in problem.message
    assert problem.proposed_min == 290 and problem.grids == 3
    flagged = [g for g in division.grids if not B.holds(g.households)]
    assert len(flagged) == 2 and all(BELOW_MIN in g.flags for g in flagged)


def test_it_repairs_a_division_by_moving_border_buildings() -> None:
    # A ring of ten buildings of 100 households cut badly into 200 + 800: moves along the
    # border bring both parts within [300, 500] and keep them contiguous.
    ring = nx.cycle_graph(10)
    parts = repair(ring, [100] * 10, [[0, 1], [2, 3, 4, 5, 6, 7, 8, 9]], 300, 500)
    assert sorted(100 * len(p) for p in parts) == [500, 500]
    assert all(nx.is_connected(ring.subgraph(p)) for p in parts)
    assert sorted(v for p in parts for v in p) == list(range(10))


@st.composite
def compound_cities(draw: st.DrawFn) -> list[BuildingIn]:
    """Walled compounds of 300–500 households on a street grid: a whole compound can always
    be a grid, so none needs to be split."""
    n = draw(st.integers(min_value=1, max_value=12))
    rng = random.Random(draw(st.integers(min_value=0, max_value=10_000)))
    out = []
    for c in range(n):
        total = rng.randint(B.min, B.max)
        k = rng.randint(2, 6)
        cuts = sorted(rng.sample(range(1, total), k - 1))
        sizes = [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]
        x0, y0 = 120 + (c % 4) * 2e-3, 28 + (c // 4) * 2e-3
        for i, hh in enumerate(sizes):
            out.append(
                BuildingIn(
                    f"K{c}B{i}",
                    x0 + rng.uniform(0, 2e-4),
                    y0 + rng.uniform(0, 2e-4),
                    hh,
                    "330324001001",
                    f"K{c}",
                )
            )
    return out


@settings(max_examples=30, deadline=None)
@given(compound_cities())
def test_it_splits_no_compound_that_needs_no_split(buildings) -> None:
    division = divide(buildings, B, workers=1)
    assert not division.problems
    for g in division.grids:
        assert B.holds(g.households) and not g.flags
        compounds = {b.split("B")[0] for b in g.buildings}
        # Every compound in a grid lies wholly in it.
        assert sum(1 for b in buildings if b.compound in compounds) == len(g.buildings)


@settings(max_examples=20, deadline=None)
@given(cities())
def test_it_finds_neighbours_exactly_as_comparing_every_pair_of_cells(data) -> None:
    buildings, boundaries = data
    by_comm = defaultdict(list)
    for b in buildings:
        by_comm[b.community].append(b)
    for code, members in by_comm.items():
        members = sorted(members, key=lambda b: b.id)
        lat0 = sum(b.lat for b in members) / len(members)
        xy = project(np.array([b.lon for b in members]), np.array([b.lat for b in members]), lat0)
        area = community_shape(boundaries.get(code), xy, Frame(lat0))
        small = [i for i, b in enumerate(members) if b.households <= B.max]
        if len(small) < 2:
            continue
        building_cells = cells(xy, area)[small]
        ends, _length = neighbours(xy[small], building_cells)
        found = {tuple(e) for e in ends.tolist()}
        # Every pair of cells compared as polygons: a border along a line, not a point.
        touching = {
            (i, j)
            for i in range(len(small))
            for j in range(i + 1, len(small))
            if building_cells[i] is building_cells[j]
            or shapely.relate_pattern(building_cells[i], building_cells[j], "****1****")
        }
        assert found - touching <= reconnected(found, touching, len(small))


def reconnected(found: set, touching: set, n: int) -> set:
    """Edges beyond touching cells are allowed only to join pieces the touching ones leave
    apart (across a gap too long, or cells meeting at a point)."""
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from(found & touching)
    extra = found - touching
    pieces = nx.number_connected_components(g)
    assert len(extra) <= pieces - 1
    return extra


def test_it_keeps_a_compound_whole_whose_buildings_are_not_neighbours() -> None:
    # A street: compound K's two buildings (150 each) stand apart, a small house between them;
    # keeping K whole means taking the house along (360), which fits.
    hh = [300, 150, 60, 150, 200, 150]
    compound = [None, "K", None, "K", None, None]
    buildings = [
        BuildingIn(f"b{i}", 120 + i * 3e-4, 28, h, "C1", c)
        for i, (h, c) in enumerate(zip(hh, compound, strict=True))
    ]
    division = divide(buildings, B, workers=1)
    grid_of = division.assignment
    assert grid_of["b1"] == grid_of["b3"]
    assert all(B.holds(g.households) for g in division.grids)


def test_it_joins_a_split_compound_across_a_border_the_tree_did_not_use() -> None:
    # Grids {0,1,2} and {3,4,5} on a ring of six; compound K is buildings 2 and 3. Moving 3
    # across keeps both grids in bounds and contiguous.
    ring = [[5, 1], [0, 2], [1, 3], [2, 4], [3, 5], [4, 0]]
    weights = [150, 150, 100, 100, 200, 200]
    compound = [None, None, "K", "K", None, None]
    parts = heal(ring, weights, [[0, 1, 2], [3, 4, 5]], compound, frozenset({"K"}), 300, 500)
    assert sorted(map(sorted, parts)) == [[0, 1, 2, 3], [4, 5]]


def test_it_matches_new_grids_to_old_ones_keeping_the_most_households() -> None:
    # Greedy would give new grid 0 old grid A (its largest overlap, 300) and leave new grid 1
    # with B (10): 310 stay. One to one at best: 0 → B (290) and 1 → A (280): 570 stay.
    overlap = {(0, "A"): 300, (0, "B"): 290, (1, "A"): 280, (1, "B"): 10}
    assert match(overlap) == {0: "B", 1: "A"}


def test_it_moves_a_border_building_back_into_its_grid_of_today() -> None:
    # A street of six buildings; today's grids: b0–b2 (A) and b3–b5 (B). The proposal put b2
    # with B's buildings; moving it back keeps both grids in bounds and contiguous.
    street = [[1], [0, 2], [1, 3], [2, 4], [3, 5], [4]]
    weights = [150, 150, 100, 100, 150, 150]
    old = ["A", "A", "A", "B", "B", "B"]
    parts = keep_households(
        street, weights, [[0, 1], [2, 3, 4, 5]], old, [None] * 6, frozenset(), 300, 500
    )
    assert sorted(map(sorted, parts)) == [[0, 1, 2], [3, 4, 5]]


def test_it_redivides_oversized_grids_moving_fewer_households_than_a_fresh_division() -> None:
    buildings, boundaries = city(600, 11)
    today = divide(buildings, Bounds(500, 900), boundaries, workers=1).assignment
    kept = divide(buildings, B, boundaries, current=today, workers=1)
    fresh = divide(buildings, B, boundaries, current=today, keep=False, workers=1)
    assert kept.in_bounds_share(B) == 1.0
    assert kept.moved_share < fresh.moved_share


def test_it_keeps_a_compound_too_large_for_a_grid_in_as_few_grids_as_it_needs() -> None:
    # Compound K (700 households) lies in three grids on a street; it needs two. Its
    # smallest piece (b2) joins the grid next to it holding K; both grids stay in bounds.
    street = [[1], [0, 2], [1, 3], [2, 4], [3, 5], [4]]
    weights = [150, 200, 100, 320, 200, 200]
    compound = [None, "K", "K", None, "K", "K"]
    parts = heal(street, weights, [[0, 1], [2, 3], [4, 5]], compound, frozenset(), 300, 500)
    held = {k for k, p in enumerate(parts) for v in p if compound[v] == "K"}
    assert len(held) == 2
    assert all(300 <= sum(weights[v] for v in p) <= 500 for p in parts)


def test_it_makes_a_unit_of_a_compound_that_fits_and_holds_together() -> None:
    """Mode 1's units: compound A (buildings 0, 1, 3, joined through 1–3) is one unit; B fits a
    grid but its buildings 2 and 4 touch only through A's, so each stays a unit of its own, as
    does a building outside any compound and one of a compound too large (not in `whole`)."""
    from areas.division.engine.search import compound_units

    compound = ["A", "A", "B", "A", "B", None, "C"]
    ends = np.array([[0, 1], [1, 3], [2, 3], [3, 4], [4, 5], [5, 6]])
    units = compound_units(compound, frozenset({"A", "B"}), ends)
    assert units == [[0, 1, 3], [2], [4], [5], [6]]


def test_it_ranks_a_division_splitting_a_compound_below_one_keeping_it_whole() -> None:
    """Split, and one piece more than its households need: both count against a division."""
    from areas.division.engine.search import Ranking

    weights = [200, 200, 200, 200]
    rank = Ranking(weights, ["A", "A", None, None], frozenset({"A"}), {"A": 1}, 300, 500, None)
    kept = [[0, 1], [2, 3]]
    split = [[0, 2], [1, 3]]
    assert rank.key(kept) < rank.key(split)
    assert rank.key(kept)[:3] == (0, 0, 2) and rank.key(split)[:3] == (1, 1, 2)


def test_it_flags_parts_out_of_the_bounds_and_a_fitting_compound_split() -> None:
    """A's 300 households fit a grid yet lie in two parts: both parts say so; B (600) is too
    large for one grid, so its split is no flag; sizes below and above the bounds are flagged."""
    from areas.division.engine.solver import part_flags

    weights = [150, 150, 100, 300, 300, 450]
    compound = ["A", "A", None, "B", "B", None]
    parts = [[0, 2], [1, 3], [4], [5]]
    assert part_flags(parts, weights, compound, B) == [
        [BELOW_MIN, COMPOUND_SPLIT],
        [COMPOUND_SPLIT],
        [],
        [],
    ]
    assert part_flags([[0, 1, 2, 3, 4, 5]], weights, compound, B) == [[ABOVE_MAX]]
