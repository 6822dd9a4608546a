"""The geography registers: roads (lines) and water bodies (polygons), each kept by an area.

Their files are XLSX or CSV with the geometry as GeoJSON or WKT text in one column, or a
GeoJSON FeatureCollection whose features' properties are the other columns (`reader`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from areas import geometry, permissions
from areas.models import Area, Road, RoadClass, WaterBody, WaterKind
from areas.registers import cells as c
from areas.registers.cells import CellError, Column
from areas.registers.engine import Ctx, Errors, Row, Spec, by_code
from areas.registers.models import Register
from areas.registers.specs.common import check_area, code_column, unknown

# Fixed Chinese names, used in exports and accepted on import whatever the UI language.
ROAD_CLASS_ZH = {"main": "主干道", "street": "街道", "lane": "巷弄"}
WATER_KIND_ZH = {"river": "河流", "lake": "湖泊", "canal": "运河", "pond": "池塘"}


def geometry_cell(kinds: tuple[str, ...]) -> Callable[[Any], dict[str, Any] | str]:
    def parse(value: Any) -> dict[str, Any] | str:
        raw = c.text(value)
        if raw == "":
            return ""
        try:
            return geometry.parse(raw, kinds)
        except geometry.GeometryError as exc:
            raise CellError(exc.msgid, **exc.params) from exc

    return parse


def _area_column() -> Column:
    return Column(
        "area_code",
        pgettext_lazy("register column", "Area code"),
        c.code,
        required=True,
        aliases=("area",),
    )


class FeatureSpec(Spec):
    """What roads and water bodies share: a code, a name, the keeping area, a geometry."""

    owner_paths = ("area__code",)
    geometry_column = "geometry"
    kind_field: str
    kind_zh: dict[str, str]

    def resolve(self, rows: list[Row], ctx: Ctx, errors: Errors) -> None:
        areas = by_code(Area, {r.cells["area_code"] for r in rows}, "id", "level")
        for r in rows:
            area = areas.get(r.cells["area_code"])
            if area is None:
                unknown(errors, r, "area_code", _("area"), r.cells["area_code"])
                continue
            if not check_area(ctx, errors, r, "area_code", area):
                continue
            shape = r.cells["geometry"]
            min_lon, min_lat, max_lon, max_lat = geometry.bbox(shape)
            r.values = {
                "name": r.cells["name"],
                self.kind_field: r.cells[self.kind_field],
                "area_id": area["id"],
                "geometry": shape,
                "min_lon": min_lon,
                "min_lat": min_lat,
                "max_lon": max_lon,
                "max_lat": max_lat,
            }

    def scope(self, user: Any) -> Q:
        return permissions.geography_q(user)

    def export_queryset(self, user: Any) -> models.QuerySet[Any]:
        return (
            self.model._default_manager.filter(self.scope(user))
            .order_by("code")
            .values_list("code", "name", self.kind_field, "area__code", "geometry")
        )

    def export_row(self, row: Any) -> list[Any]:
        code, name, kind, area, shape = row
        return [code, name, self.kind_zh.get(kind, kind), area, json.dumps(shape)]


_SOURCES = {
    "name": "name",
    "area_id": "area_code",
    "geometry": "geometry",
    "min_lon": "geometry",
    "min_lat": "geometry",
    "max_lon": "geometry",
    "max_lat": "geometry",
}


class RoadSpec(FeatureSpec):
    key = Register.ROADS
    label = Register.ROADS.label
    model = Road
    kind_field = "road_class"
    kind_zh = ROAD_CLASS_ZH
    columns = (
        code_column(pgettext_lazy("register column", "Road code")),
        Column("name", pgettext_lazy("register column", "Name"), c.string(100), required=True),
        Column(
            "road_class",
            pgettext_lazy("register column", "Road class"),
            c.choice(RoadClass, ROAD_CLASS_ZH),
            required=True,
            aliases=("class",),
        ),
        _area_column(),
        Column(
            "geometry",
            pgettext_lazy("register column", "Geometry"),
            geometry_cell(geometry.LINES),
            required=True,
            help=_("GeoJSON LineString or MultiLineString, or WKT, in longitude, latitude"),
        ),
    )
    sources = {**_SOURCES, "road_class": "road_class"}


class WaterBodySpec(FeatureSpec):
    key = Register.WATER_BODIES
    label = Register.WATER_BODIES.label
    model = WaterBody
    kind_field = "kind"
    kind_zh = WATER_KIND_ZH
    columns = (
        code_column(pgettext_lazy("register column", "Water body code")),
        Column("name", pgettext_lazy("register column", "Name"), c.string(100), required=True),
        Column(
            "kind",
            pgettext_lazy("register column", "Water kind"),
            c.choice(WaterKind, WATER_KIND_ZH),
            required=True,
        ),
        _area_column(),
        Column(
            "geometry",
            pgettext_lazy("register column", "Geometry"),
            geometry_cell(geometry.POLYGONS),
            required=True,
            help=_("GeoJSON Polygon or MultiPolygon, or WKT, in longitude, latitude"),
        ),
    )
    sources = {**_SOURCES, "kind": "kind"}
