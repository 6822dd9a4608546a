"""Reads of the service circle: whose circle a user may open, the answers of `areas.nearby`
for a household or a point, and the layers of their maps (area_map.js's `points`)."""

from __future__ import annotations

import math
from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from activities import permissions
from areas import selectors as area_selectors
from areas.models import Area, Household
from areas.nearby import circle, kinds
from areas.views.browse import map_legend

HOME_COLOUR = "#101828"
COVERED, UNCOVERED = "#12805c", "#d92d20"


def household(user: Any, code: str) -> Household:
    """The household of `code` if the user may open its circle (404 otherwise)."""
    found = (
        Household.objects.select_related("building__community__parent").filter(code=code).first()
    )
    if found is None or not permissions.may_open_circle(user, found):
        raise Http404
    return found


def near_household(found: Household, minutes: int) -> circle.Near:
    building = found.building
    community = building.community
    return circle.near(
        building.lon,
        building.lat,
        minutes=minutes,
        scope=circle.reach_area(community),
        community=community,
    )


def near_point(lon: float, lat: float, minutes: int) -> circle.Near:
    top = Area.objects.filter(parent=None).order_by("code").first()
    if top is None:
        raise Http404
    return circle.near(lon, lat, minutes=minutes, scope=top)


def communities(user: Any) -> list[Area]:
    return list(
        Area.objects.filter(level="community", active=True)
        .filter(permissions.coverage_communities_q(user))
        .order_by("code")
    )


def community(user: Any, code: str) -> Area:
    found = (
        Area.objects.filter(level="community", code=code)
        .filter(permissions.coverage_communities_q(user))
        .select_related("parent")
        .first()
    )
    if found is None:
        raise Http404
    return found


def _point(lon: float, lat: float, **props: Any) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": props,
    }


def near_layers(user: Any, answer: circle.Near, origin_name: str) -> dict[str, Any]:
    """The map of a circle: the roads near it, the places found by kind, and the origin."""
    m = answer.limit_m + circle.MARGIN_M
    dlat = m / 111_320
    dlon = m / (111_320 * math.cos(math.radians(answer.lat)))
    layers: dict[str, Any] = {"outline": None, "children": None, "buildings": None}
    layers.update(
        area_selectors.geography_near(
            user, (answer.lon - dlon, answer.lat - dlat, answer.lon + dlon, answer.lat + dlat)
        )
    )
    layers["services"] = None  # the places found are this map's points
    features = [
        _point(answer.lon, answer.lat, name=origin_name, kind="home", colour=HOME_COLOUR, url="#")
    ]
    legend = [{"kind": "home", "label": _("Starting point"), "colour": HOME_COLOUR}]
    for kind, found in answer.groups:
        legend.append({"kind": kind.key, "label": str(kind.label), "colour": kind.colour})
        for f in found:
            features.append(
                _point(
                    f.place.lon,
                    f.place.lat,
                    name=f"{f.place.name} · {f.minutes}′",
                    kind=kind.key,
                    colour=kind.colour,
                    url=f.place.url or "#",
                )
            )
    layers["points"] = {"type": "FeatureCollection", "features": features, "legend": legend}
    layers["legend"] = map_legend()
    return layers


def coverage_layers(user: Any, cov: circle.Coverage, kind: kinds.Kind) -> dict[str, Any]:
    """The coverage map of one kind: the community's outline, its buildings green where the
    kind lies inside the circle and red where it does not, and the kind's places near."""
    area = cov.community
    layers = area_selectors.map_layers(area, [], [])
    layers.update(area_selectors.geography_layers(user, area))
    layers["services"] = None
    limit = cov.minutes * circle.speed()
    features = []
    for code, name, lon, lat, n, walks in cov.buildings:
        inside = walks.get(kind.key, math.inf) <= limit
        features.append(
            _point(
                lon,
                lat,
                name=f"{name} · {n}",
                kind="covered" if inside else "uncovered",
                colour=COVERED if inside else UNCOVERED,
                url=reverse("areas:building", args=[code]),
            )
        )
    box = circle.community_box(area)
    if box is not None:
        grown = circle.grow(box, limit)
        for places in kinds.places(circle.reach_area(area).code, [kind.key]).values():
            for p in places:
                if circle.inside(grown, p.lon, p.lat):
                    features.append(
                        _point(
                            p.lon,
                            p.lat,
                            name=p.name,
                            kind=kind.key,
                            colour=kind.colour,
                            url=p.url or "#",
                        )
                    )
    legend = [
        {"kind": "covered", "label": _("Within the circle"), "colour": COVERED},
        {"kind": "uncovered", "label": _("Outside the circle"), "colour": UNCOVERED},
        {"kind": kind.key, "label": str(kind.label), "colour": kind.colour},
    ]
    layers["points"] = {"type": "FeatureCollection", "features": features, "legend": legend}
    layers["legend"] = map_legend()
    return layers
