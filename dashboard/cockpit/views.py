"""The dashboard page (驾驶舱) of a district, subdistrict, community or grid: figures, the map
coloured by a chosen indicator, trends and the other domains' cards; a leader drills down child
by child to a grid's cases and a case. The parts that scan cases or reach into other apps — the
hotspots and recurring places, the trends' breakdowns by category, channel and level, and the
other work's cards — are sections of their own (`part`) that the page loads after its first
paint, so the page itself reads only the roll-ups and a few small queries."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from areas import selectors as area_selectors
from areas.models import Area, Building
from areas.views.browse import map_legend
from cases.indicators.compute import LEVELS
from cases.indicators.selectors import bounds, parse_date, presets
from cases.permissions import is_desk_user
from cases.workflow import Level
from core.http import AuthedRequest
from core.refusal import Refusal
from core.timeutil import today
from dashboard import permissions
from dashboard.cockpit import cards, figures, hotspots, selectors, trends

MAP_BUILDINGS_MAX = 3000


def _feature(area: Area, **props: Any) -> dict[str, Any]:
    return {"type": "Feature", "geometry": area.boundary, "properties": props}


def map_data(
    user: Any, area: Area, units: list[figures.Unit], layer: dict[str, Any], q: str
) -> dict[str, Any]:
    """The area map's layers (areas.selectors) with the units coloured, named and linked to
    their own dashboard, the grids' boundaries, and the user's own areas to highlight."""
    units_by_code = {u["code"]: u for u in layer["units"]}
    kids = [u.area for u in units]
    buildings: list[Building] = []
    if area.level in ("community", "grid"):
        buildings = list(
            Building.objects.filter(
                Q(grid__code__startswith=area.code) | Q(community__code=area.code)
            ).only("code", "name", "lon", "lat", "floors", "footprint")[:MAP_BUILDINGS_MAX]
        )
    data = area_selectors.map_layers(area, kids, buildings)
    for f in data["children"]["features"]:
        code = f["properties"]["code"]
        shown = units_by_code.get(code, {})
        f["properties"].update(
            url=f"{reverse('dashboard:cockpit')}?area={code}&{q}",
            fill=shown.get("colour", figures.NO_VALUE),
            label=f"{f['properties']['name']} {shown.get('shown', '')}",
        )
    data.update(area_selectors.geography_layers(user, area))
    data["names_on_map"] = True
    data["legend"] = map_legend()
    grids = []
    if kids and kids[0].level != "grid":
        grids = [
            _feature(g, name=g.name, code=g.code)
            for g in Area.objects.filter(
                code__startswith=area.code, level="grid", active=True, boundary__isnull=False
            ).only("code", "name", "boundary")
        ]
    data["grids"] = {"type": "FeatureCollection", "features": grids}
    own = [
        _feature(a, name=a.name, code=a.code)
        for a in Area.objects.filter(code__in=selectors.own_codes(user), boundary__isnull=False)
    ]
    data["own"] = {"type": "FeatureCollection", "features": own}
    return data


def _linked(ids: list[int], named: dict[int, Any]) -> list[Any]:
    return [named[pk] for pk in ids[:10] if pk in named]


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def trend_chart(found: trends.Trends) -> dict[str, Any]:
    """The trends' series for ECharts (the same numbers as the tables under them)."""
    names = [
        f"{b.start:%m-%d}" if found.by == "week" else f"{b.start:%Y-%m}" for b in found.buckets
    ]
    b = found.buckets
    return {
        "names": names,
        "flow": [
            {"name": _("Cases reported"), "data": [x.reported for x in b]},
            {"name": _("Cases closed"), "data": [x.closed for x in b]},
            {"name": _("Open at the end"), "data": [x.open_at_end for x in b]},
        ],
        "rates": [
            {"name": _("On-time closure rate"), "data": [_pct(x.on_time_rate) for x in b]},
        ],
        "ratings": [
            {
                "name": pgettext("case", "Average rating"),
                "data": [
                    None if x.average_rating is None else round(x.average_rating, 2) for x in b
                ],
            }
        ],
        "categories": [
            {"name": c, "data": [x.by_category.get(c, 0) for x in b]} for c in found.categories
        ],
        "channels": [
            {"name": label, "data": [x.by_channel.get(v, 0) for x in b]}
            for v, label in found.channels
            if any(x.by_channel.get(v) for x in b)
        ],
        "levels": [
            {"name": label, "data": [x.by_level.get(v, 0) for x in b]} for v, label in found.levels
        ],
    }


