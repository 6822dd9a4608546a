"""The dashboard's API under /api/v1/dashboard/cockpit/: a level's figures, the map layer, the
hotspots with the recurring places, the trends and the other domains' cards. Every answer is
for an area in the caller's reach (404 otherwise, as the page) and says its period."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema, Status

from cases.indicators.api import RowOut
from cases.indicators.selectors import bounds
from core.refusal import Invalid
from core.schemas import errors
from core.timeutil import today
from dashboard.api import router
from dashboard.cockpit import cards, figures, hotspots, selectors, trends


def _user(request: Any) -> Any:
    return request.auth if getattr(request, "auth", None) is not None else request.user


class CockpitUnitOut(Schema):
    area_code: str
    area_name: str
    level: str
    households: int
    open: int
    reported_per_100: float | None
    figures: RowOut


class CockpitViewOut(Schema):
    area_code: str
    area_name: str
    level: str
    start: dt.date
    end: dt.date
    open: int
    total: RowOut
    children: list[CockpitUnitOut]


@router.get("/cockpit/view", response={200: CockpitViewOut, **errors(400, 404)})
def level_view(
    request: Any, area: str = "", start: dt.date | None = None, end: dt.date | None = None
) -> Status:
    """A level's figures (district, subdistrict, community or grid; default the caller's
    widest area) for the local dates start..end inclusive (default the last 30 days): the
    case indicators' total and one row per child area, with households, cases reported per 100
    households and cases open now. The figures are the indicators' (`/cases/indicators/`)."""
    found = selectors.area_for(_user(request), area)
    first, last = selectors.period(start, end)
    report, units, open_now = figures.view(found, *bounds(first, last))
    return Status(
        200,
        {
            "area_code": found.code,
            "area_name": found.name,
            "level": found.level,
            "start": first,
            "end": last,
            "open": open_now,
            "total": report.total.as_dict(),
            "children": [_unit(u) for u in units],
        },
    )


def _unit(u: figures.Unit) -> dict[str, Any]:
    return {
        "area_code": u.area.code,
        "area_name": u.area.name,
        "level": u.area.level,
        "households": u.households,
        "open": u.open,
        "reported_per_100": u.reported_per_100,
        "figures": u.row.as_dict(),
    }


class CockpitMapUnitOut(Schema):
    code: str
    name: str
    value: float | None
    shown: str
    colour: str


class CockpitClassOut(Schema):
    low: float
    high: float
    label: str
    colour: str


class CockpitMapOut(Schema):
    area_code: str
    start: dt.date
    end: dt.date
    indicator: str
    label: str
    units: list[CockpitMapUnitOut]
    legend: list[CockpitClassOut]


@router.get("/cockpit/map", response={200: CockpitMapOut, **errors(400, 404)})
def map_layer(
    request: Any,
    area: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
    indicator: str = "",
    unit: str = "",
) -> Status:
    """The map layer: each unit's value of `indicator` (reported_per_100, on_time_rate,
    closure_rate, average_rating, open, rework_rate; rates 0–1), its colour and the legend's
    classes (quantiles). The units are the area's children, or with `unit=grid` every grid
    under a district or subdistrict. Boundaries: `/api/v1/areas/`."""
    found = selectors.area_for(_user(request), area)
    first, last = selectors.period(start, end)
    key = selectors.indicator(indicator)
    if unit not in ("", "grid"):
        raise Invalid("unit is empty or grid.", "unit")
    units = figures.map_units(found, *bounds(first, last), grids=unit == "grid")
    layer = figures.layer(units, key)
    return Status(
        200,
        {"area_code": found.code, "start": first, "end": last, **layer},
    )


class CockpitCountOut(Schema):
    name: str
    n: int


class CockpitWeekOut(Schema):
    week: dt.date
    n: int


class CockpitHotspotOut(Schema):
    lon: float
    lat: float
    density: float
    cases: int
    categories: list[CockpitCountOut]
    weeks: list[CockpitWeekOut]
    case_ids: list[int]


class CockpitPlaceOut(Schema):
    name: str
    category: str
    cases: int
    weeks: int
    first: dt.date
    last: dt.date
    lon: float
    lat: float
    case_ids: list[int]


class CockpitHotspotsOut(Schema):
    area_code: str
    start: dt.date
    end: dt.date
    category: str
    method: str
    cases: int
    hotspots: list[CockpitHotspotOut]
    recurring: list[CockpitPlaceOut]


