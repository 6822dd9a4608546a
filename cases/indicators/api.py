"""GET /api/v1/cases/indicators/: the indicators of an area per child area and period."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404
from ninja import Router, Schema, Status

from cases.indicators import permissions, selectors
from cases.indicators.compute import compute
from core.refusal import NotFound
from core.schemas import errors

router = Router(tags=["cases"])


class Levels(Schema):
    grid: float | None
    community: float | None
    subdistrict: float | None
    district: float | None


class Counts(Schema):
    grid: int
    community: int
    subdistrict: int
    district: int


class RowOut(Schema):
    area_code: str
    area_name: str
    own_area: bool
    reported: int
    accepted: int
    due: int
    closed: int
    on_time: int
    closure_rate: float | None
    on_time_rate: float | None
    handled: int
    rework: int
    rework_rate: float | None
    ratings: int
    average_rating: float | None
    closed_by_level: Counts
    level_shares: Levels


class IndicatorReportOut(Schema):
    area_code: str
    area_name: str
    start: dt.date
    end: dt.date
    total: RowOut
    rows: list[RowOut]


@router.get("/", response={200: IndicatorReportOut, **errors(400, 404)})
def indicators(
    request: Any, area: str = "", start: dt.date | None = None, end: dt.date | None = None
) -> Status:
    """Reported, accepted, due (应结案), closed (结案) and on time (按期结案) cases with the
    closure, on-time and rework rates, the average rating and the share closed at each
    level, per child area of `area` (default: the caller's widest area) for the local
    dates start..end inclusive (default: the last 30 days). Rates are 0–1, null when nothing
    was due."""
    user = request.auth if getattr(request, "auth", None) is not None else request.user
    if not permissions.may_see(user):
        raise NotFound("No indicators for you.")
    try:
        found = selectors.area_for(user, area.strip())
    except Http404:
        raise NotFound("No such area in your areas.") from None
    first, last = selectors.period(start, end)
    report = compute(found, *selectors.bounds(first, last))
    return Status(
        200,
        {
            "area_code": found.code,
            "area_name": found.name,
            "start": first,
            "end": last,
            "total": report.total.as_dict(),
            "rows": [r.as_dict() for r in report.rows],
        },
    )
