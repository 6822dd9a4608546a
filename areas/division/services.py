"""Reading the database into the engine's plain data, and the plan's stored result."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _

from areas.division.engine import Bounds, BuildingIn, Division, InputError, divide
from areas.models import Area, Building, Household, Resident, grid_level, level_digits


@dataclass
class Snapshot:
    """The buildings, grids and households of some communities as the engine needs them."""

    communities: list[Area]
    buildings: list[BuildingIn]
    names: dict[str, str]  # building code → name
    residents: dict[str, int]  # building code → residents
    current: dict[str, str]  # building code → today's grid code
    grids: list[Area]  # today's active grids
    reserved: set[str]  # every grid code in use (active or not)
    boundaries: dict[str, dict[str, Any] | None] = field(default_factory=dict)


def communities_of(area: Area) -> list[Area]:
    if area.level == "community":
        return [area]
    if area.level == "subdistrict":
        return list(Area.objects.filter(parent=area, level="community", active=True))
    raise InputError(
        _("A division works on a community or a subdistrict, not on a %(level)s.")
        % {"level": area.level}
    )


def snapshot(area: Area) -> Snapshot:
    communities = communities_of(area)
    ids = [c.pk for c in communities]
    code_of = {c.pk: c.code for c in communities}
    registered = dict(
        Household.objects.filter(building__community_id__in=ids)
        .values_list("building_id")
        .annotate(n=Count("id"))
        .values_list("building_id", "n")
    )
    people = dict(
        Resident.objects.filter(household__building__community_id__in=ids)
        .values_list("household__building_id")
        .annotate(n=Count("id"))
        .values_list("household__building_id", "n")
    )
    grid_rows = list(Area.objects.filter(parent_id__in=ids, level=grid_level()))
    grid_code = {g.pk: g.code for g in grid_rows}
    buildings: list[BuildingIn] = []
    names: dict[str, str] = {}
    residents: dict[str, int] = {}
    current: dict[str, str] = {}
    rows = Building.objects.filter(community_id__in=ids).values_list(
        "pk",
        "code",
        "name",
        "lon",
        "lat",
        "households",
        "compound__code",
        "community_id",
        "grid_id",
    )
    for pk, code, name, lon, lat, dwellings, compound, community_id, grid_id in rows:
        if lon is None or lat is None or (lon == 0 and lat == 0):
            raise InputError(_("Building %(code)s has no location.") % {"code": code})
        # Registered households count; a building not registered yet counts its dwellings.
        hh = registered.get(pk) or dwellings
        buildings.append(BuildingIn(code, lon, lat, hh, code_of[community_id], compound))
        names[code] = name
        residents[code] = people.get(pk, 0)
        if grid_id in grid_code:
            current[code] = grid_code[grid_id]
    return Snapshot(
        communities=communities,
        buildings=buildings,
        names=names,
        residents=residents,
        current=current,
        grids=[g for g in grid_rows if g.active],
        reserved={g.code for g in grid_rows},
        boundaries={c.code: c.boundary for c in communities},
    )


def fingerprint(area: Area) -> str:
    """A digest of what a plan depends on: buildings (place, size, grid), households per
    building and grid, and the grids themselves. Any change makes a plan stale."""
    ids = [c.pk for c in communities_of(area)]
    h = hashlib.sha256()
    row: tuple[Any, ...]
    for row in (
        Building.objects.filter(community_id__in=ids)
        .order_by("pk")
        .values_list(
            "pk", "code", "community_id", "compound_id", "grid_id", "households", "lon", "lat"
        )
    ):
        h.update(repr(row).encode())
    for row in (
        Household.objects.filter(building__community_id__in=ids)
        .values_list("building_id", "grid_id")
        .annotate(n=Count("id"))
        .order_by("building_id", "grid_id")
    ):
        h.update(repr(row).encode())
    for row in (
        Area.objects.filter(parent_id__in=ids, level=grid_level())
        .order_by("pk")
        .values_list("pk", "code", "active", "parent_id")
    ):
        h.update(repr(row).encode())
    return h.hexdigest()


def run(snap: Snapshot, bounds: Bounds, *, keep: bool = True) -> Division:
    return divide(
        snap.buildings,
        bounds,
        snap.boundaries,
        current=snap.current,
        reserved=snap.reserved,
        communities={c.code for c in snap.communities},
        keep=keep,
        workers=1,
        digits=level_digits(grid_level()),
    )


def result_json(snap: Snapshot, division: Division, bounds: Bounds) -> dict[str, Any]:
    """What a plan stores: proposed grids, today's grids, the moves, the problems and the
    story in figures (`story`)."""
    hh = {b.id: b.households for b in snap.buildings}
    community_name = {c.code: c.name for c in snap.communities}
    per_community: dict[str, int] = defaultdict(int)
    grids = []
    for g in sorted(division.grids, key=lambda g: g.code):
        per_community[g.community] += 1
        grids.append(
            {
                "code": g.code,
                "community": g.community,
                "community_name": community_name.get(g.community, g.community),
                "buildings": g.buildings,
                "households": g.households,
                "residents": sum(snap.residents.get(b, 0) for b in g.buildings),
                "flags": g.flags,
                "boundary": g.boundary,
                "compactness": round(g.compactness, 3) if g.compactness is not None else None,
                "previous": g.previous,
                "kept": g.previous == g.code,
            }
        )
    today: dict[str, dict[str, Any]] = {
        g.code: {
            "code": g.code,
            "name": g.name,
            "households": 0,
            "buildings": 0,
            "boundary": g.boundary,
        }
        for g in snap.grids
    }
    for b, code in snap.current.items():
        if code in today:
            today[code]["households"] += hh.get(b, 0)
            today[code]["buildings"] += 1
    moves = [
        [b, snap.names.get(b, b), snap.current.get(b), g.code, hh.get(b, 0)]
        for g in division.grids
        for b in g.buildings
        if snap.current.get(b) != g.previous
    ]
    moves.sort(key=lambda m: (m[3], m[0]))
    return {
        "grids": grids,
        "current": sorted(today.values(), key=lambda g: g["code"]),
        "moves": moves,
        "problems": [asdict(p) for p in division.problems],
        "story": story(snap, division, bounds, today),
    }


def story(
    snap: Snapshot, division: Division, bounds: Bounds, today: dict[str, dict[str, Any]]
) -> dict[str, int]:
    """The plan in figures: today's grids out of bounds (over, under); the floor, the fewest
    households that must move (a grid kept holds at most the upper bound of its households,
    so every household over it moves: a lower bound); compounds kept whole today and in the
    plan (all their buildings in one grid), of all and of those that fit in one grid."""
    sizes = [g["households"] for g in today.values()]
    hh = {b.id: b.households for b in snap.buildings}
    proposed = {b: g.code for g in division.grids for b in g.buildings}
    members: dict[str, list[str]] = defaultdict(list)
    for b in snap.buildings:
        if b.compound:
            members[b.compound].append(b.id)
    fits = {c for c, ids in members.items() if sum(hh[i] for i in ids) <= bounds.max}

    def whole(grid_of: dict[str, str], among: Any) -> int:
        return sum(1 for c in among if len({grid_of.get(b) for b in members[c]}) == 1)

    return {
        "over_today": sum(1 for s in sizes if s > bounds.max),
        "under_today": sum(1 for s in sizes if s < bounds.min),
        "floor_households": sum(max(0, s - bounds.max) for s in sizes),
        "compounds": len(members),
        "compounds_fit": len(fits),
        "whole_today": whole(snap.current, members),
        "whole": whole(proposed, members),
        "fit_whole": whole(proposed, fits),
    }
