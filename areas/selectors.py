"""Reads of the area tree: what a user may reach, derived counts, map layers.

Counts are derived from the registers, never stored: households and residents
are grouped by the prefix of their grid's code, so a whole list of children
costs one query per count, whatever its length.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from accounts.models import RoleAssignment
from accounts.roles import GRID_WORKERS, Capability, Role
from areas import panels, permissions
from areas.models import (
    LEVEL_LABELS,
    Area,
    Building,
    Household,
    Resident,
    Road,
    RoadClass,
    ServicePoint,
    WaterBody,
    level_digits,
    level_names,
)
from core.masking import mask_phone

GRID_STAFF_ROLES = (*sorted(GRID_WORKERS), Role.BUILDING_HEAD)


def code_length(level: str) -> int:
    names = level_names()
    return sum(level_digits(n) for n in names[: names.index(level) + 1])


def level_label(level: str) -> str:
    return str(LEVEL_LABELS.get(level, level))


def visible_areas(user: Any, capability: str = Capability.VIEW_REGISTERS) -> QuerySet[Area]:
    return Area.objects.filter(permissions.scope_q(user, "code", capability))


def top_areas(user: Any, capability: str = Capability.VIEW_REGISTERS) -> QuerySet[Area]:
    """The highest areas the user reaches: the roots for an administrator."""
    if permissions.sees_everything(user):
        return Area.objects.filter(parent__isnull=True)
    return Area.objects.filter(code__in=permissions.top_codes(user, capability))


def get_area(user: Any, code: str, capability: str = Capability.VIEW_REGISTERS) -> Area:
    permissions.require(user, capability, code)
    try:
        return Area.objects.select_related("parent").get(code=code)
    except Area.DoesNotExist:
        raise Http404 from None


building_area_code = permissions.building_code
household_area_code = permissions.household_code


def get_building(user: Any, code: str, capability: str = Capability.VIEW_REGISTERS) -> Building:
    building = (
        Building.objects.select_related("grid", "community", "compound").filter(code=code).first()
    )
    if building is None:
        raise Http404
    permissions.require(user, capability, building_area_code(building))
    return building


def get_household(user: Any, code: str, capability: str = Capability.VIEW_REGISTERS) -> Household:
    household = (
        Household.objects.select_related("grid", "building__community", "building__grid")
        .filter(code=code)
        .first()
    )
    if household is None:
        raise Http404
    permissions.require(user, capability, household_area_code(household))
    return household


def get_resident(user: Any, code: str, capability: str = Capability.VIEW_REGISTERS) -> Resident:
    resident = (
        Resident.objects.select_related(
            "household__grid", "household__building__community", "household__building__grid"
        )
        .filter(code=code)
        .first()
    )
    if resident is None:
        raise Http404
    permissions.require(user, capability, household_area_code(resident.household))
    return resident


def breadcrumbs(user: Any, area: Area | None) -> list[dict[str, Any]]:
    """The area's ancestors (and itself), each with a link only where the user may go."""
    if area is None:
        return []
    crumbs = []
    for a in [*area.ancestors(), area]:
        reachable = permissions.may(user, Capability.VIEW_REGISTERS, a.code)
        crumbs.append(
            {"area": a, "url": reverse("areas:area", args=[a.code]) if reachable else None}
        )
    return crumbs


def _grouped(qs: QuerySet[Any], field: str, length: int | None) -> dict[Any, int]:
    key = Substr(field, 1, length) if length else None
    if key is not None:
        rows = qs.annotate(k=key).values("k").annotate(n=Count("pk")).values_list("k", "n")
    else:
        rows = qs.values(field).annotate(n=Count("pk")).values_list(field, "n")
    return dict(rows)


def with_counts(parent: Area, children: Sequence[Area]) -> list[Area]:
    """Set `.household_count` and `.resident_count` on each child, in two grouped queries."""
    if not children:
        return []
    length = len(children[0].code)
    households = _grouped(
        Household.objects.filter(grid__code__startswith=parent.code), "grid__code", length
    )
    residents = _grouped(
        Resident.objects.filter(household__grid__code__startswith=parent.code),
        "household__grid__code",
        length,
    )
    for child in children:
        child.household_count = households.get(child.code, 0)  # type: ignore[attr-defined]
        child.resident_count = residents.get(child.code, 0)  # type: ignore[attr-defined]
    return list(children)


