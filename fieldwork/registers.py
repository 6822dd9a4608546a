"""The key spots register (重点部位): a grid's places a patrol checks on, with their
positions, imported and exported by code through areas.registers (FieldworkConfig.ready
adds it). Seen with `view_registers` on the grid, written with `edit_registers`."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from areas.models import Area, grid_levels
from areas.registers import cells as c
from areas.registers.cells import Column
from areas.registers.engine import Ctx, Errors, Row, Spec, by_code
from areas.registers.specs.common import code_column, scoped, unknown
from fieldwork.models import KeySpot
from fieldwork.models.patrols import CHECK_IN_RADIUS


class KeySpotSpec(Spec):
    key = "key_spots"
    label = gettext_lazy("Key spots")
    model = KeySpot
    owner_paths = ("grid__code",)
    columns = (
        code_column(pgettext_lazy("register column", "Key spot code")),
        Column("name", pgettext_lazy("register column", "Name"), c.string(100), required=True),
        Column("grid_code", pgettext_lazy("register column", "Grid code"), c.code, required=True),
        Column("kind", pgettext_lazy("register column", "Kind"), c.string(50)),
        Column(
            "lon",
            pgettext_lazy("register column", "Longitude"),
            c.decimal(-180, 180),
            required=True,
        ),
        Column(
            "lat", pgettext_lazy("register column", "Latitude"), c.decimal(-90, 90), required=True
        ),
        Column(
            "radius",
            pgettext_lazy("register column", "Check-in radius (m)"),
            c.integer(10, 2000, CHECK_IN_RADIUS),
        ),
        Column("note", pgettext_lazy("register column", "Note"), c.string(200)),
        Column("active", pgettext_lazy("register column", "Active"), c.boolean),
    )
    sources = {
        "name": "name",
        "grid_id": "grid_code",
        "kind": "kind",
        "lon": "lon",
        "lat": "lat",
        "radius": "radius",
        "note": "note",
        "active": "active",
    }

    def resolve(self, rows: list[Row], ctx: Ctx, errors: Errors) -> None:
        grids = by_code(Area, {r.cells["grid_code"] for r in rows}, "id", "level")
        levels = set(grid_levels())
        for r in rows:
            grid = grids.get(r.cells["grid_code"])
            if grid is None or grid["level"] not in levels:
                unknown(errors, r, "grid_code", _("grid"), r.cells["grid_code"])
                continue
            if not ctx.can_edit(grid["code"]):
                errors.add(
                    r.number, "grid_code", _("%(code)s is outside your area."), code=grid["code"]
                )
                continue
            radius = r.cells.get("radius")
            r.values = {
                "name": r.cells["name"],
                "grid_id": grid["id"],
                "kind": r.cells.get("kind", ""),
                "lon": r.cells["lon"],
                "lat": r.cells["lat"],
                "radius": CHECK_IN_RADIUS if radius is None else radius,
                "note": r.cells.get("note", ""),
                "active": r.cells.get("active", True),
            }

    def scope(self, user: Any) -> Q:
        return scoped(user, "grid__code")

    def export_queryset(self, user: Any) -> models.QuerySet[Any]:
        return (
            KeySpot.objects.filter(self.scope(user))
            .order_by("code")
            .values_list(
                "code", "name", "grid__code", "kind", "lon", "lat", "radius", "note", "active"
            )
        )

    def export_row(self, row: Any) -> list[Any]:
        code, name, grid, kind, lon, lat, radius, note, active = row
        return [code, name, grid, kind, lon, lat, radius, note, "是" if active else "否"]
