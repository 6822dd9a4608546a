"""The roll-ups give exactly the numbers of a plain recount: random cases, history and
ratings, then random writes of every kind (saves, bulk updates, merges, rejections, reopening,
extensions, moves between areas, deletions) across days and areas; every field of every row
compared for several periods, on SQLite and PostgreSQL alike (the triggers are per database)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command

from cases import rollup
from cases.indicators.compute import compute, open_at, recount, series
from cases.indicators.selectors import bounds
from cases.models import (
    Case,
    CaseDayFigure,
    CaseLateFigure,
    CaseOpenFigure,
    CaseTransition,
    Category,
    Rating,
)
from cases.workflow import OPEN, Status
from core.timeutil import SHANGHAI, now

# Around New Year in Asia/Shanghai, with moments on and beside local and UTC midnights.
ORIGIN = dt.datetime(2026, 12, 20, tzinfo=SHANGHAI)
STATUSES = [s.value for s in Status]
ACTIONS = ["handle", "resolve_on_spot", "verify_fail", "accept", "dispatch", "close"]


def moment(rng: random.Random) -> dt.datetime:
    day = ORIGIN + dt.timedelta(days=rng.randrange(25))
    kind = rng.random()
    if kind < 0.15:
        return day  # local midnight
    if kind < 0.3:
        return day - dt.timedelta(seconds=1)  # 23:59:59 the day before
    if kind < 0.4:
        return day + dt.timedelta(hours=8)  # UTC midnight
    return day + dt.timedelta(seconds=rng.randrange(86400), microseconds=rng.randrange(2) * 500)


def maybe(rng: random.Random, chance: float = 0.7) -> dt.datetime | None:
    return moment(rng) if rng.random() < chance else None


def random_case(rng: random.Random, areas: list[Any], category: Category) -> Case:
    area = rng.choice(areas)
    reported = moment(rng)
    due = maybe(rng)
    return Case(
        channel="app",
        category=category,
        description="随机",
        lon=120.63,
        lat=28.0,
        area=area,
        area_code=area.code,
        status=rng.choice(STATUSES),
        reported_at=reported,
        accepted_at=maybe(rng),
        handle_due=due,
        # Sometimes exactly on the deadline.
        closed_at=due if due and rng.random() < 0.1 else maybe(rng, 0.5),
        closed_level=rng.choice([None, 0, 1, 2, 3]),
    )


def build(world: Any, seed: int) -> list[Any]:
    rng = random.Random(seed)
    areas = [world.east_grid, world.west_grid, world.east, world.subdistrict]
    category = Category.objects.get(code="S0101")
    user = get_user_model().objects.first()
    assert user is not None
    cases = Case.objects.bulk_create([random_case(rng, areas, category) for _ in range(60)])
    cases += [random_case(rng, areas, category) for _ in range(20)]
    for case in cases[60:]:
        case.save()
    CaseTransition.objects.bulk_create(
        CaseTransition(
            case=rng.choice(cases),
            action=rng.choice(ACTIONS),
            to_status="handled",
            at=moment(rng),
        )
        for _ in range(150)
    )
    Rating.objects.bulk_create(
        Rating(case=rng.choice(cases), user=user, score=rng.randint(1, 5), at=moment(rng))
        for _ in range(40)
    )
    for case in rng.sample(cases, 40):
        if case.pk is None:
            continue
        change = rng.randrange(8)
        if change == 0:  # closing (by save)
            case.closed_at, case.status = moment(rng), Status.CLOSED
            case.closed_level = rng.choice([0, 1, 2, 3])
            case.save()
        elif change == 1:  # an extension (bulk update, as the approvals do)
            Case.objects.filter(pk=case.pk).update(handle_due=moment(rng), extended=True)
        elif change == 2:  # merged or rejected
            Case.objects.filter(pk=case.pk).update(status=rng.choice(["merged", "rejected"]))
        elif change == 3:  # rework reopens
            case.closed_at, case.status = None, Status.IN_PROGRESS
            case.save(update_fields=["closed_at", "status"])
        elif change == 4:  # moved to another area (with its history and ratings)
            area = rng.choice(areas)
            Case.objects.filter(pk=case.pk).update(area=area, area_code=area.code)
        elif change == 5:  # a level change
            Case.objects.filter(pk=case.pk).update(closed_level=rng.choice([None, 0, 3]))
        elif change == 6:  # a rating changed, a history row moved to another case
            Rating.objects.filter(case=case).update(score=rng.randint(1, 5), at=moment(rng))
            other = rng.choice([c for c in cases if c.pk])
            CaseTransition.objects.filter(case=case).update(case=other)
        else:  # deleted, history and ratings with it
            case.delete()
    return areas


def periods() -> list[tuple[dt.date, dt.date]]:
    first = ORIGIN.date()
    new_year = dt.date(2027, 1, 1)
    return [
        (first, first + dt.timedelta(days=30)),
        (new_year, new_year),
        (dt.date(2026, 12, 31), dt.date(2026, 12, 31)),
        (dt.date(2026, 12, 25), new_year),
        (new_year, dt.date(2027, 1, 9)),
        (first - dt.timedelta(days=3), first + dt.timedelta(days=3)),
    ]


def assert_same(world: Any, areas: list[Any]) -> None:
    for area in [world.district, *areas[1:]]:
        for start, end in periods():
            fast = compute(area, *bounds(start, end))
            slow = recount(area, *bounds(start, end))
            where = f"{area.code} {start}..{end}"
            assert [r.as_dict() for r in fast.rows] == [r.as_dict() for r in slow.rows], where
            assert fast.total.as_dict() == slow.total.as_dict(), where


def table(model: Any) -> set[tuple[Any, ...]]:
    """A roll-up's rows without the zeros (a subtraction leaves a row of zeros behind)."""
    fields = [f.name for f in model._meta.fields if f.name != "id"]
    return {
        row
        for row in model.objects.values_list(*fields)
        if any(
            v
            for v, f in zip(row, fields, strict=True)
            if f not in ("area_code",) and isinstance(v, int)
        )
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_it_gives_the_numbers_of_a_recount(world: Any, seed: int) -> None:
    areas = build(world, seed)
    assert CaseDayFigure.objects.exists()
    assert_same(world, areas)


@pytest.mark.parametrize("seed", [5, 6])
def test_a_series_gives_each_periods_totals_and_the_cases_open_at_its_end(
    world: Any, seed: int
) -> None:
    """The trends' series (weeks, or periods of any length side by side) from the roll-ups:
    each span's total equals `compute`'s and the recount's, and its open cases at the end equal
    a count of the cases themselves, around New Year and up to today."""
    areas = build(world, seed)
    first = ORIGIN.date() - dt.timedelta(days=2)
    weeks = [
        (first + dt.timedelta(days=7 * i), first + dt.timedelta(days=7 * i + 6)) for i in range(5)
    ]
    spans = [*weeks, (dt.date(2026, 12, 31), dt.date(2027, 1, 1)), (first, dt.date(2027, 3, 1))]
    for area in [world.district, *areas]:
        for span in series(area, spans):
            since, until = bounds(span.first, span.last)
            where = f"{area.code} {span.first}..{span.last}"
            assert span.total.as_dict() == compute(area, since, until).total.as_dict(), where
            assert span.total.as_dict() == recount(area, since, until).total.as_dict(), where
            assert span.open_at_end == open_at(area, until), where


def test_it_rebuilds_what_the_triggers_kept(world: Any) -> None:
    build(world, 7)
    models = (CaseDayFigure, CaseLateFigure, CaseOpenFigure)
    kept = [table(m) for m in models]
    assert all(kept)
    call_command("rebuild_case_rollups", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [table(m) for m in models] == kept
    rollup.rebuild()
    assert [table(m) for m in models] == kept


@pytest.mark.parametrize("seed", [8, 9])
def test_the_open_roll_up_counts_the_open_cases_of_each_area(world: Any, seed: int) -> None:
    """Per area code: cases in an open status, and those neither closed, rejected nor merged,
    as a count of the cases gives them after the random writes."""
    build(world, seed)
    kept = {
        code: (n, m)
        for code, n, m in CaseOpenFigure.objects.values_list("area_code", "open", "unclosed")
        if n or m
    }
    counted: dict[str, tuple[int, int]] = {}
    for case in Case.objects.all():
        n, m = counted.get(case.area_code, (0, 0))
        n += case.status in OPEN
        m += case.closed_at is None and case.status not in ("rejected", "merged")
        counted[case.area_code] = (n, m)
    assert kept == {code: v for code, v in counted.items() if any(v)}


def test_it_recounts_a_period_that_is_not_whole_local_days(world: Any) -> None:
    areas = build(world, 4)
    start = ORIGIN + dt.timedelta(hours=3)
    end = ORIGIN + dt.timedelta(days=10, hours=3)
    fast, slow = compute(world.district, start, end), recount(world.district, start, end)
    assert fast.total.as_dict() == slow.total.as_dict()
    assert areas


@time_machine.travel(dt.datetime(2026, 12, 31, 23, 50, tzinfo=SHANGHAI), tick=False)
def test_it_counts_a_case_at_ten_to_midnight_on_new_years_eve_on_that_day(world: Any) -> None:
    category = Category.objects.get(code="S0101")
    grid = world.east_grid
    Case.objects.create(
        channel="app",
        category=category,
        description="跨年",
        lon=120.63,
        lat=28.0,
        area=grid,
        area_code=grid.code,
        status="accepted",
        reported_at=now(),
        accepted_at=now() + dt.timedelta(minutes=15),  # 00:05 on New Year's Day
    )
    eve = compute(world.east, *bounds(dt.date(2026, 12, 31), dt.date(2026, 12, 31))).total
    new_year = compute(world.east, *bounds(dt.date(2027, 1, 1), dt.date(2027, 1, 1))).total
    assert (eve.reported, eve.accepted) == (1, 0)
    assert (new_year.reported, new_year.accepted) == (0, 1)
