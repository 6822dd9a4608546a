"""Visit coverage by community, grid and worker, and the yearly ledger of a grid."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from areas.models import Area, grid_levels
from core import audit, timeutil
from core.http import AuthedRequest
from fieldwork import periods, permissions
from fieldwork.selectors import ledger as ledgers
from fieldwork.selectors import pairings as pairing_selectors
from fieldwork.selectors import visits as selectors


@login_required
def coverage(request: AuthedRequest) -> HttpResponse:
    if not permissions.may_see_coverage(request.user):
        raise Http404
    area = request.GET.get("area", "")
    figures = selectors.coverage(request.user, area)
    codes = selectors.narrowed(request.user, area)
    return render(
        request,
        "fieldwork/coverage.html",
        {
            **figures,
            "area": area,
            "pairing": pairing_selectors.coverage(codes) if codes else None,
            "year": timeutil.today().year,
        },
    )


@login_required
def ledger(request: AuthedRequest, code: str, year: int) -> HttpResponse:
    """The grid's ledger of `year` as an XLSX workbook (audited: it names households)."""
    grid = Area.objects.select_related("parent").filter(code=code, level__in=grid_levels()).first()
    if grid is None or not selectors.narrowed(request.user, grid.code):
        raise Http404
    if not 2000 <= year <= timeutil.today().year:
        raise Http404
    book = ledgers.ledger(grid, year)
    content = ledgers.xlsx(book)
    audit.record(
        request.user,
        "fieldwork.ledger.export",
        grid,
        {"year": year, "households": len(book.households)},
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="ledger-{grid.code}-{year}.xlsx"'
    return response


__all__ = ["coverage", "ledger", "periods"]
