"""Orders in the API: request → publish → take → check in/out → confirm; and the rest."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Schema, Status

from core.refusal import Forbidden
from core.schemas import errors
from volunteering import actions, permissions, selectors
from volunteering.api.common import (
    get_or_missing,
    not_found,
    router,
    user_of,
)
from volunteering.api.schemas import (
    AssignIn,
    ConfirmIn,
    OrderDetailOut,
    OrderOut,
    PlaceIn,
    PublishIn,
    ReasonIn,
    RequestIn,
    ServiceOut,
)
from volunteering.models import Order, OrderStatus, ServiceItem, Team, Volunteer


def _order(request: HttpRequest, pk: int) -> Order | None:
    return (
        permissions.orders_visible_to(request.user)
        .select_related("community", "taker", "service")
        .filter(pk=pk)
        .first()
    )


@router.get("/services", response=list[ServiceOut])
def services(request: HttpRequest) -> list[ServiceItem]:
    """服务清单: the menu of the user's community (staff: of their communities)."""
    community = selectors.home_community(request.user)
    qs = ServiceItem.objects.filter(active=True).select_related("community")
    if community is not None:
        qs = qs.filter(community=community)
    else:
        qs = qs.filter(permissions.staff_q(request.user, "community__code"))
    return list(qs[:500])


class OrderFilter(Schema):
    status: OrderStatus | None = None
    mine: bool = False


@router.get("/orders", response={200: list[OrderOut]} | errors())
def list_orders(request: HttpRequest, filters: Query[OrderFilter]) -> list[Order]:
    """Orders the user may see: their own requests, orders they took, their areas' orders
    (staff) and published orders they may take (volunteers)."""
    qs = permissions.orders_visible_to(request.user).select_related("community", "taker")
    if filters.mine:
        qs = qs.filter(requester=user_of(request))
    if filters.status:
        qs = qs.filter(status=filters.status)
    return list(qs.order_by("-created", "-pk")[:200])


class NearIn(Schema):
    lon: float | None = None
    lat: float | None = None


@router.get("/orders/open", response={200: list[OrderOut]} | errors(403))
def open_orders(request: HttpRequest, near: Query[NearIn]) -> Any:
    """Published orders this volunteer may take, nearest first (from lon/lat, else home)."""
    volunteer = selectors.volunteer_for(request.user)
    if volunteer is None:
        raise Forbidden("Register as a volunteer to take orders.")
    point = (
        (near.lon, near.lat)
        if near.lon is not None and near.lat is not None
        else selectors.volunteer_home_point(volunteer)
    )
    rows = selectors.near(selectors.open_orders_for(volunteer).select_related("community"), point)
    for order, distance in rows:
        order.distance = distance  # type: ignore[attr-defined]  # read by OrderOut
    return [order for order, _distance in rows]


@router.post("/orders", response={201: OrderDetailOut} | errors(400, 403, 404))
def request_order(request: HttpRequest, data: RequestIn) -> Status:
    """点单: from the menu (service_id) or in free text (title)."""
    user = user_of(request)

    def call() -> Order:
        service = get_or_missing(ServiceItem, data.service_id, "service")
        return actions.do_request_order(
            requester=user,
            service=service,
            title=data.title,
            description=data.description,
            wanted_at=data.wanted_at,
            lon=data.lon,
            lat=data.lat,
            actor=user,
        )

    return Status(201, call())


@router.get("/orders/{pk}", response={200: OrderDetailOut} | errors(404))
def get_order(request: HttpRequest, pk: int) -> Status:
    order = _order(request, pk)
    if order is None:
        raise not_found()
    return Status(200, order)


def _act(request: HttpRequest, pk: int, fn: Any, *, any_order: bool = False) -> Status:
    order = (
        Order.objects.select_related("community").filter(pk=pk).first()
        if any_order
        else _order(request, pk)
    )
    if order is None:
        raise not_found()
    done = fn(order)
    return Status(200, done)


