"""A hand-made month of work (March 2026, Asia/Shanghai) with known figures, for the tests.

East worker W (`grid_worker`): handled 4 cases (3 closed on time, 1 late, 1 sent back),
reported 3, ratings 5, 4, 2 and 1 (the 1 with a comment: a complaint; the 2 without: not
one), visited 1 of the grid's 2 households, 2 patrols. West worker O (`outsider`): resolved
2 on the spot (both on time, no deadline), reported 1, one rating of 5, no visit, 1 patrol.
Work in February and April does not count.

With the weights below, W scores 81.00 and O 68.33."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cases.models import Case, CaseTransition, Category, Rating
from core.timeutil import SHANGHAI
from fieldwork.models import Patrol, Visit, VisitVisitor

MONTH = dt.date(2026, 3, 1)
WEIGHTS = {
    "handled": 20,
    "reported": 10,
    "on_time": 20,
    "rework": 10,
    "rating": 10,
    "visits": 10,
    "patrols": 10,
    "complaints": 10,
}


def at(month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=SHANGHAI)


def _case(grid: Any, **fields: Any) -> Case:
    values: dict[str, Any] = {
        "channel": "app",
        "category": Category.objects.get(code="S0101"),
        "description": "垃圾",
        "lon": 120.63,
        "lat": 28.005,
        "area": grid,
        "area_code": grid.code,
        "status": "reported",
        "reported_at": at(3, 2),
    }
    values.update(fields)
    return Case.objects.create(**values)


def _handled(grid: Any, worker: Any, *, due: dt.datetime | None, closed: dt.datetime) -> Case:
    case = _case(
        grid,
        status="closed",
        handler=worker,
        accepted_at=at(3, 2, 11),
        handle_due=due,
        closed_at=closed,
        closed_level=0,
    )
    CaseTransition.objects.create(
        case=case, action="handle", to_status="handled", actor=worker, at=closed
    )
    return case


def build(world: Any) -> dict[str, Any]:
    from cases.seed import seed_categories

    seed_categories(Category)
    w, o = world.users["grid_worker"], world.users["outsider"]
    east, west = world.east_grid, world.west_grid
    mine = [_handled(east, w, due=at(3, 20), closed=at(3, 10)) for _ in range(3)]
    mine.append(_handled(east, w, due=at(3, 5), closed=at(3, 12)))
    CaseTransition.objects.create(
        case=mine[0], action="verify_fail", to_status="dispatched", actor=None, at=at(3, 9)
    )
    for _ in range(3):
        _case(east, reporter=w)
    _case(east, reporter=w, reported_at=at(2, 27))  # February
    resident = world.users["resident"]
    for case, score, comment in zip(mine, (5, 4, 2, 1), ("", "好", "", "态度差"), strict=True):
        Rating.objects.create(case=case, user=resident, score=score, comment=comment, at=at(3, 21))
    for _ in range(2):
        case = _case(
            west,
            status="closed",
            handler=o,
            accepted_at=at(3, 3),
            closed_at=at(3, 3, 12),
            closed_level=0,
        )
        CaseTransition.objects.create(
            case=case, action="resolve_on_spot", to_status="closed", actor=o, at=at(3, 3, 12)
        )
    Rating.objects.create(case=case, user=resident, score=5, at=at(3, 22))
    _case(west, reporter=o)
    visit = Visit.objects.create(
        household=world.east_households[0],
        visited_on=dt.date(2026, 3, 5),
        kind="routine",
        by_posted_worker=True,
        recorded_by=w,
    )
    VisitVisitor.objects.create(visit=visit, user=w)
    for day in (4, 18):
        Patrol.objects.create(
            walker=w, grid=east, status="ended", started_at=at(3, day), ended_at=at(3, day, 11)
        )
    Patrol.objects.create(
        walker=w, grid=east, status="ended", started_at=at(4, 1), ended_at=at(4, 1, 11)
    )
    Patrol.objects.create(
        walker=o, grid=west, status="ended", started_at=at(3, 6), ended_at=at(3, 6, 11)
    )
    return {"w": w, "o": o, "mine": mine}
