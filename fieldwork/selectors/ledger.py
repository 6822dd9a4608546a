"""The yearly ledger (民情台账) of a grid: every visit of the year to its households, grouped
by household, under a header block (grid, community, year, posted workers)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from accounts.models import RoleAssignment
from accounts.roles import GRID_WORKERS
from areas.models import Area, Household
from fieldwork.models import Visit, VisitKind


@dataclass
class Ledger:
    grid: Area
    year: int
    workers: list[str]
    households: list[tuple[Household, list[Visit]]]


def ledger(grid: Area, year: int) -> Ledger:
    visits = (
        Visit.objects.filter(
            household__grid=grid,
            visited_on__gte=dt.date(year, 1, 1),
            visited_on__lte=dt.date(year, 12, 31),
        )
        .prefetch_related("visitors")
        .order_by("household_id", "visited_on", "pk")
    )
    by_household: dict[int, list[Visit]] = {}
    for v in visits:
        by_household.setdefault(v.household_id, []).append(v)
    households = Household.objects.filter(grid=grid).select_related("building").order_by("code")
    workers = list(
        RoleAssignment.objects.filter(area=grid, role__in=sorted(GRID_WORKERS))
        .order_by("role", "user__name")
        .values_list("user__name", flat=True)
    )
    return Ledger(grid, year, workers, [(h, by_household.get(h.pk, [])) for h in households])


def xlsx(book_ledger: Ledger) -> bytes:
    """The ledger as an office files it: a header block, then one row per visit, grouped by
    household (a household never visited shows one row saying so)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    grid = book_ledger.grid
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = str(_("Visit ledger"))[:31]
    bold = Font(bold=True)
    sheet.append([_("%(year)d visit ledger (民情台账)") % {"year": book_ledger.year}])
    sheet["A1"].font = Font(bold=True, size=14)
    community = grid.parent.name if grid.parent else ""
    sheet.append([_("Grid"), f"{grid.name} ({grid.code})"])
    sheet.append([_("Community"), community])
    sheet.append([_("Year"), book_ledger.year])
    sheet.append([_("Grid workers"), "、".join(book_ledger.workers)])
    sheet.append([])
    header = [
        _("No."),
        _("Household"),
        _("Address"),
        _("Date"),
        _("Kind"),
        _("Visitors"),
        _("What was found"),
        _("Needs raised"),
        _("Distance (m)"),
    ]
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    kinds = dict(VisitKind.choices)
    n = 0
    for household, visits in book_ledger.households:
        n += 1
        if not visits:
            sheet.append([n, household.code, household.address, "", "", "", _("Not visited")])
            continue
        for i, v in enumerate(visits):
            sheet.append(
                [
                    n if i == 0 else "",
                    household.code if i == 0 else "",
                    household.address if i == 0 else "",
                    v.visited_on,
                    str(kinds.get(v.kind, v.kind)),
                    "、".join(u.name for u in v.visitors.all()),
                    v.found,
                    v.needs,
                    v.distance_m,
                ]
            )
    for column, width in zip("ABCDEFGHI", (6, 22, 30, 12, 14, 16, 40, 30, 10), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=8):
        for cell in row[6:8]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


__all__: list[Any] = ["Ledger", "ledger", "xlsx"]
