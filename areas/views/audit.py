"""The audit log for staff, scoped to the areas where they hold a staff role."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render

from areas import permissions
from core.audit_labels import action_choices, action_label, change_line
from core.http import AuthedRequest


@login_required
def audit_log(request: AuthedRequest) -> HttpResponse:
    if not permissions.may_read_audit(request.user):
        raise Http404
    entries = permissions.audit_visible_to(request.user).select_related("actor")
    action = request.GET.get("action", "").strip()
    if action:
        entries = entries.filter(action__startswith=action)
    area = request.GET.get("area", "").strip()
    if area.isdigit():
        entries = entries.filter(area_code__startswith=area)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    for entry in page:
        entry.action_label = action_label(entry.action)  # type: ignore[attr-defined]
        entry.change_lines = [  # type: ignore[attr-defined]
            change_line(entry.object_type, k, v) for k, v in entry.changes.items()
        ]
    return render(
        request,
        "areas/audit.html",
        {
            "page": page,
            "action": action,
            "actions": action_choices(),
            "area": area,
        },
    )
