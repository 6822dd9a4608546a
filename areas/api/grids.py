"""Grids with their subtrees' counts; one grid with its posted workers and branches (定岗网格)."""

from __future__ import annotations

import os
from typing import Annotated, Any

from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Status

from areas import selectors
from areas.api import router
from areas.api.lookup import visible_area
from areas.api.paging import PageIn, paginate
from areas.api.schemas import ERRORS, GridDetailOut, GridPage
from areas.models import Area, Household, Resident, grid_level, grid_levels
from core.schemas import OneOf


@router.get(
    "/grids",
    response={200: GridPage, **ERRORS},
    summary="List grids",
    operation_id="areas_api_list_grids",
)
def list_grids(
    request: HttpRequest,
    paging: Query[PageIn],
    parent: str | None = None,
    level: Annotated[str, OneOf(grid_levels)] | None = None,
) -> Any:
    """Grids the caller may see, with the household and resident counts of their subtrees.
    The grid levels are the deployment's levels below the community; `level` picks one of
    them (default: the grid level itself, e.g. "grid", or "zone" in a 户—队—片—区 tree)."""
    if level is None:
        level = grid_level()
    qs = selectors.visible_areas(request.user).filter(level=level)
    if parent is not None:
        found = visible_area(request, parent)
        if isinstance(found, Status):
            return found
        qs = qs.filter(code__startswith=found.code)
    answer = paginate(qs.order_by("code"), paging)
    if isinstance(answer, Status):
        return answer
    households, residents = _subtree_counts(answer["items"])
    for g in answer["items"]:  # read by GridOut
        g.subtree_households = households.get(g.code, 0)
        g.subtree_residents = residents.get(g.code, 0)
    return answer


def _subtree_counts(areas: list[Area]) -> tuple[dict[str, int], dict[str, int]]:
    """Households and residents under each of `areas` (one level, ordered by code), which hang
    from the deepest grid level: the grid-level areas of the subtrees first (a small table),
    then counts grouped by indexed area id."""
    if not areas:
        return {}, {}
    width = len(areas[0].code)
    mine = {a.code for a in areas}
    prefix = os.path.commonprefix([areas[0].code, areas[-1].code])
    owner = {
        pk: code[:width]
        for pk, code in Area.objects.filter(
            code__startswith=prefix, level__in=grid_levels()
        ).values_list("pk", "code")
        if code[:width] in mine
    }

    def per_item(qs: QuerySet[Any], field: str) -> dict[str, int]:
        rows = qs.filter(**{f"{field}__in": list(owner)}).values(field).annotate(n=Count("pk"))
        out: dict[str, int] = {}
        for pk, n in rows.values_list(field, "n"):
            out[owner[pk]] = out.get(owner[pk], 0) + n
        return out

    return per_item(Household.objects.all(), "grid_id"), per_item(
        Resident.objects.all(), "household__grid_id"
    )


@router.get(
    "/grids/{code}",
    response={200: GridDetailOut, **ERRORS},
    summary="A grid",
    operation_id="areas_api_grid_detail",
)
def grid_detail(request: HttpRequest, code: str) -> Any:
    """定岗网格: a grid with its boundary, counts, posted workers and party branches."""
    found = visible_area(request, code)
    if isinstance(found, Status):
        return found
    if found.level not in grid_levels():
        return Status(404, {"detail": _("No such grid.")})
    return found