FLOW_CHARTS = (("flow", "line"), ("rates", "line"), ("ratings", "line"))
BREAKDOWN_CHARTS = (("categories", "bar"), ("channels", "bar"), ("levels", "bar"))
CHARTS = FLOW_CHARTS + BREAKDOWN_CHARTS


def chart_tables(
    chart: dict[str, Any], charts: tuple[tuple[str, str], ...] = CHARTS
) -> list[dict[str, Any]]:
    """Each trend chart as a table: a row a bucket, a column a series (the page's <details>)."""
    titles = {
        "flow": _("Reported, closed and open cases"),
        "rates": _("On-time closure rate (%)"),
        "ratings": pgettext("case", "Average rating"),
        "categories": _("Cases reported by category"),
        "channels": _("Cases reported by channel"),
        "levels": _("Cases reported by level"),
    }
    out = []
    for key, kind in charts:
        series = chart[key]
        out.append(
            {
                "key": key,
                "kind": kind,
                "title": titles[key],
                "headers": [s["name"] for s in series],
                "rows": [
                    (name, [s["data"][i] for s in series]) for i, name in enumerate(chart["names"])
                ],
            }
        )
    return out


def _asked(get: Any) -> tuple[dt.date, dt.date, str, str]:
    """The period, the indicator and the trends' step a request asks for; Refusal (400)."""
    start, end = selectors.period(
        parse_date(get.get("start", ""), pgettext("period", "Start")),
        parse_date(get.get("end", ""), _("End")),
    )
    return (
        start,
        end,
        selectors.indicator(get.get("indicator", "")),
        selectors.step(get.get("by", "")),
    )


def _url(
    name: str, area: Area, start: dt.date, end: dt.date, key: str, by: str, category: str
) -> str:
    """The page's or its hotspot section's URL for the same area, period and choices."""
    asked = {"area": area.code, "start": start, "end": end, "indicator": key, "by": by}
    if category:
        asked["category"] = category
    return f"{reverse(name)}?{urlencode(asked)}"


def hotspot_context(
    user: Any, area: Area, start: dt.date, end: dt.date, category: str
) -> dict[str, Any]:
    """The hotspot section's own figures: the hotspots and recurring places, each with the
    cases the user may see linked, and the hotspots' circles for the map."""
    spots, places, n_points = hotspots.analyse(area, *bounds(start, end), category)
    named = selectors.cases_by_id(
        user,
        [pk for h in spots for pk in h.case_ids[:10]]
        + [pk for p in places for pk in p.case_ids[:10]],
    )
    return {
        "hotspots": [(h, _linked(h.case_ids, named)) for h in spots],
        "places": [(p, _linked(p.case_ids, named)) for p in places],
        "n_points": n_points,
        "category": category,
        "categories": selectors.top_categories(),
        "method": hotspots,
        "map_hotspots": {
            "radius": hotspots.RADIUS_M,
            "label": _("Hotspot"),
            "points": [{"lon": h.lon, "lat": h.lat, "cases": h.cases} for h in spots],
        },
    }


