"""Read endpoints for the area tree and the registers, under the same access rules as the
pages (capability `view_registers` on the object's area; 404 outside it). Personal numbers
are always masked here; the full values come only from the audited reveal endpoint."""

from __future__ import annotations

import os
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from areas import actions, panels, permissions, selectors
from areas.models import (
    Area,
    Building,
    Household,
    Resident,
    grid_level,
    grid_levels,
    level_digits,
    level_names,
)
from core.api import MAX_PAGES
from core.masking import mask_id_number, mask_phone
from core.schemas import errors

router = Router(tags=["areas"])

MAX_PAGE_SIZE = 200


class PageIn(Schema):
    page: int = 1
    page_size: int = 50


class AreaOut(Schema):
    code: str
    name: str
    level: str
    kind: str
    parent_code: str | None
    active: bool


class AreaDetailOut(AreaOut):
    boundary: dict[str, Any] | None
    households: int
    residents: int
    buildings: int
    children: list[AreaOut]


class AreaPage(Schema):
    count: int
    page: int
    pages: int
    items: list[AreaOut]


class GridOut(AreaOut):
    households: int
    residents: int


class GridPage(Schema):
    count: int
    page: int
    pages: int
    items: list[GridOut]


class WorkerOut(Schema):
    name: str
    role: str
    duty: str
    phone: str


class BranchOut(Schema):
    id: int
    name: str
    secretary: str | None


class GridDetailOut(AreaDetailOut):
    workers: list[WorkerOut]
    branches: list[BranchOut]


class BuildingOut(Schema):
    code: str
    name: str
    compound: str | None
    community_code: str
    grid_code: str | None
    address: str
    lon: float
    lat: float
    floors: int
    entrances: int
    dwellings: int


class BuildingDetailOut(BuildingOut):
    households: int
    residents: int


class BuildingPage(Schema):
    count: int
    page: int
    pages: int
    items: list[BuildingOut]


class HouseholdOut(Schema):
    code: str
    building_code: str
    grid_code: str | None
    entrance: int
    floor: int
    room: str
    address: str


class ResidentOut(Schema):
    code: str
    name: str
    gender: str
    age: int | None
    phone: str
    id_number: str
    tags: list[str]
    is_head: bool


class HouseholdDetailOut(HouseholdOut):
    residents: list[ResidentOut]


class HouseholdPage(Schema):
    count: int
    page: int
    pages: int
    items: list[HouseholdOut]


class RevealOut(Schema):
    code: str
    phone: str
    id_number: str


ERRORS = errors(400, 404)


