"""The demo's 2026 calendar is the State Council's (国务院办公厅关于2026年部分节假日安排的通知,
4 November 2025): holidays and the weekend days that are worked instead."""

import datetime as dt
from typing import Any

from cases.deadlines import Calendar, deadline
from cases.demo import _calendar
from cases.models import CalendarDay, DayKind, TimeUnit
from core.timeutil import SHANGHAI

HOLIDAYS = {
    "元旦": ("2026-01-01", "2026-01-03"),
    "春节": ("2026-02-15", "2026-02-23"),
    "清明节": ("2026-04-04", "2026-04-06"),
    "劳动节": ("2026-05-01", "2026-05-05"),
    "端午节": ("2026-06-19", "2026-06-21"),
    "中秋节": ("2026-09-25", "2026-09-27"),
    "国庆节": ("2026-10-01", "2026-10-07"),
}
# Weekend days worked instead (上班): 4 Jan Sunday, 14 and 28 Feb Saturdays, 9 May
# Saturday, 20 Sep Sunday and 10 Oct Saturday.
WORKDAYS = ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]


def _days(first: str, last: str) -> list[dt.date]:
    start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


def test_it_loads_the_official_2026_holidays_and_make_up_working_days(db: Any) -> None:
    _calendar()
    holidays = [d for first, last in HOLIDAYS.values() for d in _days(first, last)]
    stored = CalendarDay.objects.filter(date__year=2026)
    assert sorted(stored.filter(kind=DayKind.HOLIDAY).values_list("date", flat=True)) == holidays
    assert sorted(stored.filter(kind=DayKind.WORKDAY).values_list("date", flat=True)) == [
        dt.date.fromisoformat(d) for d in WORKDAYS
    ]
    assert len(holidays) == 33
    cal = Calendar.load()
    assert not any(cal.is_working_day(d) for d in holidays)
    assert all(cal.is_working_day(dt.date.fromisoformat(d)) for d in WORKDAYS)
    # The weekdays around the Spring Festival work as usual.
    assert cal.is_working_day(dt.date(2026, 2, 13)) and cal.is_working_day(dt.date(2026, 2, 24))


def test_it_counts_working_days_across_the_spring_festival(db: Any) -> None:
    _calendar()
    # Friday 13 Feb + 1 working day: Saturday 14 Feb is worked; + 2: Tuesday 24 Feb.
    friday = dt.datetime(2026, 2, 13, 10, tzinfo=SHANGHAI)
    assert deadline(friday, 1, TimeUnit.WORKING_DAYS) == dt.datetime(
        2026, 2, 14, 17, 30, tzinfo=SHANGHAI
    )
    assert deadline(friday, 2, TimeUnit.WORKING_DAYS) == dt.datetime(
        2026, 2, 24, 17, 30, tzinfo=SHANGHAI
    )


def test_it_loads_the_2025_holidays_the_year_of_demo_cases_reaches_back_to(db: Any) -> None:
    _calendar()
    stored = CalendarDay.objects.filter(date__year=2025)
    assert stored.filter(kind=DayKind.HOLIDAY).count() == 1 + 8 + 3 + 5 + 3 + 8
    assert stored.get(date=dt.date(2025, 1, 29)).name == "春节"
    assert sorted(stored.filter(kind=DayKind.WORKDAY).values_list("date", flat=True)) == [
        dt.date(2025, 1, 26),
        dt.date(2025, 2, 8),
        dt.date(2025, 4, 27),
        dt.date(2025, 9, 28),
        dt.date(2025, 10, 11),
    ]
