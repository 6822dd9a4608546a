"""The staff's yearly report: orders, hours, lists, projects, wishes, volunteers and teams."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q, Sum
from django.http import HttpResponse
from django.shortcuts import render

from core.http import AuthedRequest
from volunteering import permissions, selectors
from volunteering.models import OrderStatus, Volunteer
from volunteering.views.common import require_staff_page, year_asked


@login_required
def reports(request: AuthedRequest) -> HttpResponse:
    require_staff_page(request)
    year = year_asked(request)
    top = (
        Volunteer.objects.filter(permissions.staff_q(request.user, "community__code"))
        .annotate(
            hours=Sum(
                "orders__hours",
                filter=Q(orders__status=OrderStatus.CONFIRMED, orders__confirmed_at__year=year),
            )
        )
        .filter(hours__gt=0)
        .select_related("community")
        .order_by("-hours", "name")[:20]
    )
    return render(
        request,
        "volunteering/reports.html",
        {"f": selectors.report_figures(year, request.user), "year": year, "top": top},
    )