@login_required
def cockpit(request: AuthedRequest) -> HttpResponse:
    user = request.user
    get = request.GET
    try:
        area = selectors.area_for(user, get.get("area", ""))
    except Refusal:
        raise Http404 from None
    error = ""
    try:
        start, end, key, by = _asked(get)
    except Refusal as exc:
        error = str(exc)
        start, end = selectors.period(None, None)
        key, by = figures.DEFAULT_INDICATOR, "week"
    category = get.get("category", "").strip()[:20]
    grid_units = get.get("unit", "") == "grid"
    since, until = bounds(start, end)
    report, units, open_now = figures.view(area, since, until)
    shown_units = (
        figures.map_units(area, since, until, grids=True, report=report)
        if grid_units and area.level in figures.ABOVE_COMMUNITY
        else units
    )
    layer = figures.layer(shown_units, key)
    q = f"start={start}&end={end}&indicator={key}&by={by}" + ("&unit=grid" if grid_units else "")
    drawn = map_data(user, area, shown_units, layer, q)
    found_trends = trends.trends(area, by, end, breakdowns=False)
    chart = trend_chart(found_trends)
    grid_cases = selectors.grid_cases(user, area, since, until) if area.level == "grid" else []
    return render(
        request,
        "cockpit/index.html",
        {
            "area": area,
            "report": report,
            "units": units,
            "open_now": open_now,
            "ancestors": [a for a in area.ancestors() if permissions.may_see_cockpit(user, a.code)],
            "start": start,
            "end": end,
            "error": error,
            "presets": presets(today()),
            "q": q,
            "indicator": key,
            "indicators": figures.INDICATORS.values(),
            "by": by,
            "unit_grid": grid_units,
            "above_community": area.level in figures.ABOVE_COMMUNITY,
            "layer": layer,
            "map": drawn,
            "tile_url": settings.LINLI_TILE_URL,
            "tile_attribution": settings.LINLI_TILE_ATTRIBUTION,
            "hotspots_url": _url("dashboard:hotspots", area, start, end, key, by, category),
            "breakdowns_url": _url("dashboard:breakdowns", area, start, end, key, by, category),
            "cards_url": _url("dashboard:cards", area, start, end, key, by, category),
            "trends": found_trends,
            "trend_chart": {k: chart[k] for k in ("names", *dict(FLOW_CHARTS))},
            "trend_tables": chart_tables(chart, FLOW_CHARTS),
            "grid_cases": grid_cases,
            "desk": is_desk_user(user),
            "levels": [(level, Level(level).label) for level in LEVELS],
            "api_url": f"/api/v1/dashboard/cockpit/view?area={area.code}&start={start}&end={end}",
        },
        status=400 if error else 200,
    )


def breakdown_context(
    user: Any, area: Area, start: dt.date, end: dt.date, category: str, by: str
) -> dict[str, Any]:
    """The trends' breakdowns (cases reported by category, channel and level per bucket),
    each chart with its table."""
    found = trends.trends(area, by, end, flow=False)
    chart = trend_chart(found)
    return {
        "trend_chart": {k: chart[k] for k in ("names", *dict(BREAKDOWN_CHARTS))},
        "trend_tables": chart_tables(chart, BREAKDOWN_CHARTS),
    }


def cards_context(
    user: Any, area: Area, start: dt.date, end: dt.date, category: str, by: str
) -> dict[str, Any]:
    return {"cards": cards.cards(user, area)}


PARTS = {
    "hotspots": lambda user, area, start, end, category, by: hotspot_context(
        user, area, start, end, category
    ),
    "breakdowns": breakdown_context,
    "cards": cards_context,
}


@login_required
def part(request: AuthedRequest, name: str) -> HttpResponse:
    """A section of the page that cockpit.js fetches after the first paint (`PARTS`: the
    hotspots' density over the period's cases takes a second or two at a million cases, the
    breakdowns scan the trends' range, the cards ask five other apps), scoped and checked like
    the page. A link followed in the browser (no JavaScript) gets it as a page."""
    get = request.GET
    try:
        area = selectors.area_for(request.user, get.get("area", ""))
    except Refusal:
        raise Http404 from None
    try:
        start, end, key, by = _asked(get)
    except Refusal as exc:
        return HttpResponse(
            exc.message, status=exc.status, content_type="text/plain; charset=utf-8"
        )
    category = get.get("category", "").strip()[:20]
    context = {
        "area": area,
        "start": start,
        "end": end,
        "indicator": key,
        "by": by,
        "partial": f"cockpit/_{name}.html",
        **PARTS[name](request.user, area, start, end, category, by),
    }
    if request.headers.get("Sec-Fetch-Dest") == "document":
        context["page_url"] = _url("dashboard:cockpit", area, start, end, key, by, category)
        response = render(request, "cockpit/part.html", context)
    else:
        response = render(request, context["partial"], context)
    patch_vary_headers(response, ["Sec-Fetch-Dest"])
    return response
