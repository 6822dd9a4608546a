import datetime as dt
from typing import Any

import pytest
import time_machine

from cases.deadlines import Calendar, deadline
from cases.models import CalendarDay, DayKind, TimeUnit
from cases.tests.helpers import report
from core.timeutil import SHANGHAI


def sh(y: int, m: int, d: int, h: int, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, h, mi, tzinfo=SHANGHAI)


FRIDAY_1630 = sh(2026, 11, 20, 16, 30)


def test_it_counts_emergency_hours_round_the_clock() -> None:
    assert deadline(FRIDAY_1630, 2, TimeUnit.EMERGENCY_HOURS) == sh(2026, 11, 20, 18, 30)


def test_it_counts_working_hours_over_the_weekend_and_lunch() -> None:
    cal = Calendar()
    assert deadline(FRIDAY_1630, 4, TimeUnit.WORKING_HOURS, cal) == sh(2026, 11, 23, 11, 30)
    # 11:00 + 2 working hours skips the lunch break (12:00–13:30).
    assert deadline(sh(2026, 11, 23, 11), 2, TimeUnit.WORKING_HOURS, cal) == sh(
        2026, 11, 23, 14, 30
    )


def test_it_skips_holidays_and_works_make_up_days() -> None:
    holiday = Calendar([(dt.date(2026, 11, 23), DayKind.HOLIDAY)])
    assert deadline(FRIDAY_1630, 4, TimeUnit.WORKING_HOURS, holiday) == sh(2026, 11, 24, 11, 30)
    makeup = Calendar([(dt.date(2026, 11, 21), DayKind.WORKDAY)])
    assert deadline(FRIDAY_1630, 4, TimeUnit.WORKING_HOURS, makeup) == sh(2026, 11, 21, 11, 30)


def test_it_ends_working_days_at_the_close_of_the_last_day() -> None:
    cal = Calendar([(dt.date(2026, 11, 24), DayKind.HOLIDAY)])
    assert deadline(sh(2026, 11, 20, 10), 2, TimeUnit.WORKING_DAYS, cal) == sh(2026, 11, 25, 17, 30)


def test_it_starts_after_hours_reports_the_next_morning() -> None:
    cal = Calendar()
    assert deadline(sh(2026, 11, 23, 20), 1, TimeUnit.WORKING_HOURS, cal) == sh(2026, 11, 24, 9, 30)


@pytest.mark.django_db
def test_it_sets_case_deadlines_from_the_category_and_the_stored_calendar(world: Any) -> None:
    CalendarDay.objects.create(date=dt.date(2026, 11, 23), kind=DayKind.HOLIDAY, name="test")
    with time_machine.travel(FRIDAY_1630, tick=False):
        case = report(world, code="S0101")  # accept 2 working hours, handle 4 working hours
    assert case.accept_due == sh(2026, 11, 24, 9, 30)
    assert case.due_at == case.accept_due