def paginate(qs: QuerySet[Any], paging: PageIn) -> tuple[dict[str, Any], list[Any]] | Status:
    if isinstance(paging.page, bool) or isinstance(paging.page_size, bool):
        return Status(400, {"detail": _("page and page_size are integers.")})
    if paging.page < 1:
        return Status(400, {"detail": _("page starts at 1.")})
    if paging.page > MAX_PAGES:
        return Status(400, {"detail": _("page is at most %(n)d.") % {"n": MAX_PAGES}})
    if not 1 <= paging.page_size <= MAX_PAGE_SIZE:
        return Status(
            400, {"detail": _("page_size is between 1 and %(n)d.") % {"n": MAX_PAGE_SIZE}}
        )
    count = qs.count()
    pages = max(1, -(-count // paging.page_size))
    start = (paging.page - 1) * paging.page_size
    items = list(qs[start : start + paging.page_size])
    return {"count": count, "page": paging.page, "pages": pages}, items


def _area(a: Area) -> dict[str, Any]:
    code = a.code
    # A parent's code is the child's code less its own segment: no query needed.
    parent_len = len(code) - level_digits(a.level) if a.level in level_names() else 0
    return {
        "code": code,
        "name": a.name,
        "level": a.level,
        "kind": a.kind,
        "parent_code": code[:parent_len] if a.parent_id else None,
        "active": a.active,
    }


def _area_detail(a: Area) -> dict[str, Any]:
    children = list(a.children.all())
    return {
        **_area(a),
        "boundary": a.boundary,
        **selectors.area_totals(a),
        "children": [_area(c) for c in children],
    }


def _building(b: Building) -> dict[str, Any]:
    return {
        "code": b.code,
        "name": b.name,
        "compound": b.compound.name if b.compound else None,
        "community_code": b.community.code,
        "grid_code": b.grid.code if b.grid else None,
        "address": b.address,
        "lon": b.lon,
        "lat": b.lat,
        "floors": b.floors,
        "entrances": b.entrances,
        "dwellings": b.households,
    }


def _household(h: Household) -> dict[str, Any]:
    return {
        "code": h.code,
        "building_code": h.building.code,
        "grid_code": h.grid.code if h.grid else None,
        "entrance": h.entrance,
        "floor": h.floor,
        "room": h.room,
        "address": h.address,
    }


def _resident(r: Resident) -> dict[str, Any]:
    return {
        "code": r.code,
        "name": r.name,
        "gender": r.gender,
        "age": selectors.age(r.birth_date),
        "phone": mask_phone(r.phone),
        "id_number": mask_id_number(r.id_number),
        "tags": list(r.tags),
        "is_head": r.is_head,
    }


def _visible_area(request: HttpRequest, code: str) -> Area | Status:
    try:
        return selectors.get_area(request.user, code)
    except Http404:
        return Status(404, {"detail": _("No such area.")})


@router.get("/", response={200: AreaPage, **ERRORS}, summary="List areas")
def list_areas(
    request: HttpRequest,
    paging: Query[PageIn],
    parent: str | None = None,
    level: str | None = None,
    q: str | None = None,
) -> Any:
    """Areas the caller may see, filtered by parent code, level, or a name/code search."""
    qs = selectors.visible_areas(request.user).select_related("parent")
    if parent is not None:
        found = _visible_area(request, parent)
        if isinstance(found, Status):
            return found
        qs = qs.filter(parent=found)
    if level is not None:
        if level not in level_names():
            return Status(
                400,
                {"detail": _("level is one of %(levels)s.") % {"levels": ", ".join(level_names())}},
            )
        qs = qs.filter(level=level)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__startswith=q))
    paged = paginate(qs.order_by("code"), paging)
    if isinstance(paged, Status):
        return paged
    meta, items = paged
    return {**meta, "items": [_area(a) for a in items]}


@router.get("/grids", response={200: GridPage, **ERRORS}, summary="List grids")
def list_grids(
    request: HttpRequest,
    paging: Query[PageIn],
    parent: str | None = None,
    level: str | None = None,
) -> Any:
    """Grids the caller may see, with the household and resident counts of their subtrees.
    The grid levels are the deployment's levels below the community; `level` picks one of
    them (default: the grid level itself, e.g. "grid", or "zone" in a 户—队—片—区 tree)."""
    levels = grid_levels()
    if level is None:
        level = grid_level()
    elif level not in levels:
        return Status(
            400, {"detail": _("level is one of %(levels)s.") % {"levels": ", ".join(levels)}}
        )
    qs = selectors.visible_areas(request.user).filter(level=level)
    if parent is not None:
        found = _visible_area(request, parent)
        if isinstance(found, Status):
            return found
        qs = qs.filter(code__startswith=found.code)
    paged = paginate(qs.order_by("code"), paging)
    if isinstance(paged, Status):
        return paged
    meta, items = paged
    households, residents = _subtree_counts(items)
    return {
        **meta,
        "items": [
            {
                **_area(g),
                "households": households.get(g.code, 0),
                "residents": residents.get(g.code, 0),
            }
            for g in items
        ],
    }


def _subtree_counts(areas: list[Area]) -> tuple[dict[str, int], dict[str, int]]:
    """Households and residents under each of `areas` (one level, ordered by code), which hang
    from the deepest grid level: the grid-level areas of the subtrees first (a small table),
    then counts grouped by indexed area id."""
    if not areas:
        return {}, {}
    width = len(areas[0].code)
    mine = {a.code for a in areas}
    prefix = os.path.commonprefix([areas[0].code, areas[-1].code])
    owner = {
        pk: code[:width]
        for pk, code in Area.objects.filter(
            code__startswith=prefix, level__in=grid_levels()
        ).values_list("pk", "code")
        if code[:width] in mine
    }

    def per_item(qs: QuerySet[Any], field: str) -> dict[str, int]:
        rows = qs.filter(**{f"{field}__in": list(owner)}).values(field).annotate(n=Count("pk"))
        out: dict[str, int] = {}
        for pk, n in rows.values_list(field, "n"):
            out[owner[pk]] = out.get(owner[pk], 0) + n
        return out

    return per_item(Household.objects.all(), "grid_id"), per_item(
        Resident.objects.all(), "household__grid_id"
    )


