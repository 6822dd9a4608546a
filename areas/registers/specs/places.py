"""The compound and building registers."""

from __future__ import annotations

import json
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from areas.models import (
    Area,
    Building,
    Compound,
    grid_levels,
)
from areas.registers import cells as c
from areas.registers.cells import Column
from areas.registers.engine import Ctx, Errors, Row, Spec, by_code
from areas.registers.models import Register
from areas.registers.specs.common import (
    COMMUNITY,
    check_area,
    code_column,
    scoped,
    unknown,
)
from areas.registers.specs.geography import geometry_cell


class CompoundSpec(Spec):
    key = Register.COMPOUNDS
    label = Register.COMPOUNDS.label
    owner_paths = ("community__code",)
    model = Compound
    columns = (
        code_column(pgettext_lazy("register column", "Compound code")),
        Column("name", pgettext_lazy("register column", "Name"), c.string(100), required=True),
        Column(
            "community_code",
            pgettext_lazy("register column", "Community code"),
            c.code,
            required=True,
        ),
        Column("address", pgettext_lazy("register column", "Address"), c.string(200)),
        Column("lon", pgettext_lazy("register column", "Longitude"), c.decimal(-180, 180)),
        Column("lat", pgettext_lazy("register column", "Latitude"), c.decimal(-90, 90)),
    )
    sources = {
        "name": "name",
        "community_id": "community_code",
        "address": "address",
        "lon": "lon",
        "lat": "lat",
    }

    def resolve(self, rows: list[Row], ctx: Ctx, errors: Errors) -> None:
        areas = by_code(Area, {r.cells["community_code"] for r in rows}, "id", "level")
        for r in rows:
            community = areas.get(r.cells["community_code"])
            if community is None or community["level"] != COMMUNITY:
                unknown(errors, r, "community_code", _("community"), r.cells["community_code"])
                continue
            if not check_area(ctx, errors, r, "community_code", community):
                continue
            r.values = {
                "name": r.cells["name"],
                "community_id": community["id"],
                "address": r.cells.get("address", ""),
                "lon": r.cells.get("lon"),
                "lat": r.cells.get("lat"),
            }

    def scope(self, user: Any) -> Q:
        return scoped(user, "community__code")

    def export_queryset(self, user: Any) -> models.QuerySet[Any]:
        return (
            Compound.objects.filter(self.scope(user))
            .order_by("code")
            .values_list("code", "name", "community__code", "address", "lon", "lat")
        )

    def export_row(self, row: Any) -> list[Any]:
        return list(row)


class BuildingSpec(Spec):
    key = Register.BUILDINGS
    label = Register.BUILDINGS.label
    owner_paths = ("grid__code", "community__code")
    model = Building
    columns = (
        code_column(pgettext_lazy("register column", "Building code")),
        Column("name", pgettext_lazy("register column", "Name"), c.string(100), required=True),
        Column(
            "community_code",
            pgettext_lazy("register column", "Community code"),
            c.code,
            required=True,
        ),
        Column("compound_code", pgettext_lazy("register column", "Compound code"), c.code),
        Column("grid_code", pgettext_lazy("register column", "Grid code"), c.code),
        Column("address", pgettext_lazy("register column", "Address"), c.string(200)),
        Column(
            "lon",
            pgettext_lazy("register column", "Longitude"),
            c.decimal(-180, 180),
            required=True,
        ),
        Column(
            "lat", pgettext_lazy("register column", "Latitude"), c.decimal(-90, 90), required=True
        ),
        Column("floors", pgettext_lazy("register column", "Floors"), c.integer(1, 200, 1)),
        Column("entrances", pgettext_lazy("register column", "Entrances"), c.integer(1, 100, 1)),
        Column(
            "households", pgettext_lazy("register column", "Dwellings"), c.integer(0, 100000, 0)
        ),
        Column(
            "footprint",
            pgettext_lazy("register column", "Footprint"),
            geometry_cell(("Polygon",)),
            aliases=("geometry",),
            help=_("GeoJSON Polygon or WKT of the building's outline, in longitude, latitude"),
        ),
    )
    # A GeoJSON file's features carry the footprints (a building without one has none).
    geometry_column = "footprint"
    sources = {
        "name": "name",
        "community_id": "community_code",
        "compound_id": "compound_code",
        "grid_id": "grid_code",
        "address": "address",
        "lon": "lon",
        "lat": "lat",
        "floors": "floors",
        "entrances": "entrances",
        "households": "households",
        "footprint": "footprint",
    }

    def resolve(self, rows: list[Row], ctx: Ctx, errors: Errors) -> None:
        codes = {r.cells["community_code"] for r in rows} | {
            r.cells.get("grid_code", "") for r in rows
        }
        areas = by_code(Area, codes, "id", "level")
        compounds = by_code(
            Compound, {r.cells.get("compound_code", "") for r in rows}, "id", "community__code"
        )
        for r in rows:
            community = areas.get(r.cells["community_code"])
            if community is None or community["level"] != COMMUNITY:
                unknown(errors, r, "community_code", _("community"), r.cells["community_code"])
                continue
            compound_id = grid_id = None
            if code := r.cells.get("compound_code"):
                compound = compounds.get(code)
                if compound is None:
                    unknown(errors, r, "compound_code", _("compound"), code)
                    continue
                if compound["community__code"] != community["code"]:
                    errors.add(
                        r.number,
                        "compound_code",
                        _("The compound %(code)s is in another community."),
                        code=code,
                    )
                    continue
                compound_id = compound["id"]
            scope = community
            if code := r.cells.get("grid_code"):
                grid = areas.get(code)
                if grid is None or grid["level"] not in grid_levels():
                    unknown(errors, r, "grid_code", _("grid"), code)
                    continue
                if not code.startswith(community["code"]):
                    errors.add(
                        r.number,
                        "grid_code",
                        _("The grid %(code)s is in another community."),
                        code=code,
                    )
                    continue
                grid_id, scope = grid["id"], grid
            if not check_area(ctx, errors, r, "grid_code" if grid_id else "community_code", scope):
                continue
            r.values = {
                "name": r.cells["name"],
                "community_id": community["id"],
                "compound_id": compound_id,
                "grid_id": grid_id,
                "address": r.cells.get("address", ""),
                "lon": r.cells["lon"],
                "lat": r.cells["lat"],
                "floors": r.cells.get("floors", 1),
                "entrances": r.cells.get("entrances", 1),
                "households": r.cells.get("households", 0),
                "footprint": r.cells.get("footprint") or None,
            }

    def scope(self, user: Any) -> Q:
        return scoped(user, "grid__code", "community__code")

    def export_queryset(self, user: Any) -> models.QuerySet[Any]:
        return (
            Building.objects.filter(self.scope(user))
            .order_by("code")
            .values_list(
                "code",
                "name",
                "community__code",
                "compound__code",
                "grid__code",
                "address",
                "lon",
                "lat",
                "floors",
                "entrances",
                "households",
                "footprint",
            )
        )

    def export_row(self, row: Any) -> list[Any]:
        *values, footprint = row
        return ["" if v is None else v for v in values] + [
            json.dumps(footprint) if footprint else ""
        ]
