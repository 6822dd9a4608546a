"""A bulletin's figures, generated from the case indicators (`cases.indicators.compute`):
the area's month, its grids ranked, overdue cases by the unit holding them, and the trend.

Every count comes from the indicators' public functions, computed per area and period, so a
bulletin says what the indicators page says; the one query of its own lists the month's
overdue cases (few) to name their units. The answer is plain JSON, stored in the bulletin
and frozen with it when it is published.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db.models import F, Q

from areas.models import Area, grid_levels
from cases.indicators.compute import compute
from cases.indicators.selectors import bounds
from cases.models import Case
from cases.workflow import Level, Status, code_length

RANKED = 3  # grids named at the top and at the bottom
TREND_MONTHS = 6
VERSION = 1


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(month: dt.date) -> dt.date:
    """The last day of the month starting on `month`."""
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def previous_month(month: dt.date) -> dt.date:
    return month_start(month - dt.timedelta(days=1))


def _grid_row(row: Any, community: str) -> dict[str, Any]:
    return {
        "code": row.code,
        "name": row.name,
        "community": community,
        "reported": row.reported,
        "due": row.due,
        "closed": row.closed,
        "on_time": row.on_time,
        "closure_rate": row.closure_rate,
        "on_time_rate": row.on_time_rate,
        "average_rating": row.average_rating,
    }


def _rank_key(row: dict[str, Any]) -> tuple[float, float, int, str]:
    return (-(row["on_time_rate"] or 0.0), -(row["closure_rate"] or 0.0), -row["due"], row["code"])


def grids(area: Area, start: dt.datetime, end: dt.datetime) -> dict[str, Any]:
    """The grids with cases due in the month, best and worst by on-time closure rate (then
    closure rate, then cases due): a community's grids from its own indicators, a
    subdistrict's from each community's."""
    levels = set(grid_levels())
    if area.level == "community":
        communities = [area]
    else:
        communities = list(
            Area.objects.filter(parent=area, level="community", active=True).order_by("code")
        )
    rows: list[dict[str, Any]] = []
    for community in communities:
        report = compute(community, start, end)
        if not any(r.code != community.code for r in report.rows):
            continue  # a community without grids: nothing to rank
        children = {
            a.code for a in Area.objects.filter(parent=community, level__in=levels).only("code")
        }
        rows += [
            _grid_row(r, community.name)
            for r in report.rows
            if not r.own and r.code in children and r.due
        ]
    rows.sort(key=_rank_key)
    top = rows[:RANKED]
    rest = rows[len(top) :]
    bottom = list(reversed(rest[-RANKED:])) if rest else []
    return {"top": top, "bottom": bottom, "ranked": len(rows)}


def overdue_q(code: str, start: dt.datetime, end: dt.datetime) -> Q:
    """Cases of the area due in the month (their deadline in it) and not closed by it: the
    indicators' due cases less those closed on time."""
    return (
        Q(area_code__startswith=code, accepted_at__isnull=False)
        & Q(handle_due__gte=start, handle_due__lt=end)
        & ~Q(status__in=[Status.REJECTED, Status.MERGED])
        & (Q(closed_at__isnull=True) | Q(closed_at__gt=F("handle_due")))
    )


def overdue(area: Area, start: dt.datetime, end: dt.datetime) -> dict[str, Any]:
    """The month's overdue cases by the unit that holds them: the responsible department for
    a case at the district's level, else the grid, community or subdistrict of its level."""
    found = list(
        Case.objects.filter(overdue_q(area.code, start, end))
        .order_by()
        .values_list("area_code", "level", "category__department")
    )
    units: Counter[tuple[str, int]] = Counter()
    prefixes: set[str] = set()
    for code, level, department in found:
        if level == Level.DISTRICT:
            units[(department or "", level)] += 1
            continue
        prefix = code[: code_length(level)]
        prefixes.add(prefix)
        units[(prefix, level)] += 1
    names = dict(Area.objects.filter(code__in=prefixes).values_list("code", "name"))
    rows: list[dict[str, Any]] = [
        {
            "unit": names.get(key, key) if level != Level.DISTRICT else key,
            "level": level,
            "count": n,
        }
        for (key, level), n in units.items()
    ]
    rows.sort(key=lambda r: (-r["count"], r["level"], r["unit"]))
    return {"count": len(found), "units": rows}


def trend(area: Area, month: dt.date) -> list[dict[str, Any]]:
    """The area's totals month by month, the six months up to `month`."""
    months = [month]
    while len(months) < TREND_MONTHS:
        months.insert(0, previous_month(months[0]))
    out = []
    for first in months:
        total = compute(area, *bounds(first, month_end(first))).total
        out.append(
            {
                "month": first.strftime("%Y-%m"),
                "reported": total.reported,
                "due": total.due,
                "closed": total.closed,
                "on_time_rate": total.on_time_rate,
                "average_rating": total.average_rating,
            }
        )
    return out


def generate(area: Area, month: dt.date) -> dict[str, Any]:
    """The figures of `area`'s month (`month` is its first day), as stored in a bulletin."""
    start, end = bounds(month, month_end(month))
    report = compute(area, start, end)
    return {
        "version": VERSION,
        "area": {"code": area.code, "name": area.name, "level": area.level},
        "month": month.strftime("%Y-%m"),
        "total": report.total.as_dict(),
        "rows": [r.as_dict() for r in report.rows],
        "grids": grids(area, start, end),
        "overdue": overdue(area, start, end),
        "trend": trend(area, month),
    }