def area_totals(area: Area) -> dict[str, int]:
    households = Household.objects.filter(grid__code__startswith=area.code)
    residents = Resident.objects.filter(household__grid__code__startswith=area.code)
    return {
        "households": households.count(),
        "residents": residents.count(),
        "buildings": Building.objects.filter(
            Q(grid__code__startswith=area.code)
            | Q(grid__isnull=True, community__code__startswith=area.code)
        ).count(),
    }


def buildings_with_counts(buildings: QuerySet[Building]) -> QuerySet[Building]:
    return buildings.annotate(
        household_count=Count("household_set", distinct=True),
        resident_count=Count("household_set__residents", distinct=True),
    )


def grid_workers(grid: Area) -> list[RoleAssignment]:
    """定岗网格: who is posted on the grid, grid heads first; deactivated accounts are not."""
    order = {role: i for i, role in enumerate((Role.GRID_HEAD, Role.GRID_WORKER))}
    rows = list(
        RoleAssignment.objects.filter(
            area=grid, role__in=GRID_STAFF_ROLES, user__is_active=True
        ).select_related("user")
    )
    rows.sort(key=lambda a: (order.get(a.role, 9), a.role, a.user.name))  # type: ignore[call-overload]
    return rows


def worker_phone(viewer: Any, grid: Area, assignment: RoleAssignment) -> str:
    """A posted worker's phone: in full for roles that may see personal numbers on the grid,
    masked for the others (part-time workers, building heads, party secretaries)."""
    if permissions.may(viewer, Capability.REVEAL_PERSONAL, grid.code):
        return assignment.user.phone
    return mask_phone(assignment.user.phone)


