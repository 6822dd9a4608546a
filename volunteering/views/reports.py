"""The staff's yearly report: orders, hours, lists, projects, wishes, volunteers and teams."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Avg, Count, Q, Sum
from django.http import HttpResponse
from django.shortcuts import render

from core.http import AuthedRequest
from volunteering import permissions
from volunteering.models import (
    UNREVIEWED,
    MicroWish,
    Need,
    NeedStatus,
    Order,
    OrderStatus,
    Project,
    ProjectStatus,
    Resource,
    Team,
    Volunteer,
    WishStatus,
)
from volunteering.views.common import require_staff_page, year_asked


def report_figures(user: Any, year: int) -> dict[str, Any]:
    scope = permissions.staff_q(user, "community__code")
    orders = Order.objects.filter(scope, created__year=year)
    by_status = dict(orders.values_list("status").annotate(n=Count("pk")).order_by())
    done = orders.filter(status=OrderStatus.CONFIRMED).aggregate(
        hours=Sum("hours"), rating=Avg("rating"), n=Count("pk")
    )
    # Residents' posts count once published (not while awaiting review, nor declined).
    needs = Need.objects.filter(scope).exclude(status__in=UNREVIEWED)
    wishes = MicroWish.objects.filter(scope, created__year=year).exclude(status__in=UNREVIEWED)
    wish_status = dict(wishes.values_list("status").annotate(n=Count("pk")).order_by())
    return {
        "orders": sum(by_status.values()),
        "orders_by_status": [(label, by_status.get(v, 0)) for v, label in OrderStatus.choices],
        "confirmed": done["n"],
        "hours": done["hours"] or 0,
        "rating": round(done["rating"], 2) if done["rating"] else None,
        "needs": needs.count(),
        "needs_matched": needs.exclude(status=NeedStatus.OPEN).count(),
        "resources": Resource.objects.filter(scope).count(),
        "projects": Project.objects.filter(scope).count(),
        "projects_done": Project.objects.filter(scope, status=ProjectStatus.COMPLETED).count(),
        "wishes": sum(wish_status.values()),
        "wishes_claimed": sum(
            wish_status.get(s, 0)
            for s in (WishStatus.CLAIMED, WishStatus.FULFILLED, WishStatus.CONFIRMED)
        ),
        "wishes_confirmed": wish_status.get(WishStatus.CONFIRMED, 0),
        "volunteers": Volunteer.objects.filter(scope, active=True).count(),
        "party_volunteers": Volunteer.objects.filter(
            scope, active=True, party_member__isnull=False
        ).count(),
        "teams": Team.objects.filter(scope, active=True).count(),
    }


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
        {"f": report_figures(request.user, year), "year": year, "top": top},
    )
