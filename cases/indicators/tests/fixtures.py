"""A hand-built month of cases with known indicators (March 2026, Asia/Shanghai).

East grid: 12 reported, 11 accepted; 10 due (应结案) of which 9 closed (结案) and 7 on
time (按期): closure rate 90 %, on-time rate 70 %; 8 handlings and 2 sent back: rework
25 %; ratings 5, 4, 3: average 4. Closed at grid 5, community 2, subdistrict 1,
district 1. West grid: 1 due, closed on time. One case sits on the east community
itself (outside its grid). Cases, handlings and ratings in February do not count.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cases.models import Case, CaseTransition, Category, Rating
from core.timeutil import SHANGHAI

START = dt.date(2026, 3, 1)
END = dt.date(2026, 3, 31)


def at(month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=SHANGHAI)


def _case(area: Any, **fields: Any) -> Case:
    values: dict[str, Any] = {
        "channel": "app",
        "category": Category.objects.get(code="S0101"),
        "description": "垃圾",
        "lon": 120.63,
        "lat": 28.005,
        "area": area,
        "area_code": area.code,
        "status": "reported",
        "reported_at": at(3, 2),
    }
    values.update(fields)
    return Case.objects.create(**values)


def build(world: Any) -> dict[str, Any]:
    grid = world.east_grid
    accepted = {"accepted_at": at(3, 2, 11)}
    closed = []
    # 7 on time: 6 due in March, one due in April but closed in March.
    for i, level in enumerate([0, 0, 0, 0, 0, 1, 1]):
        due = at(4, 10) if i == 6 else at(3, 20)
        closed.append(
            _case(
                grid,
                status="closed",
                handle_due=due,
                closed_at=at(3, 15),
                closed_level=level,
                **accepted,
            )
        )
    # 2 closed late (deadline in March, closed after it, still in March).
    for level in (2, 3):
        closed.append(
            _case(
                grid,
                status="closed",
                handle_due=at(3, 10),
                closed_at=at(3, 25),
                closed_level=level,
                **accepted,
            )
        )
    # 1 due in March and still open.
    late = _case(grid, status="in_progress", handle_due=at(3, 28), **accepted)
    # Not due: rejected; deadline in April and still open.
    _case(grid, status="rejected")
    _case(grid, status="dispatched", handle_due=at(4, 20), **accepted)
    # February: reported, accepted and closed then.
    old = _case(
        grid,
        status="closed",
        reported_at=at(2, 3),
        accepted_at=at(2, 3),
        handle_due=at(2, 10),
        closed_at=at(2, 9),
        closed_level=0,
    )
    # On the east community itself (outside its grid), just reported.
    _case(world.east, status="reported", outside_grid=True)
    # West grid: one due and closed on time.
    _case(
        world.west_grid,
        lon=120.61,
        status="closed",
        handle_due=at(3, 20),
        closed_at=at(3, 12),
        closed_level=0,
        **accepted,
    )
    moves = [("handle", at(3, 5))] * 8 + [("verify_fail", at(3, 6))] * 2
    moves += [("handle", at(2, 5)), ("accept", at(3, 2))]
    CaseTransition.objects.bulk_create(
        [
            CaseTransition(case=late, action=a, from_status="", to_status="", at=when)
            for a, when in moves
        ]
    )
    user = world.users["resident"]
    Rating.objects.bulk_create(
        [Rating(case=closed[i], user=user, score=s, at=at(3, 26)) for i, s in enumerate([5, 4, 3])]
        + [Rating(case=old, user=user, score=1, at=at(2, 20))]
    )
    return {"closed": closed, "late": late}