def age(birth_date: dt.date | None, today: dt.date | None = None) -> int | None:
    if birth_date is None:
        return None
    today = today or timezone.localdate()
    years = today.year - birth_date.year
    if (today.month, today.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def with_tag(qs: QuerySet[Resident], tag: str) -> QuerySet[Resident]:
    # Tags are a JSON list; matching the quoted value works on SQLite and PostgreSQL alike.
    return qs.filter(tags__icontains=f'"{tag}"')


def residents_in(area: Area) -> QuerySet[Resident]:
    return Resident.objects.filter(household__grid__code__startswith=area.code)


def search_areas(user: Any, q: str, limit: int = 30) -> list[Area]:
    q = q.strip()
    if not q:
        return []
    qs = visible_areas(user).filter(Q(name__icontains=q) | Q(code__startswith=q))
    return list(qs.select_related("parent")[:limit])


def _feature(geometry: Any, **props: Any) -> dict[str, Any]:
    return {"type": "Feature", "geometry": geometry, "properties": props}


def map_layers(
    area: Area, children: Iterable[Area], buildings: Iterable[Building]
) -> dict[str, Any]:
    """GeoJSON for the area's map: its outline, its children's boundaries, building points
    (with their floors and, where the register has one, their footprint, which the map draws
    instead of the point at close zooms)."""
    return {
        "outline": _feature(area.boundary, name=area.name, code=area.code)
        if area.boundary
        else None,
        "children": {
            "type": "FeatureCollection",
            "features": [
                _feature(
                    c.boundary,
                    name=c.name,
                    code=c.code,
                    url=reverse("areas:area", args=[c.code]),
                    households=getattr(c, "household_count", None),
                )
                for c in children
                if c.boundary
            ],
        },
        "buildings": {
            "type": "FeatureCollection",
            "features": [
                _feature(
                    {"type": "Point", "coordinates": [b.lon, b.lat]},
                    name=b.name,
                    code=b.code,
                    url=reverse("areas:building", args=[b.code]),
                    floors=b.floors,
                    footprint=b.footprint["coordinates"] if b.footprint else None,
                )
                for b in buildings
            ],
        },
    }


def post_layer(posts: Iterable[panels.GridPost]) -> dict[str, Any]:
    """The map's layer of members' service posts (`areas.panels.grid_posts`): those with a
    place on the map, by kind, with the member's name and duty (never a phone)."""
    return {
        "type": "FeatureCollection",
        "features": [
            _feature(
                {"type": "Point", "coordinates": list(p.point)},
                name=p.member,
                kind=p.kind_key,
                label=p.kind,
                duty=p.duty,
                place=p.place,
            )
            for p in posts
            if p.point is not None
        ],
    }


def _label_at(line: Any) -> tuple[list[float], float]:
    """Where a road's name sits: along its longest part, a little west of the middle of an
    east-west road and north of the middle of a north-south one (so two crossing roads do not
    put their names on the crossing), and the angle of the road there on the screen (degrees
    clockwise from east, within ±90 so the text stands upright; web Mercator stretches
    latitude by 1/cos)."""
    parts = list(getattr(line, "geoms", [line]))
    part = max(parts, key=lambda p: p.length)
    (x0, y0), (x1, y1) = part.coords[0], part.coords[-1]
    east_west = abs(x1 - x0) >= abs(y1 - y0)
    at = (0.38 if x1 > x0 else 0.62) if east_west else (0.62 if y1 > y0 else 0.38)
    middle = part.interpolate(at, normalized=True)
    a = part.interpolate(at - 0.05, normalized=True)
    b = part.interpolate(at + 0.05, normalized=True)
    dy = (b.y - a.y) / max(math.cos(math.radians(middle.y)), 1e-6)
    angle = -math.degrees(math.atan2(dy, b.x - a.x))
    if angle > 90:
        angle -= 180
    elif angle < -90:
        angle += 180
    return [round(middle.x, 6), round(middle.y, 6)], round(angle, 1)


def geography_layers(user: Any, area: Area) -> dict[str, Any]:
    """The roads, water bodies and service points the user sees near the area, cut to a frame
    well past its bounding box (so they run off the map's edge rather than stop short): roads
    with their class and, for main roads and streets, where their name sits; water bodies as
    polygons. `view` is the area's bounding box with a margin, which the map fits (the water in
    it shows); the service points within that view, with their kind."""
    from shapely.geometry import shape

    if not area.boundary:
        empty: dict[str, Any] = {"type": "FeatureCollection", "features": []}
        return {"roads": empty, "water": empty, "services": empty}
    return geography_near(user, shape(area.boundary).bounds)


def geography_near(user: Any, bounds: tuple[float, float, float, float]) -> dict[str, Any]:
    """The roads, water bodies and service points the user sees near `bounds` (min lon, min
    lat, max lon, max lat): the layers of `geography_layers`, for any map (the case maps and the
    division plan's draw them under their own layers)."""
    from shapely.geometry import box, mapping, shape

    minx, miny, maxx, maxy = bounds
    margin = max(0.002, 0.15 * max(maxx - minx, maxy - miny))
    view = box(minx - margin, miny - margin, maxx + margin, maxy + margin)
    wide = max(maxx - minx, maxy - miny) + 2 * margin
    bounds = (minx - wide, miny - wide, maxx + wide, maxy + wide)
    frame = box(*bounds)
    roads = []
    visible = permissions.geography_q(user)
    for road in Road.objects.near(bounds).filter(visible).order_by("code"):
        line = shape(road.geometry).intersection(frame)
        if (
            line.is_empty
            or line.length == 0
            or line.geom_type not in ("LineString", "MultiLineString")
        ):
            continue
        props: dict[str, Any] = {"name": road.name, "code": road.code, "class": road.road_class}
        if road.road_class != RoadClass.LANE:
            props["label_at"], props["angle"] = _label_at(line)
        roads.append(_feature(mapping(line), **props))
    water = []
    for body in WaterBody.objects.near(bounds).filter(visible).order_by("code"):
        polygon = shape(body.geometry).intersection(frame)
        if polygon.is_empty or polygon.area == 0:
            continue
        seen = polygon.intersection(view)
        water.append(
            _feature(
                mapping(polygon),
                name=body.name,
                code=body.code,
                kind=body.kind,
                view=[round(v, 6) for v in seen.bounds] if not seen.is_empty else None,
            )
        )
    services = [
        _feature(
            {"type": "Point", "coordinates": [p.lon, p.lat]}, name=p.name, code=p.code, kind=p.kind
        )
        for p in ServicePoint.objects.filter(
            visible,
            lon__gte=view.bounds[0],
            lat__gte=view.bounds[1],
            lon__lte=view.bounds[2],
            lat__lte=view.bounds[3],
        ).order_by("code")
    ]
    return {
        "roads": {"type": "FeatureCollection", "features": roads},
        "water": {"type": "FeatureCollection", "features": water},
        "services": {"type": "FeatureCollection", "features": services},
    }
