"""The service points register: schools, clinics, markets, bus stops, party-mass service
centres and stations, each at a point and kept by an area (seen and changed as the roads are)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from areas import permissions
from areas.models import Area, ServiceKind, ServicePoint
from areas.registers import cells as c
from areas.registers.cells import Column
from areas.registers.engine import Ctx, Errors, Row, Spec, by_code
from areas.registers.models import Register
from areas.registers.specs.common import check_area, code_column, unknown

# Fixed Chinese names, used in exports and accepted on import whatever the UI language.
SERVICE_KIND_ZH = {
    "school": "学校",
    "clinic": "卫生服务站",
    "market": "农贸市场",
    "bus_stop": "公交站",
    "party_centre": "党群服务中心",
    "station": "驿站",
}


class ServicePointSpec(Spec):
    key = Register.SERVICE_POINTS
    label = Register.SERVICE_POINTS.label
    owner_paths = ("area__code",)
    model = ServicePoint
    columns = (
        code_column(pgettext_lazy("register column", "Service point code")),
        Column("name", pgettext_lazy("register column", "Name"), c.string(100), required=True),
        Column(
            "kind",
            pgettext_lazy("register column", "Service kind"),
            c.choice(ServiceKind, SERVICE_KIND_ZH),
            required=True,
        ),
        Column(
            "area_code",
            pgettext_lazy("register column", "Area code"),
            c.code,
            required=True,
            aliases=("area",),
        ),
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
    )
    sources = {
        "name": "name",
        "kind": "kind",
        "area_id": "area_code",
        "address": "address",
        "lon": "lon",
        "lat": "lat",
    }

    def resolve(self, rows: list[Row], ctx: Ctx, errors: Errors) -> None:
        areas = by_code(Area, {r.cells["area_code"] for r in rows}, "id", "level")
        for r in rows:
            area = areas.get(r.cells["area_code"])
            if area is None:
                unknown(errors, r, "area_code", _("area"), r.cells["area_code"])
                continue
            if not check_area(ctx, errors, r, "area_code", area):
                continue
            if (r.cells["lon"], r.cells["lat"]) == (0, 0):
                errors.add(r.number, "lon", _("The position (0, 0) is not a place."))
                continue
            r.values = {
                "name": r.cells["name"],
                "kind": r.cells["kind"],
                "area_id": area["id"],
                "address": r.cells.get("address", ""),
                "lon": r.cells["lon"],
                "lat": r.cells["lat"],
            }

    def scope(self, user: Any) -> Q:
        return permissions.geography_q(user)

    def export_queryset(self, user: Any) -> models.QuerySet[Any]:
        return (
            ServicePoint.objects.filter(self.scope(user))
            .order_by("code")
            .values_list("code", "name", "kind", "area__code", "address", "lon", "lat")
        )

    def export_row(self, row: Any) -> list[Any]:
        code, name, kind, area, address, lon, lat = row
        return [code, name, SERVICE_KIND_ZH.get(kind, kind), area, address, lon, lat]
