"""The demo's service orders (点单—下单—接单): per community orders in every state, each with
its dated steps; the demo volunteer has one to take, one on site and one awaiting the
resident. Confirmed services earn their volunteers points."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from accounts.models import User
from areas.models import Area
from volunteering.actions.common import award
from volunteering.models import (
    Order,
    OrderEvent,
    OrderStatus,
    ServiceItem,
    Volunteer,
)

FREE_TEXT = ["帮忙换个灯泡", "陪老人聊聊天", "家里窗户关不上", "帮忙搬一下家具", "教我用手机挂号"]

# The path each demo order takes: the events up to its status.
PATHS = {
    OrderStatus.REQUESTED: ["request"],
    OrderStatus.PUBLISHED: ["request", "publish"],
    OrderStatus.TAKEN: ["request", "publish", "take"],
    OrderStatus.IN_PROGRESS: ["request", "publish", "take", "check_in"],
    OrderStatus.FINISHED: ["request", "publish", "take", "check_in", "check_out"],
    OrderStatus.CONFIRMED: ["request", "publish", "take", "check_in", "check_out", "confirm"],
    OrderStatus.REJECTED: ["request", "reject"],
    OrderStatus.CANCELLED: ["request", "publish", "cancel"],
}
TO = {
    "request": "requested",
    "publish": "published",
    "take": "taken",
    "check_in": "in_progress",
    "check_out": "finished",
    "confirm": "confirmed",
    "reject": "rejected",
    "cancel": "cancelled",
}


def place_orders(
    ctx: Any,
    communities: list[Area],
    items_of: dict[int, list[ServiceItem]],
    requesters: dict[int, list[User]],
    by_community: dict[int, list[Volunteer]],
    demo_vol: Volunteer | None,
    staff: User | None,
    now: dt.datetime,
) -> tuple[list[Order], list[OrderEvent]]:
    rng = ctx.rng
    plan = [OrderStatus.CONFIRMED] * 5 + [
        OrderStatus.REQUESTED,
        OrderStatus.PUBLISHED,
        OrderStatus.PUBLISHED,
        OrderStatus.TAKEN,
        OrderStatus.FINISHED,
        OrderStatus.REJECTED,
        OrderStatus.CANCELLED,
    ]
    first = communities[0]
    orders: list[Order] = []
    for c in communities:
        people = requesters.get(c.pk) or []
        pool = [v for v in by_community.get(c.pk, []) if v is not demo_vol]
        if not people or not pool:
            continue
        statuses = list(plan)
        if c.pk == first.pk and demo_vol is not None:
            # The demo volunteer: one to take, one on site, one the resident must confirm.
            statuses += [OrderStatus.PUBLISHED, OrderStatus.IN_PROGRESS, OrderStatus.FINISHED]
        for k, status in enumerate(statuses):
            requester = people[k % len(people)]
            if c.pk == first.pk and status in (OrderStatus.FINISHED, OrderStatus.REQUESTED):
                requester = people[0]
            resident = requester.resident
            building = resident.household.building if resident else None
            item = rng.choice(items_of[c.pk]) if rng.random() < 0.75 else None
            created = now - dt.timedelta(days=rng.randint(1, 40), hours=rng.randint(0, 10))
            if status in (OrderStatus.PUBLISHED, OrderStatus.REQUESTED, OrderStatus.TAKEN):
                created = now - dt.timedelta(hours=rng.randint(2, 30))
            taker = None
            if status in (
                OrderStatus.TAKEN,
                OrderStatus.IN_PROGRESS,
                OrderStatus.FINISHED,
                OrderStatus.CONFIRMED,
            ):
                taker = rng.choice(pool)
                if c.pk == first.pk and demo_vol is not None and (k == 0 or k >= len(plan) - 3):
                    taker = demo_vol  # with one confirmed service: my hours are not empty
            o = Order(
                community=c,
                requester=requester,
                service=item,
                title=item.title if item else rng.choice(FREE_TEXT),
                description="老人行动不便，请提前电话联系。" if rng.random() < 0.4 else "",
                address=resident.household.address if resident else "",
                lon=building.lon if building else None,
                lat=building.lat if building else None,
                status=status,
                taker=taker,
            )
            o._demo_created = created  # type: ignore[attr-defined]
            if status not in (OrderStatus.REQUESTED, OrderStatus.REJECTED):
                o.published_at = created + dt.timedelta(hours=1)
            if taker is not None:
                o.taken_at = created + dt.timedelta(hours=2)
            if status in (OrderStatus.IN_PROGRESS, OrderStatus.FINISHED, OrderStatus.CONFIRMED):
                checked_in = created + dt.timedelta(hours=20)
                if status == OrderStatus.IN_PROGRESS:
                    checked_in = now - dt.timedelta(minutes=40)
                o.checked_in_at = checked_in
                o.check_in_lon, o.check_in_lat = o.lon, o.lat
                if status in (OrderStatus.FINISHED, OrderStatus.CONFIRMED):
                    hours = Decimal(rng.choice(["0.5", "1.0", "1.5", "2.0"]))
                    o.hours = hours
                    checked_out = checked_in + dt.timedelta(hours=float(hours))
                    o.checked_out_at = checked_out
                    o.check_out_lon, o.check_out_lat = o.lon, o.lat
                    if status == OrderStatus.CONFIRMED:
                        o.confirmed_at = checked_out + dt.timedelta(hours=3)
                        o.rating = rng.choice([5, 5, 5, 4, 4, 3])
                        o.comment = rng.choice(["很及时，谢谢！", "服务周到", "", "辛苦了"])
            orders.append(o)
    Order.objects.bulk_create(orders, batch_size=1000)
    # `created` is auto_now_add: set the demo's spread of request times afterwards.
    for o in orders:
        o.created = o._demo_created  # type: ignore[attr-defined]
    Order.objects.bulk_update(orders, ["created"], batch_size=1000)
    events: list[OrderEvent] = []
    for o in orders:
        before = ""
        for ev in PATHS[OrderStatus(o.status)]:
            actor: User | None = staff
            if ev in ("request", "confirm", "cancel"):
                actor = o.requester
            elif ev in ("take", "check_in", "check_out") and o.taker is not None:
                actor = o.taker.user
            events.append(
                OrderEvent(
                    order=o,
                    event=ev,
                    from_status=before,
                    to_status=TO[ev],
                    actor=actor,
                    volunteer=o.taker
                    if ev in ("take", "check_in", "check_out", "confirm")
                    else None,
                    note="不属于志愿服务范围"
                    if ev == "reject"
                    else ("不需要了" if ev == "cancel" else ""),
                    lon=o.lon if ev in ("check_in", "check_out") else None,
                    lat=o.lat if ev in ("check_in", "check_out") else None,
                )
            )
            before = TO[ev]
    OrderEvent.objects.bulk_create(events, batch_size=5000)
    # `at` is auto_now_add too: date each step when the order says it happened.
    for e in events:
        e.at = _event_time(e.order, e.event)
    OrderEvent.objects.bulk_update(events, ["at"], batch_size=5000)
    return orders, events


def _event_time(o: Order, event: str) -> dt.datetime:
    created = o._demo_created  # type: ignore[attr-defined]
    at = {
        "request": created,
        "publish": o.published_at,
        "take": o.taken_at,
        "check_in": o.checked_in_at,
        "check_out": o.checked_out_at,
        "confirm": o.confirmed_at,
    }.get(event)
    return at or created + dt.timedelta(hours=1)


def award_confirmed(orders: list[Order]) -> None:
    """Points for the confirmed services of volunteers with accounts, under the points rules."""
    for o in orders:
        if o.status == OrderStatus.CONFIRMED and o.taker is not None and o.taker.user_id:
            award(
                o.taker.user,
                "volunteer_order",
                o.hours or 1,
                "volunteering.order",
                str(o.pk),
                None,
                subject=o.title,
            )
