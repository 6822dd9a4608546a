"""A level's figures and the map's coloured layer. Every case figure is the indicators' own
(`cases.indicators.compute.compute`): the dashboard never counts cases its own way, so its
numbers equal the indicators page's and follow its fast path."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Sum
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from areas import selectors as area_selectors
from areas.models import Area
from cases.indicators.compute import Report, Row, compute
from cases.models import CaseOpenFigure

# Which level a view is, and which units its map colours by default.
ABOVE_COMMUNITY = ("district", "subdistrict")


@dataclass(frozen=True)
class Indicator:
    key: str
    label: Any
    unit: str  # "%", "" or "/100"
    higher_is_better: bool


INDICATORS = {
    i.key: i
    for i in (
        Indicator("reported_per_100", _("Cases reported per 100 households"), "", False),
        Indicator("on_time_rate", _("On-time closure rate"), "%", True),
        Indicator("closure_rate", _("Closure rate"), "%", True),
        Indicator("average_rating", pgettext_lazy("case", "Average rating"), "", True),
        Indicator("open", _("Open cases"), "", False),
        Indicator("rework_rate", _("Rework rate"), "%", False),
    )
}
DEFAULT_INDICATOR = "reported_per_100"

# Five classes, light to dark; "good" indicators read the other way (low is the warning).
PALETTE = ["#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000"]
NO_VALUE = "#e4e7ec"


@dataclass
class Unit:
    """One coloured area of the map, with its figures."""

    area: Area
    row: Row
    households: int
    open: int

    @property
    def reported_per_100(self) -> float | None:
        return self.row.reported * 100 / self.households if self.households else None

    def value(self, key: str) -> float | None:
        if key == "open":
            return float(self.open)
        if key == "reported_per_100":
            return self.reported_per_100
        found = getattr(self.row, key)
        return None if found is None else float(found)


def open_counts(code: str, width: int) -> dict[str, int]:
    """Cases open now under `code`, per area-code prefix of `width`: the open roll-up's rows
    (one per area code with open cases, kept by the triggers), summed per prefix."""
    rows = (
        CaseOpenFigure.objects.filter(area_code__startswith=code)
        .annotate(prefix=Substr("area_code", 1, width))
        .order_by()
        .values_list("prefix")
        .annotate(n=Sum("open"))
    )
    return {prefix: n for prefix, n in rows if n}


def units_of(report: Report, opened: dict[str, int] | None = None) -> list[Unit]:
    """The report's child rows as map units, with households and open cases (`opened`, the
    open counts per child code when the caller has them)."""
    children = [r for r in report.rows if not r.own and r.code != report.area.code]
    if not children:
        return []
    areas = {a.code: a for a in Area.objects.filter(code__in=[r.code for r in children])}
    kids = area_selectors.with_counts(report.area, [areas[r.code] for r in children])
    if opened is None:
        opened = open_counts(report.area.code, len(children[0].code))
    return [
        Unit(a, r, getattr(a, "household_count", 0), opened.get(r.code, 0))
        for a, r in zip(kids, children, strict=True)
    ]


def view(area: Area, start: dt.datetime, end: dt.datetime) -> tuple[Report, list[Unit], int]:
    """The level's report (the indicators'), its children as units, and cases open now."""
    report = compute(area, start, end)
    # One grouped count gives the children's open cases and, summed, the area's.
    opened = open_counts(area.code, len(report.rows[0].code)) if report.rows else {}
    return report, units_of(report, opened), sum(opened.values())


def map_units(
    area: Area, start: dt.datetime, end: dt.datetime, *, grids: bool, report: Report | None = None
) -> list[Unit]:
    """The units the map colours: the view's children, or every grid under the area (one
    indicators report per community, so the figures are the indicators' own)."""
    if not grids or area.level not in (*ABOVE_COMMUNITY, "community"):
        if area.level == "grid":
            return []
        return units_of(report or compute(area, start, end))
    if area.level == "community":
        return units_of(report or compute(area, start, end))
    units: list[Unit] = []
    communities = Area.objects.filter(
        code__startswith=area.code, level="community", active=True
    ).order_by("code")
    for community in communities:
        units += units_of(compute(community, start, end))
    return units


@dataclass
class Class:
    low: float
    high: float
    colour: str


def classes(values: list[float], higher_is_better: bool) -> list[Class]:
    """Up to five equal-count classes (quantiles) of the values; the warning colour on the
    bad side."""
    found = sorted(values)
    if not found:
        return []
    n = min(len(PALETTE), len(set(found)))
    cuts = [found[min(len(found) - 1, (len(found) * i) // n)] for i in range(n)] + [found[-1]]
    out: list[Class] = []
    for i in range(n):
        low, high = cuts[i], cuts[i + 1]
        if out and low <= out[-1].high and high <= out[-1].high:
            continue
        out.append(Class(low, high, ""))
    palette = PALETTE if len(out) == len(PALETTE) else _spread(len(out))
    if higher_is_better:
        palette = list(reversed(palette))
    for c, colour in zip(out, palette, strict=True):
        c.colour = colour
    return out


def _spread(n: int) -> list[str]:
    if n == 1:
        return [PALETTE[2]]
    return [PALETTE[round(i * (len(PALETTE) - 1) / (n - 1))] for i in range(n)]


def colour_of(value: float | None, found: list[Class]) -> str:
    if value is None:
        return NO_VALUE
    for c in found:
        if value <= c.high:
            return c.colour
    return found[-1].colour if found else NO_VALUE


def shown(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "%":
        return f"{value * 100:.1f}%"
    return f"{value:.1f}" if value != int(value) else str(int(value))


def layer(units: list[Unit], key: str) -> dict[str, Any]:
    """The map's values for `key`: each unit's value, shown value and colour, and the
    legend's classes."""
    indicator = INDICATORS[key]
    values = {u.area.code: u.value(key) for u in units}
    found = classes([v for v in values.values() if v is not None], indicator.higher_is_better)
    return {
        "indicator": key,
        "label": str(indicator.label),
        "units": [
            {
                "code": u.area.code,
                "name": u.area.name,
                "value": values[u.area.code],
                "shown": shown(values[u.area.code], indicator.unit),
                "colour": colour_of(values[u.area.code], found),
            }
            for u in units
        ],
        "legend": [
            {
                "low": c.low,
                "high": c.high,
                "label": f"{shown(c.low, indicator.unit)} – {shown(c.high, indicator.unit)}",
                "colour": c.colour,
            }
            for c in found
        ],
    }
