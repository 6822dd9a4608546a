"""The calendar as obligations see it: the month, quarter, half year or year holding a day.
Days are local (Asia/Shanghai): `core.timeutil.today()` is the day it is now."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from party.life.models import Frequency

MONTHS = {Frequency.MONTH: 1, Frequency.QUARTER: 3, Frequency.HALF_YEAR: 6, Frequency.YEAR: 12}


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date  # the last day, inclusive
    frequency: str

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @property
    def label(self) -> str:
        y, m = self.start.year, self.start.month
        if self.frequency == Frequency.MONTH:
            return _("%(year)d-%(month)02d") % {"year": y, "month": m}
        if self.frequency == Frequency.QUARTER:
            return _("Q%(quarter)d %(year)d") % {"quarter": (m - 1) // 3 + 1, "year": y}
        if self.frequency == Frequency.HALF_YEAR:
            return _("H%(half)d %(year)d") % {"half": (m - 1) // 6 + 1, "year": y}
        return str(y)

    def previous(self) -> Period:
        return period_of(self.start - dt.timedelta(days=1), self.frequency)

    def next(self) -> Period:
        return period_of(self.end + dt.timedelta(days=1), self.frequency)


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + n
    return index // 12, index % 12 + 1


def period_of(day: dt.date, frequency: str) -> Period:
    """The period of `frequency` that holds `day`."""
    length = MONTHS[Frequency(frequency)]
    month = (day.month - 1) // length * length + 1
    start = dt.date(day.year, month, 1)
    y, m = _add_months(day.year, month, length)
    return Period(start, dt.date(y, m, 1) - dt.timedelta(days=1), frequency)


def recent(day: dt.date, frequency: str, n: int) -> list[Period]:
    """The `n` periods up to and including the one holding `day`, oldest first."""
    found = [period_of(day, frequency)]
    while len(found) < n:
        found.append(found[-1].previous())
    return found[::-1]
