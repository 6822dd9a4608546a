from __future__ import annotations

from typing import Any

import pytest

from cases.indicators.compute import compute, recount
from cases.indicators.selectors import bounds
from cases.indicators.tests.fixtures import END, START, build


def test_it_counts_due_closed_and_on_time_cases(world: Any) -> None:
    build(world)
    report = compute(world.east, *bounds(START, END))
    grid, own = report.rows
    assert grid.code == world.east_grid.code
    assert (grid.reported, grid.accepted) == (12, 11)
    assert (grid.due, grid.closed, grid.on_time) == (10, 9, 7)
    assert grid.closure_rate == pytest.approx(0.9)
    assert grid.on_time_rate == pytest.approx(0.7)


def test_it_counts_rework_over_handlings_and_ratings(world: Any) -> None:
    build(world)
    grid = compute(world.east, *bounds(START, END)).rows[0]
    assert (grid.handled, grid.rework) == (8, 2)
    assert grid.rework_rate == pytest.approx(0.25)
    assert grid.ratings == 3
    assert grid.average_rating == pytest.approx(4.0)


def test_it_shares_closings_by_level(world: Any) -> None:
    build(world)
    grid = compute(world.east, *bounds(START, END)).rows[0]
    assert grid.by_level == {0: 5, 1: 2, 2: 1, 3: 1}
    shares = grid.level_shares
    assert shares[0] == pytest.approx(5 / 9)
    assert sum(v for v in shares.values() if v is not None) == pytest.approx(1.0)


def test_it_keeps_cases_on_the_parent_area_in_their_own_row(world: Any) -> None:
    build(world)
    _grid, own = compute(world.east, *bounds(START, END)).rows
    assert own.own is True
    assert own.code == world.east.code
    assert own.reported == 1
    assert own.due == 0


def test_it_totals_the_child_areas(world: Any) -> None:
    build(world)
    report = compute(world.subdistrict, *bounds(START, END))
    east, west = report.rows
    assert (east.code, west.code) == (world.east.code, world.west.code)
    assert east.reported == 13  # the grid's 12 and the one on the community itself
    assert (west.due, west.closed, west.on_time) == (1, 1, 1)
    assert (report.total.due, report.total.closed, report.total.on_time) == (11, 10, 8)
    assert report.total.closure_rate == pytest.approx(10 / 11)


def test_it_answers_none_for_rates_with_nothing_due(world: Any) -> None:
    report = compute(world.east_grid, *bounds(START, END))
    (row,) = report.rows
    assert row.due == 0
    assert row.closure_rate is None
    assert row.rework_rate is None
    assert row.average_rating is None


def test_it_leaves_other_periods_out(world: Any) -> None:
    import datetime as dt

    build(world)
    feb = compute(world.east, *bounds(dt.date(2026, 2, 1), dt.date(2026, 2, 28))).rows[0]
    assert (feb.reported, feb.due, feb.closed, feb.handled, feb.ratings) == (1, 1, 1, 1, 1)


def test_it_uses_a_fixed_number_of_queries(world: Any, django_assert_num_queries: Any) -> None:
    build(world)
    with django_assert_num_queries(3):  # the children, the day and the late roll-ups
        compute(world.subdistrict, *bounds(START, END))
    with django_assert_num_queries(4):  # the children, cases, history, ratings
        recount(world.subdistrict, *bounds(START, END))