@router.get("/cockpit/hotspots", response={200: CockpitHotspotsOut, **errors(400, 404)})
def hotspot_list(
    request: Any,
    area: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
    category: str = "",
) -> Status:
    """Hotspots of the cases reported in the period (of the category code `category` and its
    sub-categories, or all): peaks of a Gaussian kernel density, each with its cases within
    the radius by category and week; and the recurring places, buildings or spots with cases
    of one category in several weeks. `case_ids` open at `/api/v1/cases/{id}`."""
    found = selectors.area_for(_user(request), area)
    first, last = selectors.period(start, end)
    spots, places, n = hotspots.analyse(found, *bounds(first, last), category.strip()[:20])
    return Status(
        200,
        {
            "area_code": found.code,
            "start": first,
            "end": last,
            "category": category,
            "method": (
                f"Gaussian kernel density, bandwidth {hotspots.BANDWIDTH_M:.0f} m on "
                f"{hotspots.CELL_M:.0f} m cells; a peak of at least {hotspots.MIN_CASES:.0f} "
                f"cases' worth; cases within {hotspots.RADIUS_M:.0f} m. Recurring: one category "
                f"at one building or ~30 m spot in {hotspots.MIN_WEEKS}+ weeks."
            ),
            "cases": n,
            "hotspots": [
                {
                    "lon": h.lon,
                    "lat": h.lat,
                    "density": h.density,
                    "cases": h.cases,
                    "categories": [{"name": c, "n": k} for c, k in h.categories],
                    "weeks": [{"week": w, "n": k} for w, k in h.weeks],
                    "case_ids": h.case_ids,
                }
                for h in spots
            ],
            "recurring": [vars(p) for p in places],
        },
    )


class CockpitSeriesOut(Schema):
    key: str
    n: int


class CockpitBucketOut(Schema):
    start: dt.date
    end: dt.date
    reported: int
    closed: int
    due: int
    open_at_end: int
    on_time_rate: float | None
    average_rating: float | None
    ratings: int
    by_category: list[CockpitSeriesOut]
    by_channel: list[CockpitSeriesOut]
    by_level: list[CockpitSeriesOut]


class CockpitTrendsOut(Schema):
    area_code: str
    by: str
    buckets: list[CockpitBucketOut]


@router.get("/cockpit/trends", response={200: CockpitTrendsOut, **errors(400, 404)})
def trend_list(request: Any, area: str = "", by: str = "", end: dt.date | None = None) -> Status:
    """The last 12 weeks (Monday to Sunday) or months (`by=week|month`) up to the one holding
    `end` (default today, Asia/Shanghai): reported, closed, due, open at the bucket's end, the
    on-time closure rate (0–1) and the average rating (the indicators' figures per bucket), and
    cases reported by top category, channel and level (0 grid … 3 district)."""
    found = selectors.area_for(_user(request), area)
    step = selectors.step(by)
    answer = trends.trends(found, step, end or today())
    return Status(
        200,
        {
            "area_code": found.code,
            "by": step,
            "buckets": [
                {
                    **{
                        k: getattr(b, k)
                        for k in CockpitBucketOut.model_fields
                        if not k.startswith("by_")
                    },
                    "by_category": _series(b.by_category),
                    "by_channel": _series(b.by_channel),
                    "by_level": _series(b.by_level),
                }
                for b in answer.buckets
            ],
        },
    )


def _series(found: dict[str, int]) -> list[dict[str, Any]]:
    return [{"key": k, "n": n} for k, n in found.items()]


class CockpitVisitsOut(Schema):
    start: dt.date
    end: dt.date
    households: int
    visited: int
    share: float | None


class CockpitCampaignOut(Schema):
    name: str
    total: int
    settled: int
    share: float | None


class CockpitVolunteeringOut(Schema):
    year: int
    orders: int
    confirmed: int
    hours: float
    volunteers: int
    wishes: int
    wishes_confirmed: int


class CockpitActivityOut(Schema):
    activity: str
    credits: int
    points: int


class CockpitPointsOut(Schema):
    year: int
    credits: int
    earned: int
    by_activity: list[CockpitActivityOut]
    awaiting_pickup: int


class CockpitPartyOut(Schema):
    organisations: int
    held: int
    late: int
    missing: int
    due: int
    share: float | None


class CockpitCardsOut(Schema):
    area_code: str
    visits: CockpitVisitsOut
    campaigns: list[CockpitCampaignOut]
    volunteering: CockpitVolunteeringOut
    points: CockpitPointsOut
    party: CockpitPartyOut


@router.get("/cockpit/cards", response={200: CockpitCardsOut, **errors(404)})
def card_list(request: Any, area: str = "") -> Status:
    """The other domains' cards for the area, from their own apps' figures: household visit
    coverage of the running half-year, screening campaigns' progress, volunteer orders and
    hours and points earned this year (in the area, within the caller's own areas), and 三会一课
    compliance of the organisations under the area over the last three periods."""
    user = _user(request)
    found = selectors.area_for(user, area)
    c = cards.cards(user, found)
    return Status(200, {"area_code": found.code, **vars(c)})
