"""A month's rankings as a workbook: a sheet of workers and a sheet of grids, each row with
its ranks (subdistrict, community), each item's points, the adjustment and the score; only
the rows the reader sees (a community office: its community's)."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.utils.translation import gettext as _

from dashboard.assessment import selectors
from dashboard.models import ItemKey, MonthlyAssessment, Subject


def xlsx(a: MonthlyAssessment, user: Any) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    first = True
    keys = [k for k, w in a.scheme.weights.items() if w]
    for kind, label in Subject.choices:
        sheet = book.active if first else book.create_sheet()
        assert sheet is not None
        first = False
        sheet.title = str(label)[:31]
        sheet.append(
            [
                _("%(area)s assessment of %(month)s")
                % {"area": a.area.name, "month": f"{a.month:%Y-%m}"},
                str(a.get_status_display()),
            ]
        )
        sheet["A1"].font = Font(bold=True, size=14)
        head = [_("Rank"), _("Rank in the community"), _("Community"), _("Grid")]
        if kind == Subject.WORKER:
            head.append(_("Grid worker"))
        head += [f"{ItemKey(k).label} ({a.scheme.weights[k]})" for k in keys]
        head += [_("Computed"), _("Adjustment"), _("Reason"), _("Score")]
        sheet.append(head)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in selectors.ranked(a, kind, user):
            points = {i["key"]: float(i["points"]) for i in row.items}
            line: list[Any] = [
                row.rank,  # type: ignore[attr-defined]
                row.community_rank,  # type: ignore[attr-defined]
                row.community.name,
                row.grid.name,
            ]
            if kind == Subject.WORKER:
                line.append(row.user.name if row.user else "")
            line += [points.get(k, 0.0) for k in keys]
            line += [float(row.computed), float(row.adjustment), row.reason, float(row.score)]
            sheet.append(line)
    out = BytesIO()
    book.save(out)
    return out.getvalue()
