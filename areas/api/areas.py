"""The area tree: list areas, one area with its counts and children."""

from __future__ import annotations

from typing import Annotated, Any

from django.db.models import Q
from django.http import HttpRequest
from ninja import Query, Status

from areas import selectors
from areas.api import router
from areas.api.lookup import visible_area
from areas.api.paging import PageIn, paginate
from areas.api.schemas import ERRORS, AreaDetailOut, AreaPage
from areas.models import level_names
from core.schemas import OneOf


@router.get(
    "/",
    response={200: AreaPage, **ERRORS},
    summary="List areas",
    operation_id="areas_api_list_areas",
)
def list_areas(
    request: HttpRequest,
    paging: Query[PageIn],
    parent: str | None = None,
    level: Annotated[str, OneOf(level_names)] | None = None,
    q: str | None = None,
) -> Any:
    """Areas the caller may see, filtered by parent code, level, or a name/code search."""
    qs = selectors.visible_areas(request.user).select_related("parent")
    if parent is not None:
        found = visible_area(request, parent)
        if isinstance(found, Status):
            return found
        qs = qs.filter(parent=found)
    if level is not None:
        qs = qs.filter(level=level)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__startswith=q))
    return paginate(qs.order_by("code"), paging)


@router.get(
    "/{code}",
    response={200: AreaDetailOut, **ERRORS},
    summary="An area",
    operation_id="areas_api_area_detail",
)
def area_detail(request: HttpRequest, code: str) -> Any:
    """An area with its boundary (GeoJSON, WGS-84), counts and children."""
    found = visible_area(request, code)
    if isinstance(found, Status):
        return found
    return found
