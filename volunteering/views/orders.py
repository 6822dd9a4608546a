"""Order pages: the resident's menu and orders, the volunteer's board, one order's page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from areas.location import metres
from core.http import AuthedRequest
from core.timeutil import today
from volunteering import actions, permissions, selectors
from volunteering.forms import RequestForm
from volunteering.models import Order, OrderStatus, ServiceItem, Team, Volunteer
from volunteering.views.common import attempt, post_float, post_int
from volunteering.workflow import ORDER_EVENT_LABELS, order_events_from


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    if permissions.is_any_staff(request.user):
        return redirect("volunteering:staff")
    if selectors.volunteer_for(request.user) is not None:
        return redirect("volunteering:open")
    return redirect("volunteering:menu")


@login_required
def menu(request: AuthedRequest) -> HttpResponse:
    """服务清单 and 点单: the community's menu, and a request from it or in free text."""
    community = selectors.home_community(request.user)
    chosen = request.GET.get("service", "")
    initial = {"service": chosen} if chosen.isdigit() else None  # a card's "Request this"
    form = RequestForm(request.POST or None, community=community, initial=initial)
    if request.method == "POST" and form.is_valid() and community is not None:
        data = form.cleaned_data
        order = attempt(
            request,
            lambda: actions.do_request_order(
                requester=request.user,
                service=data["service"],
                title=data["title"],
                description=data["description"],
                wanted_at=data["wanted_at"],
                actor=request.user,
            ),
            _("Your request was sent to the community."),
        )
        if order is not None:
            return redirect("volunteering:order", order.pk)
    items = []
    if community is not None:
        items = list(
            ServiceItem.objects.filter(community=community, active=True)
            .select_related("team")
            .order_by("category", "title")
        )
    return render(
        request,
        "volunteering/menu.html",
        {"community": community, "items": items, "form": form},
    )


@login_required
def my_orders(request: AuthedRequest) -> HttpResponse:
    orders = (
        Order.objects.filter(requester=request.user)
        .select_related("taker", "service")
        .order_by("-created", "-pk")
    )
    page = Paginator(orders, 20).get_page(request.GET.get("page"))
    return render(request, "volunteering/my_orders.html", {"page": page})


@login_required
def open_orders(request: AuthedRequest) -> HttpResponse:
    """The volunteer's board: published orders they may take, nearest first."""
    volunteer = selectors.volunteer_for(request.user)
    if volunteer is None:
        return redirect("volunteering:hours")
    lon, lat = request.GET.get("lon"), request.GET.get("lat")
    point = None
    try:
        if lon and lat:
            point = (float(lon), float(lat))
    except ValueError:
        point = None
    point = point or selectors.volunteer_home_point(volunteer)
    rows = selectors.near(selectors.open_orders_for(volunteer), point)
    mine = (
        Order.objects.filter(
            taker=volunteer, status__in=[OrderStatus.TAKEN, OrderStatus.IN_PROGRESS]
        )
        .select_related("service")
        .order_by("taken_at")
    )
    return render(
        request,
        "volunteering/open.html",
        {"rows": rows, "mine": mine, "volunteer": volunteer, "located": bool(lon and lat)},
    )


@login_required
def hours(request: AuthedRequest) -> HttpResponse:
    volunteer = selectors.volunteer_for(request.user)
    if request.method == "POST" and volunteer is None:
        created = attempt(
            request,
            lambda: actions.do_register_volunteer(
                actor=request.user,
                user=request.user,
                skills=request.POST.get("skills", ""),
            ),
            _("Welcome! You are now a volunteer."),
        )
        if created is not None:
            return redirect("volunteering:open")
    done = []
    total = year_total = None
    if volunteer is not None:
        done = list(
            volunteer.orders.filter(status=OrderStatus.CONFIRMED)
            .select_related("community")
            .order_by("-confirmed_at")[:50]
        )
        total = selectors.hours_of(volunteer)
        year_total = selectors.hours_of(volunteer, today().year)
    return render(
        request,
        "volunteering/hours.html",
        {
            "volunteer": volunteer,
            "done": done,
            "total": total,
            "year_total": year_total,
            "year": today().year,
            "can_register": selectors.home_community(request.user) is not None,
        },
    )


def _visible_order(request: AuthedRequest, pk: int) -> Order:
    qs = permissions.orders_visible_to(request.user).select_related(
        "community", "service", "team", "taker__user", "requester"
    )
    return get_object_or_404(qs, pk=pk)