@router.post("/orders/{pk}/publish", response={200: OrderDetailOut} | errors(400, 404, 409))
def publish(request: HttpRequest, pk: int, data: PublishIn) -> Status:
    """下单: to one team (team_id) or to all volunteers of the community."""
    user = user_of(request)
    return _act(
        request,
        pk,
        lambda o: actions.do_publish_order(
            o, team=get_or_missing(Team, data.team_id, "team"), actor=user
        ),
    )


@router.post("/orders/{pk}/reject", response={200: OrderDetailOut} | errors(400, 404, 409))
def reject(request: HttpRequest, pk: int, data: ReasonIn) -> Status:
    user = user_of(request)
    return _act(request, pk, lambda o: actions.do_reject_order(o, reason=data.reason, actor=user))


@router.post("/orders/{pk}/take", response={200: OrderDetailOut} | errors(403, 404, 409))
def take(request: HttpRequest, pk: int) -> Status:
    """接单: the first volunteer wins; the others get 409 and nothing is stored."""
    user = user_of(request)
    return _act(request, pk, lambda o: actions.do_take_order(o, actor=user), any_order=True)


@router.post("/orders/{pk}/assign", response={200: OrderDetailOut} | errors(400, 404, 409))
def assign(request: HttpRequest, pk: int, data: AssignIn) -> Status:
    """Staff assign or reassign to a volunteer."""
    user = user_of(request)
    return _act(
        request,
        pk,
        lambda o: actions.do_assign_order(
            o, volunteer=get_or_missing(Volunteer, data.volunteer_id, "volunteer"), actor=user
        ),
    )


@router.post("/orders/{pk}/release", response={200: OrderDetailOut} | errors(400, 403, 404, 409))
def release(request: HttpRequest, pk: int, data: ReasonIn) -> Status:
    user = user_of(request)
    return _act(request, pk, lambda o: actions.do_release_order(o, reason=data.reason, actor=user))


@router.post("/orders/{pk}/no-show", response={200: OrderDetailOut} | errors(400, 404, 409))
def no_show(request: HttpRequest, pk: int, data: ReasonIn) -> Status:
    user = user_of(request)
    return _act(request, pk, lambda o: actions.do_mark_no_show(o, reason=data.reason, actor=user))


@router.post("/orders/{pk}/check-in", response={200: OrderDetailOut} | errors(400, 403, 404, 409))
def check_in(request: HttpRequest, pk: int, data: PlaceIn) -> Status:
    user = user_of(request)
    return _act(
        request, pk, lambda o: actions.do_check_in(o, lon=data.lon, lat=data.lat, actor=user)
    )


@router.post("/orders/{pk}/check-out", response={200: OrderDetailOut} | errors(400, 403, 404, 409))
def check_out(request: HttpRequest, pk: int, data: PlaceIn) -> Status:
    """Refused (409) before a check-in."""
    user = user_of(request)
    return _act(
        request,
        pk,
        lambda o: actions.do_check_out(o, lon=data.lon, lat=data.lat, note=data.note, actor=user),
    )


@router.post("/orders/{pk}/confirm", response={200: OrderDetailOut} | errors(400, 403, 404, 409))
def confirm(request: HttpRequest, pk: int, data: ConfirmIn) -> Status:
    """The resident confirms and rates 1–5; hours and points are credited."""
    user = user_of(request)
    return _act(
        request,
        pk,
        lambda o: actions.do_confirm_order(o, rating=data.rating, comment=data.comment, actor=user),
    )


@router.post("/orders/{pk}/cancel", response={200: OrderDetailOut} | errors(400, 404, 409))
def cancel(request: HttpRequest, pk: int, data: ReasonIn) -> Status:
    user = user_of(request)
    return _act(request, pk, lambda o: actions.do_cancel_order(o, reason=data.reason, actor=user))
