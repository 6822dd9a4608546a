"""Demo part of volunteering: per community a party-member team and a partner-unit team,
volunteers (every in-service party member registered at home, plus residents), a talent pool,
a service menu, needs and resources with matched projects, orders in every state,
micro-wishes and community events. The demo volunteer and the demo resident each find
something to do.

The parts, in the order `generate` lays them down (the seeded random draws follow it):
`people` (volunteers, requesting residents, teams), `lists`, `orders`, `wishes`, `events`.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from areas.models import Area
from party.models import PartnerUnit
from volunteering.consultation import demo as consultation
from volunteering.demo import (
    claims,
    events,
    lists,
    orders,
    people,
    resident_posts,
    signups,
    wishes,
)
from volunteering.models import CommunityEvent, Volunteer


def generate(ctx: Any) -> None:
    now = timezone.now()
    communities: list[Area] = ctx.data["communities"]
    users: dict[str, User] = ctx.data.get("users", {})
    staff_user = users.get(Role.COMMUNITY_STAFF)
    units = list(PartnerUnit.objects.order_by("pk"))

    volunteers, demo_vol = people.volunteers(ctx, communities, users.get(Role.VOLUNTEER))
    by_community: dict[int, list[Volunteer]] = {}
    for vol in volunteers:
        by_community.setdefault(vol.community_id, []).append(vol)
    requesters = people.requesters(ctx, communities, users.get(Role.RESIDENT))
    teams_of = people.teams(communities, units, by_community, demo_vol)
    items_of = lists.service_menu(communities, teams_of)

    lists.needs_and_resources(ctx, communities, teams_of, units, staff_user, now)
    claims.generate(ctx, communities, staff_user, now)  # its own random stream
    placed, steps = orders.place_orders(
        ctx, communities, items_of, requesters, by_community, demo_vol, staff_user, now
    )
    wishes.post_wishes(ctx, communities, staff_user, now)
    n_posts = resident_posts.generate(communities, requesters, staff_user, now)  # no draws
    n_events = events.generate_events(communities, requesters, staff_user, now)
    n_events += events.held_at_venues(communities, staff_user)  # rooms booked, approved
    signups.codes(list(CommunityEvent.objects.order_by("pk")), signups._stream(ctx))
    n_signups = signups.upcoming_signups(ctx, communities, requesters, now)
    n_lectures = signups.lectures(ctx, communities, requesters, staff_user, now)
    orders.award_confirmed(placed)
    n_meetings = consultation.generate(ctx, communities, users)  # its own random stream
    # Keep the daily stalled-wish flag running under `db_worker` (no-op without deferring).
    from volunteering.tasks import schedule_event_sweep, schedule_flagging

    schedule_flagging()
    schedule_event_sweep()
    n_teams = sum(len(t) for t in teams_of.values())
    n_items = sum(len(i) for i in items_of.values())
    ctx.log(
        f"volunteering: {len(volunteers)} volunteers, {n_teams} teams, {n_items} menu items, "
        f"{len(placed)} orders ({len(steps)} steps), {n_events} community events "
        f"({n_signups} sign-ups), {n_lectures} party lectures, {n_posts} residents' own posts, "
        f"{n_meetings} consultation meetings"
    )


def describe(ctx: Any) -> list[str]:
    return [
        "",
        "volunteering: the volunteer (13800000010) has an order to take, one on site and one",
        "  awaiting the resident (13800000011), who confirms and rates it in 我的订单;",
        "  community staff (13800000003) review, publish and match in 志愿服务,",
        "  and rate the deliveries of needs claimed by partner units and members (双向领办);",
        "  community events (社区活动) with attendance credit points by each kind's rule;",
        "  community consultation (社区议事): last month's meeting published with decisions",
        "  half done, a hearing's record, a residents' proposal for the resident to support;",
        "  the next activity is full with a waiting list (the resident holds a place);",
        "  a lecture and a consultation held at each service centre, its room booked (阵地);",
        "  睦邻党课 on the 5th and 20th (党课, in 社区活动), past ones with no-shows;",
        "  residents' own wishes and a need await the staff's review (居民自主发布, 待审核);",
        "  the resident's wish published after an edit and one declined (我的心愿与需求).",
    ]