def _allowed(request: AuthedRequest, order: Order) -> set[str]:
    """The moves this user may make on this order now (the actions still check)."""
    user = request.user
    possible = order_events_from(order.status)
    out: set[str] = set()
    staff = permissions.is_staff_for(user, order.community.code)
    volunteer = selectors.volunteer_for(user)
    is_taker = order.taker is not None and order.taker.user_id == user.pk
    if staff:
        out |= possible & {"publish", "reject", "assign", "no_show", "cancel", "confirm"}
    if order.requester_id == user.pk:
        out |= possible & {"confirm", "cancel"}
    if is_taker:
        out |= possible & {"check_in", "check_out", "release"}
    if (
        volunteer is not None
        and not is_taker
        and order.requester_id != user.pk
        and "take" in possible
        and permissions.volunteer_reaches(volunteer, order)
    ):
        out.add("take")
    return out


@login_required
def order_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    order = _visible_order(request, pk)
    allowed = _allowed(request, order)
    events = order.events.select_related("actor", "volunteer")
    staff = permissions.is_staff_for(request.user, order.community.code)
    teams = volunteers = None
    if staff:
        teams = Team.objects.filter(community=order.community, active=True)
        volunteers = Volunteer.objects.filter(
            Q(community=order.community) | Q(memberships__team__community=order.community),
            active=True,
            user__isnull=False,
        ).distinct()[:300]
    distance = None
    if order.check_in_lon is not None and order.lon is not None:
        distance = round(
            metres(order.lon, order.lat, order.check_in_lon, order.check_in_lat)  # type: ignore[arg-type]
        )
    return render(
        request,
        "volunteering/order.html",
        {
            "order": order,
            "allowed": allowed,
            "events": [(e, ORDER_EVENT_LABELS.get(e.event, e.event)) for e in events],
            "staff": staff,
            "teams": teams,
            "volunteers": volunteers,
            "distance": distance,
        },
    )


# Each event of the order page: the action it calls and what the page says once it is done.
ORDER_ACTIONS: dict[str, tuple[Callable[..., Any], Any]] = {
    "publish": (actions.do_publish_order, gettext_lazy("Published.")),
    "reject": (actions.do_reject_order, gettext_lazy("Rejected.")),
    "take": (actions.do_take_order, gettext_lazy("The order is yours.")),
    "assign": (actions.do_assign_order, gettext_lazy("Assigned.")),
    "release": (actions.do_release_order, gettext_lazy("Given back.")),
    "no_show": (
        actions.do_mark_no_show,
        gettext_lazy("Recorded as a no-show; the order is back on the board."),
    ),
    "check_in": (actions.do_check_in, gettext_lazy("Checked in.")),
    "check_out": (actions.do_check_out, gettext_lazy("Checked out. The resident will confirm.")),
    "confirm": (actions.do_confirm_order, gettext_lazy("Thank you for rating.")),
    "cancel": (actions.do_cancel_order, gettext_lazy("Cancelled.")),
}


def _order_inputs(request: AuthedRequest, event: str) -> dict[str, Any]:
    """The event's inputs from the posted form, as the action's keywords (404 for a team or
    volunteer that is not there)."""
    post = request.POST
    if event in ("reject", "release", "no_show", "cancel"):
        return {"reason": post.get("reason", "")}
    if event == "publish":
        team_id = post_int(request, "team")
        return {"team": get_object_or_404(Team, pk=team_id) if team_id else None}
    if event == "assign":
        return {"volunteer": get_object_or_404(Volunteer, pk=post_int(request, "volunteer") or 0)}
    if event in ("check_in", "check_out"):
        place = {"lon": post_float(request, "lon"), "lat": post_float(request, "lat")}
        return place | ({"note": post.get("note", "")} if event == "check_out" else {})
    if event == "confirm":
        return {"rating": post_int(request, "rating"), "comment": post.get("comment", "")}
    return {}


@login_required
@require_POST
def order_act(request: AuthedRequest, pk: int, event: str) -> HttpResponse:
    # A volunteer who lost the race no longer sees the order; the action itself decides
    # whether they could have taken it (404 if not) and tells them it is gone.
    order = get_object_or_404(Order, pk=pk) if event == "take" else _visible_order(request, pk)
    if event not in ORDER_ACTIONS:
        raise Http404
    action, done = ORDER_ACTIONS[event]
    inputs = _order_inputs(request, event)
    attempt(request, partial(action, order, actor=request.user, **inputs), str(done))
    if (
        event in ("take", "release")
        and not permissions.orders_visible_to(request.user).filter(pk=pk).exists()
    ):
        return redirect("volunteering:open")
    return redirect("volunteering:order", pk)


def parse_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
