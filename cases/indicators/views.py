"""The indicators page: a table per child area and a chart, for a chosen period."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from areas.models import Area
from cases.indicators import permissions, selectors
from cases.indicators.compute import LEVELS, compute
from cases.indicators.fieldwork import card as fieldwork_card
from cases.workflow import Level
from core.http import AuthedRequest
from core.timeutil import today
from fieldwork import periods
from fieldwork.selectors import visits as coverage


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    if not permissions.may_see(request.user):
        raise Http404
    area = selectors.area_for(request.user, request.GET.get("area", "").strip())
    error = ""
    try:
        start, end = selectors.period(
            selectors.parse_date(request.GET.get("start", ""), pgettext("period", "Start")),
            selectors.parse_date(request.GET.get("end", ""), _("End")),
        )
    except selectors.PeriodError as exc:
        error = str(exc)
        start, end = selectors.period(None, None)
    report = compute(area, *selectors.bounds(start, end))
    fieldwork = fieldwork_card(report, *selectors.bounds(start, end))
    chart = {
        "names": [r.name for r in report.rows],
        "series": [
            {"name": _("Closure rate"), "data": [_pct(r.closure_rate) for r in report.rows]},
            {
                "name": _("On-time closure rate"),
                "data": [_pct(r.on_time_rate) for r in report.rows],
            },
            {"name": _("Rework rate"), "data": [_pct(r.rework_rate) for r in report.rows]},
        ],
        "levels": [str(Level(level).label) for level in LEVELS],
        "shares": [[_pct(r.level_shares[level]) for r in report.rows] for level in LEVELS],
    }
    return render(
        request,
        "indicators/index.html",
        {
            "report": report,
            "ancestors": [a for a in area.ancestors() if permissions.may_see(request.user, a.code)],
            "start": start,
            "end": end,
            "error": error,
            "presets": selectors.presets(today()),
            "levels": [(level, Level(level).label) for level in LEVELS],
            "chart": chart,
            "fieldwork": fieldwork,
            "has_own_row": any(r.own for r in report.rows),
            "api_url": f"/api/v1/cases/indicators/?area={area.code}&start={start}&end={end}",
            "visits": visit_coverage(area),
        },
        status=400 if error else 200,
    )


def visit_coverage(area: Area) -> dict[str, Any] | None:
    """Household visit coverage of the running period under `area` (fieldwork's figures, two
    queries): by community under a subdistrict or above, else by grid; None without grids."""
    period = periods.current()
    grids = coverage.grid_figures([area.code], period)
    if not grids:
        return None
    rows = (
        grids
        if area.level not in ("district", "subdistrict")
        else coverage.community_figures(grids)
    )
    total = coverage.Figure(
        area.code, area.name, sum(g.households for g in grids), sum(g.visited for g in grids)
    )
    return {"period": period, "rows": rows, "total": total}


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)
