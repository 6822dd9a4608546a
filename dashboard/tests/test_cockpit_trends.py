"""Trends by week and month on frozen time (Asia/Shanghai), the last minutes of a year included."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine

from cases.indicators.compute import compute
from cases.indicators.selectors import bounds
from cases.indicators.tests.fixtures import _case
from core.timeutil import SHANGHAI
from dashboard.cockpit.trends import buckets, trends

NEW_YEARS_EVE = dt.datetime(2026, 12, 31, 23, 50, tzinfo=SHANGHAI)  # 15:50 UTC


def local(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def test_the_buckets_end_with_the_week_and_month_holding_the_day() -> None:
    weeks = buckets("week", dt.date(2026, 12, 31))  # a Thursday
    assert weeks[-1] == (dt.date(2026, 12, 28), dt.date(2027, 1, 3))
    assert len(weeks) == 12 and weeks[0][0] == dt.date(2026, 10, 12)
    months = buckets("month", dt.date(2026, 12, 31))
    assert months[-1] == (dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    assert months[0] == (dt.date(2026, 1, 1), dt.date(2026, 1, 31))
    assert buckets("month", dt.date(2026, 3, 1))[-2] == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))


def test_a_case_at_2345_on_new_years_eve_counts_in_december(world: Any) -> None:
    grid = world.east_grid
    late = _case(grid, reported_at=local(2026, 12, 31, 23, 45))  # 15:45 UTC, still 2026 here
    _case(grid, reported_at=local(2026, 12, 1, 0, 5), channel="patrol")  # 16:05 UTC on 30 Nov
    _case(grid, reported_at=local(2026, 11, 30, 23, 55), level=1)  # November
    closed = _case(
        grid,
        reported_at=local(2026, 12, 2, 9),
        accepted_at=local(2026, 12, 2, 10),
        handle_due=local(2026, 12, 10, 17),
        closed_at=local(2026, 12, 5, 9),
        status="closed",
        closed_level=0,
    )
    with time_machine.travel(NEW_YEARS_EVE, tick=False):
        months = trends(world.district, "month")
        weeks = trends(world.district, "week")
    december, november = months.buckets[-1], months.buckets[-2]
    assert (december.start, december.end) == (dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    assert december.reported == 3 and november.reported == 1
    assert december.by_channel == {"app": 2, "patrol": 1}
    assert november.by_level == {"1": 1}
    assert december.closed == 1 and december.on_time_rate == 1.0
    # Open at the end of each month: November's case and those of December but the closed one.
    assert november.open_at_end == 1 and december.open_at_end == 3
    last = weeks.buckets[-1]
    assert last.start == dt.date(2026, 12, 28) and last.reported == 1
    # The bucket's figures are the indicators' own for its dates.
    total = compute(world.district, *bounds(december.start, december.end)).total
    assert (december.reported, december.closed, december.due) == (
        total.reported,
        total.closed,
        total.due,
    )
    assert late.pk and closed.pk


def test_the_categories_are_the_top_ones(world: Any) -> None:
    from cases.models import Category

    child = Category.objects.filter(parent__isnull=False).select_related("parent").first()
    assert child is not None and child.parent is not None
    _case(world.east_grid, category=child, reported_at=local(2026, 12, 30, 9))
    with time_machine.travel(NEW_YEARS_EVE, tick=False):
        found = trends(world.district, "week")
    assert found.categories[0] == child.parent.label
