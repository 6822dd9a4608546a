"""The 15-minute service circle in the API: what lies within the walk of a household (one's
own, or one seen in the registers) or of a point (staff), and a community's coverage by kind.
Every answer names how the walk was measured (`method`: along the roads, or the straight line
times the detour factor where no road is stored)."""

from __future__ import annotations

import math
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema

from activities import permissions
from activities.api import router
from activities.circle import selectors
from areas.location import clean_point
from areas.nearby import circle
from core.refusal import Forbidden, NotFound
from core.schemas import errors


class CircleMethodOut(Schema):
    key: str = Field(description="`roads`: along the road network; `straight`: no roads stored")
    label: str
    detour: float | None = Field(None, description="the factor on the straight line, if used")


class CirclePlaceOut(Schema):
    name: str
    kind: str
    lon: float
    lat: float
    url: str
    note: str
    metres: int = Field(description="the walk, in metres")
    minutes: int = Field(description="the walk, in whole minutes (rounded up)")


class CircleKindPlacesOut(Schema):
    kind: str
    label: str
    places: list[CirclePlaceOut]


class CircleNearOut(Schema):
    lon: float
    lat: float
    household: str | None = Field(None, description="the household's code, when asked by one")
    minutes: int
    limit_m: float = Field(description="the walk the circle allows, in metres")
    method: CircleMethodOut
    kinds: list[CircleKindPlacesOut]


class CircleKindCoverageOut(Schema):
    kind: str
    label: str
    places: int = Field(description="places of the kind within reach of the community")
    covered: int = Field(description="households with one inside the circle")
    households: int
    share: float = Field(description="covered / households, 0 to 1")


class CircleCoverageOut(Schema):
    community: str
    name: str
    minutes: int
    method: CircleMethodOut
    households: int
    kinds: list[CircleKindCoverageOut]


def _method(m: circle.Method) -> dict[str, Any]:
    return {"key": m.key, "label": m.label, "detour": m.detour}


def _near_out(answer: circle.Near, household: str | None) -> dict[str, Any]:
    return {
        "lon": answer.lon,
        "lat": answer.lat,
        "household": household,
        "minutes": answer.minutes,
        "limit_m": answer.limit_m,
        "method": _method(answer.method),
        "kinds": [
            {
                "kind": kind.key,
                "label": str(kind.label),
                "places": [
                    {
                        "name": f.place.name,
                        "kind": f.place.kind,
                        "lon": f.place.lon,
                        "lat": f.place.lat,
                        "url": f.place.url,
                        "note": f.place.note,
                        "metres": f.metres,
                        "minutes": f.minutes,
                    }
                    for f in found
                ],
            }
            for kind, found in answer.groups
        ],
    }


Code = Annotated[str, Field(max_length=40)]


@router.get("/circle", response={200: CircleNearOut, **errors(400, 403, 404)})
def near(
    request: HttpRequest,
    household: Code | None = None,
    lon: float | None = None,
    lat: float | None = None,
    minutes: int | None = None,
) -> Any:
    """What lies within `minutes`' walk (the largest circle by default), by kind, nearest
    first: of `household` (one's own, or one the user sees in the registers; 404 otherwise),
    of the point `lon`, `lat` (staff only: 403 for others), or of one's own household when
    neither is given (404 without one)."""
    user = request.user
    m = circle.clean_minutes(minutes)
    if household:
        try:
            found = selectors.household(user, household)
        except Http404:
            raise NotFound(_("No such household.")) from None
        return _near_out(selectors.near_household(found, m), found.code)
    if lon is not None or lat is not None:
        if not permissions.may_circle_point(user):
            raise Forbidden(_("Only staff may look around a point; ask for your household."))
        x, y = clean_point(lon, lat)
        return _near_out(selectors.near_point(x, y, m), None)
    mine = permissions.own_household(user)
    if mine is None:
        raise NotFound(_("You have no household on the register; give a household or a point."))
    return _near_out(selectors.near_household(mine, m), mine.code)


@router.get("/circle/coverage", response={200: CircleCoverageOut, **errors(400, 404)})
def coverage(request: HttpRequest, community: Code, minutes: int | None = None) -> Any:
    """The share of the community's households with each kind inside the circle (staff on
    the community or above it; 404 for others)."""
    m = circle.clean_minutes(minutes)
    try:
        area = selectors.community(request.user, community)
    except Http404:
        raise NotFound(_("No such community.")) from None
    cov = circle.coverage(area, minutes=m)
    return {
        "community": area.code,
        "name": area.name,
        "minutes": m,
        "method": _method(cov.method),
        "households": cov.households,
        "kinds": [
            {
                "kind": k.kind.key,
                "label": str(k.kind.label),
                "places": k.places,
                "covered": k.covered,
                "households": k.households,
                "share": k.share if math.isfinite(k.share) else 0.0,
            }
            for k in cov.kinds
        ],
    }