@router.get("/grids/{code}", response={200: GridDetailOut, **ERRORS}, summary="A grid")
def grid_detail(request: HttpRequest, code: str) -> Any:
    """定岗网格: a grid with its boundary, counts, posted workers and party branches."""
    found = _visible_area(request, code)
    if isinstance(found, Status):
        return found
    if found.level not in grid_levels():
        return Status(404, {"detail": _("No such grid.")})
    return {
        **_area_detail(found),
        "workers": [
            {
                "name": w.user.name,
                "role": w.role,
                "duty": w.duty,
                "phone": selectors.worker_phone(request.user, found, w),
            }
            for w in selectors.grid_workers(found)
        ],
        "branches": [
            {"id": b.id, "name": b.name, "secretary": b.secretary}
            for b in panels.grid_branches(found)
        ],
    }


@router.get("/buildings", response={200: BuildingPage, **ERRORS}, summary="List buildings")
def list_buildings(request: HttpRequest, paging: Query[PageIn], area: str | None = None) -> Any:
    """Buildings the caller may see, optionally within an area's subtree."""
    qs = Building.objects.filter(permissions.buildings_q(request.user)).select_related(
        "compound", "community", "grid"
    )
    if area is not None:
        found = _visible_area(request, area)
        if isinstance(found, Status):
            return found
        qs = qs.filter(
            Q(grid__code__startswith=found.code) | Q(community__code__startswith=found.code)
        )
    paged = paginate(qs.order_by("code"), paging)
    if isinstance(paged, Status):
        return paged
    meta, items = paged
    return {**meta, "items": [_building(b) for b in items]}


@router.get("/buildings/{code}", response={200: BuildingDetailOut, **ERRORS}, summary="A building")
def building_detail(request: HttpRequest, code: str) -> Any:
    try:
        b = selectors.get_building(request.user, code)
    except Http404:
        return Status(404, {"detail": _("No such building.")})
    return {
        **_building(b),
        "households": Household.objects.filter(building=b).count(),
        "residents": Resident.objects.filter(household__building=b).count(),
    }


@router.get("/households", response={200: HouseholdPage, **ERRORS}, summary="List households")
def list_households(
    request: HttpRequest,
    paging: Query[PageIn],
    area: str | None = None,
    building: str | None = None,
) -> Any:
    """Households the caller may see, within an area's subtree or one building."""
    qs = permissions.households_visible_to(request.user).select_related("building", "grid")
    if area is not None:
        found = _visible_area(request, area)
        if isinstance(found, Status):
            return found
        qs = qs.filter(grid__code__startswith=found.code)
    if building is not None:
        try:
            b = selectors.get_building(request.user, building)
        except Http404:
            return Status(404, {"detail": _("No such building.")})
        qs = qs.filter(building=b)
    paged = paginate(qs.order_by("code"), paging)
    if isinstance(paged, Status):
        return paged
    meta, items = paged
    return {**meta, "items": [_household(h) for h in items]}


@router.get(
    "/households/{code}", response={200: HouseholdDetailOut, **ERRORS}, summary="A household"
)
def household_detail(request: HttpRequest, code: str) -> Any:
    """A household and its residents; phone and ID numbers masked."""
    try:
        h = selectors.get_household(request.user, code)
    except Http404:
        return Status(404, {"detail": _("No such household.")})
    return {
        **_household(h),
        "residents": [_resident(r) for r in h.residents.order_by("-is_head", "code")],
    }


@router.post(
    "/residents/{code}/reveal",
    response={200: RevealOut, **ERRORS},
    summary="Reveal a resident's numbers (audited)",
)
def reveal_resident(request: HttpRequest, code: str) -> Any:
    """Full phone and ID number, for roles with `reveal_personal`; each call is audited."""
    try:
        r = selectors.get_resident(request.user, code)
    except Http404:
        return Status(404, {"detail": _("No such resident.")})
    return {"code": r.code, **actions.do_reveal_personal(r, actor=request.user)}


@router.get("/{code}", response={200: AreaDetailOut, **ERRORS}, summary="An area")
def area_detail(request: HttpRequest, code: str) -> Any:
    """An area with its boundary (GeoJSON, WGS-84), counts and children."""
    found = _visible_area(request, code)
    if isinstance(found, Status):
        return found
    return _area_detail(found)
