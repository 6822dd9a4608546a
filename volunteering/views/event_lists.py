"""The organiser's side of sign-up: the lists (places, waiting, cancelled, attended,
no-shows), the check-in code and its QR, the export, and closing the attendance."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import audit
from core.http import AuthedRequest
from core.masking import mask_phone
from core.timeutil import shown
from volunteering import actions, permissions, selectors
from volunteering.models import CommunityEvent, SignUp, SignUpStatus
from volunteering.views.common import attempt


def organised(request: AuthedRequest, pk: int) -> CommunityEvent:
    """An event the user runs (staff of its community, or its organiser); 404 otherwise."""
    return get_object_or_404(
        CommunityEvent.objects.filter(permissions.runs_events_q(request.user)).select_related(
            "community", "organiser", "cancelled_by", "signup_area", "organisation"
        ),
        pk=pk,
    )


def lists_of(event: CommunityEvent) -> dict[str, Any]:
    rows = selectors.signup_rows(event)
    by: dict[str, list[SignUp]] = {s: [] for s in SignUpStatus.values}
    for row in rows:
        by[row.status].append(row)
    return {
        "held": by["held"],
        "waiting": by["waiting"],
        "attended_rows": by["attended"],
        "no_shows": by["no_show"],
        "cancelled_rows": by["cancelled"],
        "counts": {s: len(v) for s, v in by.items()},
    }


def checkin_url(request: AuthedRequest, event: CommunityEvent) -> str:
    path = reverse("volunteering:event_check_in", args=[event.pk])
    return request.build_absolute_uri(f"{path}?code={event.checkin_code}")


def qr_svg(url: str) -> str:
    """The QR of the check-in address, drawn here as inline SVG (segno; nothing fetched)."""
    import segno

    return str(segno.make(url, error="m").svg_inline(scale=5, border=2))


@login_required
def event_export(request: AuthedRequest, pk: int, fmt: str) -> HttpResponse:
    """The sign-up lists as CSV or XLSX, phones masked; audited."""
    event = organised(request, pk)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    labels = dict(SignUpStatus.choices)
    header = [_("Name"), _("Phone"), _("Status"), _("Signed up at"), _("No-shows (all events)")]
    rows = [
        [
            s.user.name,
            mask_phone(s.user.phone or ""),
            str(labels.get(s.status, s.status)),
            shown(s.queued_at),
            s.no_shows,  # type: ignore[attr-defined]
        ]
        for s in selectors.signup_rows(event)
    ]
    audit.record(
        request.user,
        "volunteering.event.export",
        event,
        {"rows": len(rows), "format": fmt},
    )
    name = f"event-{event.pk}-signups"
    if fmt == "csv":
        out = io.StringIO()
        out.write("\ufeff")  # Excel opens UTF-8 CSV with Chinese correctly only with a BOM
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet(str(event.pk))
        ws.append(header)
        for row in rows:
            ws.append(row)
        buf = io.BytesIO()
        wb.save(buf)
        response = HttpResponse(
            buf.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
@require_POST
def event_close(request: AuthedRequest, pk: int) -> HttpResponse:
    """Count the no-shows now that check-in has closed (the hourly sweep does it too)."""
    event = organised(request, pk)
    done = attempt(request, lambda: actions.do_mark_no_shows(event, actor=request.user), "")
    if done is not None:
        messages.success(request, _("%(n)d no-shows counted.") % {"n": done})
    return redirect("volunteering:event", pk)
