"""Checking the geometry of the geography registers (roads, water bodies): GeoJSON (a geometry
or a Feature, as a dict or as text) or WKT in, a plain GeoJSON geometry dict out, in WGS-84
longitude, latitude. One checker for the models' `clean`, the register import and the demo.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from core.i18n import Deferred

LINES = ("LineString", "MultiLineString")
POLYGONS = ("Polygon", "MultiPolygon")


class GeometryError(ValueError):
    """A geometry that cannot be stored; `message` is a Deferred lazy translation."""

    def __init__(self, message: Any, /, **params: Any) -> None:
        self.message = Deferred(message, **params)
        self.msgid = message
        self.params = params
        super().__init__(str(self.message))


def _numbers(coordinates: Any) -> Iterable[Any]:
    if isinstance(coordinates, list | tuple):
        for item in coordinates:
            yield from _numbers(item)
    else:
        yield coordinates


def parse(value: Any, kinds: tuple[str, ...]) -> dict[str, Any]:
    """The geometry `value` as a GeoJSON dict of one of `kinds`, or GeometryError saying why."""
    from shapely import wkt
    from shapely.errors import ShapelyError
    from shapely.geometry import mapping, shape

    data: Any = value
    if isinstance(value, str):
        raw = value.strip()
        if raw.startswith("{"):
            try:
                data = json.loads(raw)
            except (ValueError, RecursionError) as exc:
                raise GeometryError(_("The geometry is not valid GeoJSON.")) from exc
        else:
            try:
                data = json.loads(json.dumps(mapping(wkt.loads(raw))))
            except (ShapelyError, ValueError, TypeError) as exc:
                raise GeometryError(_("The geometry is neither GeoJSON nor WKT.")) from exc
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = data.get("geometry")
    if not isinstance(data, dict) or data.get("type") not in kinds:
        raise GeometryError(_("The geometry must be a %(kinds)s."), kinds=" / ".join(kinds))
    coordinates = data.get("coordinates")
    try:
        numbers = list(_numbers(coordinates))
    except RecursionError as exc:
        raise GeometryError(_("The geometry's coordinates are malformed.")) from exc
    if not numbers or not all(
        isinstance(n, int | float) and not isinstance(n, bool) for n in numbers
    ):
        raise GeometryError(_("The geometry's coordinates are malformed."))
    if not all(math.isfinite(n) for n in numbers):
        raise GeometryError(_("The geometry's coordinates must be finite numbers (no NaN)."))
    try:
        geometry = shape({"type": data["type"], "coordinates": coordinates})
    except Exception as exc:  # shapely raises several kinds for malformed coordinates
        raise GeometryError(_("The geometry's coordinates are malformed.")) from exc
    if geometry.is_empty:
        raise GeometryError(_("The geometry is empty."))
    minx, miny, maxx, maxy = geometry.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise GeometryError(_("The geometry must be in longitude, latitude (WGS-84)."))
    if data["type"] in LINES and geometry.length == 0:
        raise GeometryError(_("A line needs at least two different points."))
    if data["type"] in POLYGONS and not geometry.is_valid:
        raise GeometryError(_("The polygon intersects itself."))
    return {"type": data["type"], "coordinates": json.loads(json.dumps(coordinates))}


def bbox(data: dict[str, Any]) -> tuple[float, float, float, float]:
    """(min lon, min lat, max lon, max lat) of a checked geometry."""
    from shapely.geometry import shape

    minx, miny, maxx, maxy = shape(data).bounds
    return minx, miny, maxx, maxy
