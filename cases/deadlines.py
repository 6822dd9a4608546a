"""Deadlines in emergency hours, working hours or working days, with the holiday calendar.

Working hours default to 8:30–12:00 and 13:30–17:30 Asia/Shanghai
(`settings.LINLI_WORKING_HOURS` overrides). A day works when it is Monday–Friday and
not a holiday, or when it is a make-up working day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings

from cases.models import CalendarDay, DayKind, TimeUnit
from core.memo import SharedVersion
from core.timeutil import SHANGHAI

DEFAULT_WORKING_HOURS = (("08:30", "12:00"), ("13:30", "17:30"))
_VERSION = SharedVersion("cases:calendar:version")
_loaded: tuple[str, Calendar] | None = None


def _periods() -> list[tuple[dt.time, dt.time]]:
    raw = getattr(settings, "LINLI_WORKING_HOURS", DEFAULT_WORKING_HOURS)
    return [(dt.time.fromisoformat(a), dt.time.fromisoformat(b)) for a, b in raw]


class Calendar:
    """Holidays and make-up working days. `load()` keeps one per process until the calendar
    changes (`core.memo.SharedVersion`)."""

    def __init__(self, days: Iterable[tuple[dt.date, str]] = ()) -> None:
        self.holidays: set[dt.date] = set()
        self.workdays: set[dt.date] = set()
        for day, kind in days:
            (self.holidays if kind == DayKind.HOLIDAY else self.workdays).add(day)

    @classmethod
    def load(cls) -> Calendar:
        global _loaded
        version = _VERSION.get()
        found = _loaded
        if found is not None and found[0] == version:
            return found[1]
        cal = cls(CalendarDay.objects.values_list("date", "kind"))
        _loaded = (version, cal)
        return cal

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def next_working_day(self, day: dt.date) -> dt.date:
        day += dt.timedelta(days=1)
        for _ in range(400):
            if self.is_working_day(day):
                return day
            day += dt.timedelta(days=1)
        raise ValueError("no working day within a year")


def forget_calendar() -> None:
    global _loaded
    _VERSION.bump()
    _loaded = None


def add_working_hours(start: dt.datetime, hours: float, cal: Calendar) -> dt.datetime:
    left = dt.timedelta(hours=hours)
    local = start.astimezone(SHANGHAI)
    day = local.date()
    periods = _periods()
    for _ in range(4000):
        if cal.is_working_day(day):
            for a, b in periods:
                p_start = dt.datetime.combine(day, a, SHANGHAI)
                p_end = dt.datetime.combine(day, b, SHANGHAI)
                begin = max(p_start, local)
                if begin >= p_end:
                    continue
                if begin + left <= p_end:
                    return (begin + left).astimezone(dt.UTC)
                left -= p_end - begin
        day += dt.timedelta(days=1)
        local = dt.datetime.combine(day, dt.time(0), SHANGHAI)
    raise ValueError("deadline too far")


def add_working_days(start: dt.datetime, days: int, cal: Calendar) -> dt.datetime:
    """The end of the working day `days` working days after the start's day."""
    day = start.astimezone(SHANGHAI).date()
    for _ in range(days):
        day = cal.next_working_day(day)
    if days == 0 and not cal.is_working_day(day):
        day = cal.next_working_day(day)
    end = _periods()[-1][1]
    return dt.datetime.combine(day, end, SHANGHAI).astimezone(dt.UTC)


def deadline(
    start: dt.datetime, amount: int, unit: str, cal: Calendar | None = None
) -> dt.datetime:
    """`amount` `unit`s after `start` (UTC in, UTC out)."""
    if unit == TimeUnit.EMERGENCY_HOURS:
        return start + dt.timedelta(hours=amount)
    cal = cal or Calendar.load()
    if unit == TimeUnit.WORKING_HOURS:
        return add_working_hours(start, amount, cal)
    if unit == TimeUnit.WORKING_DAYS:
        return add_working_days(start, amount, cal)
    raise ValueError(f"unknown time unit {unit}")
