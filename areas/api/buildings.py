"""Buildings the caller may see; one building with its counts."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Status

from areas import permissions, selectors
from areas.api import router
from areas.api.lookup import visible_area
from areas.api.paging import PageIn, paginate
from areas.api.schemas import ERRORS, BuildingDetailOut, BuildingPage
from areas.models import Building


@router.get(
    "/buildings",
    response={200: BuildingPage, **ERRORS},
    summary="List buildings",
    operation_id="areas_api_list_buildings",
)
def list_buildings(request: HttpRequest, paging: Query[PageIn], area: str | None = None) -> Any:
    """Buildings the caller may see, optionally within an area's subtree."""
    qs = Building.objects.filter(permissions.buildings_q(request.user)).select_related(
        "compound", "community", "grid"
    )
    if area is not None:
        found = visible_area(request, area)
        if isinstance(found, Status):
            return found
        qs = qs.filter(
            Q(grid__code__startswith=found.code) | Q(community__code__startswith=found.code)
        )
    return paginate(qs.order_by("code"), paging)


@router.get(
    "/buildings/{code}",
    response={200: BuildingDetailOut, **ERRORS},
    summary="A building",
    operation_id="areas_api_building_detail",
)
def building_detail(request: HttpRequest, code: str) -> Any:
    try:
        b = selectors.get_building(request.user, code)
    except Http404:
        return Status(404, {"detail": _("No such building.")})
    return b
