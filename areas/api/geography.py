"""Roads and water bodies the caller may see (`areas.permissions.geography_q`), optionally
those near an area (their bounding boxes meet its boundary's) or of one class or kind."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Status

from areas import permissions
from areas.api import router
from areas.api.lookup import visible_area
from areas.api.paging import PageIn, paginate
from areas.api.schemas import ERRORS, RoadPage, WaterBodyPage
from areas.models import FeatureQuerySet, Road, WaterBody


def _near(request: HttpRequest, qs: FeatureQuerySet, area: str | None) -> Any:
    if area is None:
        return qs
    found = visible_area(request, area)
    if isinstance(found, Status):
        return found
    if not found.boundary:
        return qs.none()
    from shapely.geometry import shape

    return qs.near(shape(found.boundary).bounds)


@router.get(
    "/roads",
    response={200: RoadPage, **ERRORS},
    summary="List roads",
    operation_id="areas_api_list_roads",
)
def list_roads(
    request: HttpRequest,
    paging: Query[PageIn],
    area: str | None = None,
    road_class: Literal["main", "street", "lane"] | None = None,
) -> Any:
    """Roads as GeoJSON lines, with their class (main road, street, lane) and keeping area."""
    qs = Road.objects.filter(permissions.geography_q(request.user)).select_related("area")
    if road_class is not None:
        qs = qs.filter(road_class=road_class)
    found = _near(request, qs, area)
    if isinstance(found, Status):
        return found
    return paginate(found.order_by("code"), paging)


@router.get(
    "/water-bodies",
    response={200: WaterBodyPage, **ERRORS},
    summary="List water bodies",
    operation_id="areas_api_list_water_bodies",
)
def list_water_bodies(request: HttpRequest, paging: Query[PageIn], area: str | None = None) -> Any:
    """Rivers, lakes, canals and ponds as GeoJSON polygons; nothing is built in them."""
    qs = WaterBody.objects.filter(permissions.geography_q(request.user)).select_related("area")
    found = _near(request, qs, area)
    if isinstance(found, Status):
        return found
    return paginate(found.order_by("code"), paging)
