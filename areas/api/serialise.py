"""Areas, buildings, households and residents as the API answers them; the visible-area lookup."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Status

from areas import selectors
from areas.models import Area, Building, Household, Resident, level_digits, level_names
from core.masking import mask_id_number, mask_phone


def area_out(a: Area) -> dict[str, Any]:
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


def area_detail_out(a: Area) -> dict[str, Any]:
    children = list(a.children.all())
    return {
        **area_out(a),
        "boundary": a.boundary,
        **selectors.area_totals(a),
        "children": [area_out(c) for c in children],
    }


def building_out(b: Building) -> dict[str, Any]:
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


def household_out(h: Household) -> dict[str, Any]:
    return {
        "code": h.code,
        "building_code": h.building.code,
        "grid_code": h.grid.code if h.grid else None,
        "entrance": h.entrance,
        "floor": h.floor,
        "room": h.room,
        "address": h.address,
    }


def resident_out(r: Resident) -> dict[str, Any]:
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


def visible_area(request: HttpRequest, code: str) -> Area | Status:
    try:
        return selectors.get_area(request.user, code)
    except Http404:
        return Status(404, {"detail": _("No such area.")})
