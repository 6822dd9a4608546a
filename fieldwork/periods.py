"""The visit rule's periods (每半年走访一遍): the year cut into equal runs of whole months,
`LINLI_VISIT_PERIOD_MONTHS` long (6 by default: January–June and July–December; 3 for
quarters, 12 for the year). Days are Asia/Shanghai's."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

from core import timeutil

DEFAULT_MONTHS = 6
DEFAULT_FAR_METRES = 300


def months() -> int:
    value = int(getattr(settings, "LINLI_VISIT_PERIOD_MONTHS", DEFAULT_MONTHS))
    return value if value in (1, 2, 3, 4, 6, 12) else DEFAULT_MONTHS


def far_metres() -> int:
    """A visit recorded further than this from the household's building is flagged."""
    return int(getattr(settings, "LINLI_VISIT_FAR_METRES", DEFAULT_FAR_METRES))


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # the last day, inclusive

    def days_left(self, on: dt.date) -> int:
        return (self.end - on).days + 1

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


def period_of(day: dt.date) -> Period:
    n = months()
    first = (day.month - 1) // n * n + 1
    start = dt.date(day.year, first, 1)
    after = first + n
    end = (
        dt.date(day.year + 1, 1, 1) if after > 12 else dt.date(day.year, after, 1)
    ) - dt.timedelta(days=1)
    return Period(start, end)


def current() -> Period:
    return period_of(timeutil.today())
