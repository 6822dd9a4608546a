"""Opening hours as people write them, and back: "一至五 08:30-17:30；六 09:00-12:00".

Stored as seven entries from Monday, each ["HH:MM", "HH:MM"] or None (closed). A part names
days (一 … 日 or 1 … 7, a range 一至五 / 1-5, a list 六、日, or 每天) and one time range; days
not named are closed."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils.translation import gettext_lazy as _

DAY_ZH = "一二三四五六日"
DAY_NAMES = {**{c: i for i, c in enumerate(DAY_ZH)}, "天": 6, **{str(i + 1): i for i in range(7)}}
EVERY_DAY = ("每天", "每日", "daily")
_RANGE = re.compile(r"^(\d{1,2}):(\d{2})\s*[-–~～至到]\s*(\d{1,2}):(\d{2})$")
_DAYS = re.compile(r"^(.+?)\s*[-–~～至到]\s*(.+)$")

Hours = list[list[str] | None]


class HoursError(ValueError):
    def __init__(self, message: Any) -> None:
        self.message = message
        super().__init__(str(message))


def _time(h: str, m: str) -> dt.time:
    hour, minute = int(h), int(m)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise HoursError(_("Write times as 08:30-17:30."))
    return dt.time(hour, minute)


def _days(spec: str) -> list[int]:
    spec = spec.strip().removeprefix("周").removeprefix("星期")
    if spec.lower() in EVERY_DAY:
        return list(range(7))
    found: list[int] = []
    for part in re.split(r"[、,，/]+", spec):
        part = part.strip().removeprefix("周").removeprefix("星期")
        ranged = _DAYS.match(part)
        if ranged:
            a, b = (DAY_NAMES.get(x.strip().removeprefix("周")) for x in ranged.groups())
            if a is None or b is None or a > b:
                raise HoursError(_("Name days as 一至五 or 1-5."))
            found.extend(range(a, b + 1))
        elif part in DAY_NAMES:
            found.append(DAY_NAMES[part])
        else:
            raise HoursError(_("Name days as 一至五 or 1-5."))
    return found


def parse(text: str) -> Hours:
    """The week's hours from text; raises HoursError with a reason."""
    week: Hours = [None] * 7
    parts = [p.strip() for p in re.split(r"[;；\n]+", text or "") if p.strip()]
    if not parts:
        raise HoursError(_("Give the opening hours, e.g. 一至五 08:30-17:30；六 09:00-12:00."))
    for part in parts:
        bits = part.rsplit(None, 1)
        if len(bits) != 2:
            raise HoursError(_("Give the opening hours, e.g. 一至五 08:30-17:30；六 09:00-12:00."))
        days, span = bits
        found = _RANGE.match(span.strip())
        if not found:
            raise HoursError(_("Write times as 08:30-17:30."))
        opens, closes = _time(*found.groups()[:2]), _time(*found.groups()[2:])
        if opens >= closes:
            raise HoursError(_("A venue closes after it opens."))
        for day in _days(days):
            if week[day] is not None:
                raise HoursError(_("A day is named twice."))
            week[day] = [opens.strftime("%H:%M"), closes.strftime("%H:%M")]
    return week


def text(week: Any) -> str:
    """The stored week as text, neighbouring days with the same hours joined (一至五)."""
    week = list(week or []) + [None] * 7
    out: list[str] = []
    day = 0
    while day < 7:
        hours = week[day]
        last = day
        while last + 1 < 7 and week[last + 1] == hours:
            last += 1
        if hours:
            days = DAY_ZH[day] if day == last else f"{DAY_ZH[day]}至{DAY_ZH[last]}"
            out.append(f"{days} {hours[0]}-{hours[1]}")
        day = last + 1
    return "；".join(out)
