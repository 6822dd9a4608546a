"""Households the caller may see; one household with its residents, numbers masked."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Status

from areas import permissions, selectors
from areas.api import router
from areas.api.lookup import visible_area
from areas.api.paging import PageIn, paginate
from areas.api.schemas import ERRORS, HouseholdDetailOut, HouseholdPage


@router.get(
    "/households",
    response={200: HouseholdPage, **ERRORS},
    summary="List households",
    operation_id="areas_api_list_households",
)
def list_households(
    request: HttpRequest,
    paging: Query[PageIn],
    area: str | None = None,
    building: str | None = None,
) -> Any:
    """Households the caller may see, within an area's subtree or one building."""
    qs = permissions.households_visible_to(request.user).select_related("building", "grid")
    if area is not None:
        found = visible_area(request, area)
        if isinstance(found, Status):
            return found
        qs = qs.filter(grid__code__startswith=found.code)
    if building is not None:
        try:
            b = selectors.get_building(request.user, building)
        except Http404:
            return Status(404, {"detail": _("No such building.")})
        qs = qs.filter(building=b)
    return paginate(qs.order_by("code"), paging)


@router.get(
    "/households/{code}",
    response={200: HouseholdDetailOut, **ERRORS},
    summary="A household",
    operation_id="areas_api_household_detail",
)
def household_detail(request: HttpRequest, code: str) -> Any:
    """A household and its residents; phone and ID numbers masked."""
    try:
        h = selectors.get_household(request.user, code)
    except Http404:
        return Status(404, {"detail": _("No such household.")})
    return h
