"""Visit coverage: by grid, community and worker in the running period; the households due a
visit; the period follows the setting; the home line agrees with the list."""

from __future__ import annotations

import datetime as dt
from typing import Any

from accounts.roles import Role
from fieldwork import periods
from fieldwork.models import Visit, VisitKind, VisitVisitor
from fieldwork.selectors import home
from fieldwork.selectors import visits as selectors


def visit(household: Any, user: Any, day: dt.date, posted: bool = True) -> Visit:
    v = Visit.objects.create(
        household=household,
        visited_on=day,
        kind=VisitKind.ROUTINE,
        found="ok",
        recorded_by=user,
        by_posted_worker=posted,
    )
    VisitVisitor.objects.create(visit=v, user=user)
    return v


def test_it_cuts_the_year_in_half_years_or_as_set(settings: Any) -> None:
    assert periods.period_of(dt.date(2026, 5, 20)) == periods.Period(
        dt.date(2026, 1, 1), dt.date(2026, 6, 30)
    )
    assert periods.period_of(dt.date(2026, 7, 1)).end == dt.date(2026, 12, 31)
    settings.LINLI_VISIT_PERIOD_MONTHS = 3
    assert periods.period_of(dt.date(2026, 5, 20)) == periods.Period(
        dt.date(2026, 4, 1), dt.date(2026, 6, 30)
    )
    settings.LINLI_VISIT_PERIOD_MONTHS = 5  # not a divisor of the year: half-years
    assert periods.period_of(dt.date(2026, 5, 20)).start == dt.date(2026, 1, 1)


def test_it_counts_households_visited_by_posted_workers_in_the_period(world: Any) -> None:
    worker = world.users["grid_worker"]
    staff = world.users["community_staff"]
    east = world.east_households
    visit(east[0], worker, dt.date(2026, 3, 1))
    visit(east[0], worker, dt.date(2026, 4, 1))  # twice: one household
    visit(east[1], staff, dt.date(2026, 4, 1), posted=False)  # not by the grid's worker
    visit(world.west_households[0], world.users["outsider"], dt.date(2025, 12, 31))  # before
    figures = selectors.coverage(world.users["subdistrict_staff"])
    grids = {g.code: (g.households, g.visited) for g in figures["grids"]}
    assert grids == {world.east_grid.code: (2, 1), world.west_grid.code: (2, 0)}
    communities = {c.code: (c.households, c.visited) for c in figures["communities"]}
    assert communities == {world.east.code: (2, 1), world.west.code: (2, 0)}
    workers = {(w.name, w.detail): (w.households, w.visited) for w in figures["workers"]}
    assert workers == {("东网格员", "东第1网格"): (2, 1), ("西网格员", "西第1网格"): (2, 0)}
    assert figures["total"].share == 0.25


def test_it_computes_the_grids_in_two_queries(world: Any, django_assert_num_queries: Any) -> None:
    period = periods.current()
    with django_assert_num_queries(2):
        selectors.grid_figures([world.subdistrict.code], period)


def test_it_scopes_coverage_to_the_users_areas(world: Any) -> None:
    figures = selectors.coverage(world.users["grid_worker"])
    assert [g.code for g in figures["grids"]] == [world.east_grid.code]
    assert selectors.coverage(world.users["grid_worker"], world.west.code)["grids"] == []
    assert selectors.coverage(world.users["resident"])["grids"] == []


def test_it_lists_the_households_due_a_visit_never_visited_first(world: Any) -> None:
    worker = world.users["grid_worker"]
    east = world.east_households
    visit(east[0], worker, dt.date(2025, 10, 1))  # last period: due again
    due = list(selectors.overdue(worker))
    assert [h.code for h in due] == [east[1].code, east[0].code]
    assert due[1].last_visit == dt.date(2025, 10, 1)
    visit(east[0], worker, dt.date(2026, 5, 1))
    assert [h.code for h in selectors.overdue(worker)] == [east[1].code]


def test_its_home_line_counts_the_list_it_links_to(world: Any, login: Any) -> None:
    worker = world.users["grid_worker"]
    visit(world.east_households[0], worker, dt.date(2026, 5, 1))
    [line] = home.visits_due(worker)
    assert line.count == 1 and not line.urgent
    page = login(worker).get(line.url)
    assert page.status_code == 200
    assert page.context["page"].paginator.count == line.count
    assert home.visits_due(world.users["community_staff"]) == []


def test_its_home_line_is_urgent_in_the_periods_last_month(world: Any) -> None:
    import time_machine

    from core.timeutil import SHANGHAI

    with time_machine.travel(dt.datetime(2026, 6, 10, 9, tzinfo=SHANGHAI), tick=False):
        [line] = home.visits_due(world.users["grid_worker"])
    assert line.urgent and line.count == 2


def test_a_part_time_worker_is_posted_too(world: Any) -> None:
    part = world.user(Role.GRID_WORKER_PART, world.east_grid)
    visit(world.east_households[0], part, dt.date(2026, 5, 1))
    workers = {
        w.name: w.visited for w in selectors.coverage(world.users["community_staff"])["workers"]
    }
    assert workers[part.name] == 1 and workers["东网格员"] == 0
