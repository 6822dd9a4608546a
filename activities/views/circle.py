"""The 15-minute service circle's pages: what lies near a household or a point, and a
community's coverage by kind (the engine is `areas.nearby`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode

from activities import permissions
from activities.circle import selectors
from areas import selectors as area_selectors
from areas.location import clean_point
from areas.models import Area
from areas.nearby import circle, kinds
from areas.views.browse import map_legend
from core.refusal import Invalid


def _minutes(request: Any) -> int:
    try:
        return circle.clean_minutes(request.GET.get("minutes"))
    except Invalid:
        return circle.minute_choices()[-1]


def _switch(request: Any, minutes: int) -> list[tuple[int, str, bool]]:
    """The 10/15-minute switch: each choice's link, keeping the rest of the query."""
    out = []
    for m in circle.minute_choices():
        query = {k: v for k, v in request.GET.items() if k != "minutes"}
        query["minutes"] = str(m)
        out.append((m, "?" + urlencode(query), m == minutes))
    return out


@login_required
def near(request: Any) -> HttpResponse:
    """What lies within the circle's walk: of one's own household (a resident), or of a
    household or a point on the map (staff), by kind with the walking minutes."""
    user = request.user
    if not permissions.may_use_circle(user):
        raise Http404
    minutes = _minutes(request)
    answer, origin, error = None, "", ""
    code = request.GET.get("household", "")
    if code:
        household = selectors.household(user, code)
        answer, origin = selectors.near_household(household, minutes), household.address
    elif request.GET.get("lon") and permissions.may_circle_point(user):
        try:
            lon, lat = clean_point(request.GET.get("lon"), request.GET.get("lat"))
        except Invalid as exc:
            error = str(exc.message)
        else:
            answer, origin = selectors.near_point(lon, lat, minutes), f"{lon:.5f}, {lat:.5f}"
    elif (mine := permissions.own_household(user)) is not None:
        answer, origin = selectors.near_household(mine, minutes), mine.address
    context: dict[str, Any] = {
        "answer": answer,
        "origin": origin,
        "error": error,
        "minutes": minutes,
        "switch": _switch(request, minutes),
        "staff": permissions.may_circle_point(user),
        "tile_url": settings.LINLI_TILE_URL,
        "may_see_coverage": permissions.may_see_coverage(user),
    }
    if answer is not None:
        context["layers"] = selectors.near_layers(user, answer, origin)
    else:
        codes = permissions.circle_area_codes(user)
        area = Area.objects.filter(code__in=codes).order_by("code").first()
        if area is None:
            area = Area.objects.filter(parent=None).order_by("code").first()
        if area is not None:
            layers = area_selectors.map_layers(area, Area.objects.filter(parent=area), [])
            layers.update(area_selectors.geography_layers(user, area))
            layers["legend"] = map_legend()
            context["layers"] = layers
    return render(request, "activities/circle.html", context)


@login_required
def coverage(request: Any) -> HttpResponse:
    """A community's coverage: the share of its households with each kind inside the
    circle, and the map of one kind with the buildings outside it in red."""
    user = request.user
    if not permissions.may_see_coverage(user):
        raise Http404
    choices = selectors.communities(user)
    code = request.GET.get("community") or (choices[0].code if choices else "")
    community = selectors.community(user, code)
    minutes = _minutes(request)
    cov = circle.coverage(community, minutes=minutes)
    rows = [k for k in cov.kinds if k.places]
    kind = kinds.get(request.GET.get("kind", ""))
    if kind is None:
        kind = min(rows, key=lambda k: k.share).kind if rows else None
    return render(
        request,
        "activities/circle_coverage.html",
        {
            "community": community,
            "communities": choices,
            "cov": cov,
            "rows": cov.kinds,
            "kind": kind,
            "minutes": minutes,
            "switch": _switch(request, minutes),
            "layers": selectors.coverage_layers(user, cov, kind) if kind else None,
            "tile_url": settings.LINLI_TILE_URL,
        },
    )
