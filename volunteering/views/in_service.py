"""在职党员双报到 for staff: in-service members registered in their communities, their services
in a year, who is behind, and the list's export for 评先评优."""

from __future__ import annotations

import csv
import io

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core import audit
from core.http import AuthedRequest
from core.masking import mask_phone
from volunteering import selectors
from volunteering.views.common import require_staff_page, year_asked


@login_required
def in_service(request: AuthedRequest) -> HttpResponse:
    """双报到: in-service members registered here, their services this year, who is behind."""
    require_staff_page(request)
    year = year_asked(request)
    required = selectors.required_services()
    behind = request.GET.get("behind") == "1"
    qs = selectors.in_service_progress(request.user, year, behind=behind)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = [
        (m, mask_phone(m.phone), min(100, round(100 * m.done / required)) if required else 100)
        for m in page
    ]
    return render(
        request,
        "volunteering/in_service.html",
        {"page": page, "rows": rows, "year": year, "required": required, "behind": behind},
    )


@login_required
def in_service_export(request: AuthedRequest, fmt: str) -> HttpResponse:
    """The list for 评先评优, phones masked; every export is audited."""
    require_staff_page(request)
    year = year_asked(request)
    required = selectors.required_services()
    qs = selectors.in_service_progress(request.user, year, behind=request.GET.get("behind") == "1")
    header = [
        _("Name"),
        _("Party organisation"),
        _("Workplace"),
        _("Home community"),
        _("Phone"),
        _("Orders served"),
        _("Wishes fulfilled"),
        _("Services"),
        pgettext("service count", "Required"),
        _("Behind"),
    ]
    rows = [
        [
            m.name,
            m.organisation.name,
            m.workplace,
            m.home_community.name if m.home_community else "",
            mask_phone(m.phone),
            m.orders_done,
            m.wishes_done,
            m.done,
            required,
            _("yes") if m.done < required else _("no"),
        ]
        for m in qs.iterator(chunk_size=2000)
    ]
    audit.record(
        request.user,
        "volunteering.in_service.export",
        None,
        {"year": year, "rows": len(rows), "format": fmt},
        object_type="party.partymember",
    )
    name = f"in-service-{year}"
    if fmt == "csv":
        out = io.StringIO()
        out.write("\ufeff")  # Excel opens UTF-8 CSV with Chinese correctly only with a BOM
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet(str(year))
        ws.append(header)
        for row in rows:
            ws.append(row)
        buf = io.BytesIO()
        wb.save(buf)
        response = HttpResponse(
            buf.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
