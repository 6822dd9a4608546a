"""The staff desk's case list as CSV or XLSX: the desk's filters and access rules, the
reporter's phone masked, every export audited."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

from cases.models import Case
from cases.views.lists import desk_cases, is_desk_user
from cases.workflow import Status
from core import audit, replica
from core.http import AuthedRequest
from core.masking import mask_phone
from core.timeutil import SHANGHAI

MAX_ROWS = 50_000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _header() -> list[str]:
    return [
        _("Number"),
        _("Status"),
        _("Overdue"),
        _("Category code"),
        _("Category"),
        _("Area code"),
        _("Area"),
        _("Level"),
        _("Channel"),
        _("Reported at"),
        _("Due at"),
        _("Closed at"),
        _("Reporter"),
        _("Reporter phone"),
        _("Owner"),
        _("Handler"),
        _("Address"),
        pgettext("case", "Description"),
    ]


def _when(value: Any) -> str:
    return f"{value.astimezone(SHANGHAI):%Y-%m-%d %H:%M}" if value else ""


def _cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula is quoted (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _reporter(c: Case) -> tuple[str, str]:
    """The reporter's name and masked phone (an anonymous report shows neither)."""
    if c.anonymous:
        return str(_("Anonymous")), ""
    if c.reporter_id and c.reporter:
        return c.reporter.name, mask_phone(c.reporter.phone)
    return c.caller_name, mask_phone(c.caller_phone)


def rows(qs: Any) -> Iterator[list[Any]]:
    for c in qs.iterator(chunk_size=2000):
        name, phone = _reporter(c)
        row = [
            c.number,
            str(Status(c.status).label),
            _("yes") if c.overdue else _("no"),
            c.category.code,
            c.category.label,
            c.area_code,
            c.area.name,
            c.get_level_display(),
            c.get_channel_display(),
            _when(c.reported_at),
            _when(c.due_at),
            _when(c.closed_at),
            name,
            phone,
            c.owner.name if c.owner_id and c.owner else "",
            c.handler.name if c.handler_id and c.handler else "",
            c.address,
            c.description,
        ]
        yield [_cell(v) for v in row]


@login_required
@require_GET
def desk_export(request: AuthedRequest, fmt: str) -> HttpResponse:
    if not is_desk_user(request.user) or fmt not in {"csv", "xlsx"}:
        raise Http404
    qs, filters = desk_cases(request)
    with replica.reads():  # the export's rows may come from a read replica
        table = list(rows(qs[:MAX_ROWS]))
    header = _header()
    if fmt == "csv":
        out = io.StringIO()
        out.write("\ufeff")  # Excel reads UTF-8 Chinese text only with a BOM
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(table)
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(_("Cases")[:31])
        sheet.append(header)
        for row in table:
            sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    audit.record(
        request.user,
        "cases.export",
        None,
        {"format": fmt, "rows": len(table), **filters},
        object_type="cases.case",
        object_repr=f"{len(table)} cases",
    )
    stamp = f"{timezone.now().astimezone(SHANGHAI):%Y%m%d-%H%M}"
    response["Content-Disposition"] = f'attachment; filename="cases-{stamp}.{fmt}"'
    return response
