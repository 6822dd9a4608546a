"""The staff board: orders of the staff's communities to review and publish (居民点单、组织下单)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render

from core.http import AuthedRequest
from volunteering import selectors
from volunteering.models import OrderStatus
from volunteering.views.common import require_staff_page


@login_required
def board(request: AuthedRequest) -> HttpResponse:
    """Orders of the staff's communities, the ones waiting for review first."""
    require_staff_page(request)
    status = request.GET.get("status", OrderStatus.REQUESTED)
    qs = selectors.staff_orders(request.user).select_related(
        "community", "service", "team", "taker", "requester"
    )
    counts = dict(qs.values_list("status").annotate(n=Count("pk")).order_by())
    if status in OrderStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs.order_by("-created", "-pk"), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "volunteering/staff_board.html",
        {
            "page": page,
            "status": status,
            "statuses": [(v, label, counts.get(v, 0)) for v, label in OrderStatus.choices],
        },
    )
