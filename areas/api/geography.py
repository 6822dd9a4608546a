"""Roads, water bodies and service points the caller may see (`areas.permissions.geography_q`),
optionally those near an area (their bounding boxes, or positions, within its boundary's) or of
one class or kind."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Status

from areas import permissions
from areas.api import router
from areas.api.lookup import visible_area
from areas.api.paging import PageIn, paginate
from areas.api.schemas import ERRORS, RoadPage, ServicePointPage, WaterBodyPage
from areas.models import FeatureQuerySet, Road, ServiceKind, ServicePoint, WaterBody


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


@router.get(
    "/service-points",
    response={200: ServicePointPage, **ERRORS},
    summary="List service points",
    operation_id="areas_api_list_service_points",
)
def list_service_points(
    request: HttpRequest,
    paging: Query[PageIn],
    area: str | None = None,
    kind: Literal["school", "clinic", "market", "bus_stop", "party_centre", "station"]
    | None = None,
) -> Any:
    """Schools, clinics, markets, bus stops, party-mass service centres and stations, each at
    a point (longitude, latitude), with the area that keeps it."""
    qs = ServicePoint.objects.filter(permissions.geography_q(request.user)).select_related("area")
    if kind is not None:
        qs = qs.filter(kind=ServiceKind(kind))
    if area is not None:
        found = visible_area(request, area)
        if isinstance(found, Status):
            return found
        if not found.boundary:
            qs = qs.none()
        else:
            from shapely.geometry import shape

            minx, miny, maxx, maxy = shape(found.boundary).bounds
            qs = qs.filter(lon__gte=minx, lon__lte=maxx, lat__gte=miny, lat__lte=maxy)
    return paginate(qs.order_by("code"), paging)
