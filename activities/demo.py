"""Demo part of venues (阵地): every community has its party-mass service centre (党群服务中心,
managed by the community's extended committee) with a hall, a meeting room and an activity
room, a community living room (党建客厅) and red-sail stations (红帆驿站) on about half its grids
(managed by the grid's branch); some partner units share a room of their own (阵地共享).
Each room has a week of bookings around the day the demo is loaded: those that have ended
mostly approved, those ahead approved or waiting for the community's staff, a few declined or
cancelled. The demo resident has a booking approved for tomorrow evening and one waiting.

Its own random stream (so the other apps' draws stay as they were); the draws never depend on
the day: each room-day draws the same numbers whatever its weekday's hours, and times are
built from today's date in Asia/Shanghai."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from shapely.geometry import shape

from accounts.models import RoleAssignment
from accounts.roles import Role
from activities.models import AskerKind, Booking, BookingEvent, BookingStatus, Room, Venue
from activities.models import VenueKind as K
from areas.models import Area
from core import timeutil
from party.models import PartnerUnit, PartyOrganisation

S = BookingStatus
DAYS = range(-3, 5)  # a week around the load day
BLOCKS = 6  # slots drawn per room and day, whatever its hours
CENTRE_HOURS = [["08:30", "20:30"]] * 7
STATION_HOURS = [["07:00", "19:00"]] * 7
LIVING_HOURS = [["14:00", "21:00"]] * 5 + [["09:00", "21:00"]] * 2
SHARED_HOURS = [["18:00", "21:00"]] * 5 + [["09:00", "21:00"]] * 2
CENTRE_ROOMS = (("多功能厅", 60, 120), ("议事室", 12, 20), ("活动室", 20, 40))
PURPOSES = [
    "居民议事会",
    "党员主题党日",
    "老年大学书法课",
    "四点半课堂",
    "邻里节筹备会",
    "志愿者培训",
    "垃圾分类宣讲",
    "合唱队排练",
    "法律咨询",
    "业委会例会",
    "健康讲座",
    "亲子手工",
]
FACILITIES = ["投影仪", "空调", "音响", "无障碍通道", "饮水机", "图书角", "Wi-Fi", "急救箱"]
SHARES: dict[str, float] = {K.SERVICE_CENTRE: 0.3, K.LIVING_ROOM: 0.25, K.STATION: 0.08}
DECLINE = ["当天场地另有安排", "人数超过场地承载", "请改约其他时段"]
CANCEL = ["活动改期", "人员不齐", "天气原因"]


def _point(area: Area, rng: random.Random) -> tuple[float, float]:
    """A point inside the area's boundary (its representative point, nudged)."""
    if not area.boundary:
        return 120.64 + rng.uniform(-0.01, 0.01), 28.036 + rng.uniform(-0.01, 0.01)
    p = shape(area.boundary).representative_point()
    return round(p.x + rng.uniform(-0.0004, 0.0004), 6), round(
        p.y + rng.uniform(-0.0004, 0.0004), 6
    )


def _venues(ctx: Any, rng: random.Random) -> list[tuple[Venue, list[Room]]]:
    orgs = {
        o.code: o
        for o in PartyOrganisation.objects.filter(level__in=("extended_committee", "branch"))
    }
    grids_of: dict[int, list[Area]] = {}
    for grid in ctx.data.get("grids", []):
        grids_of.setdefault(grid.parent_id, []).append(grid)
    made: list[tuple[Venue, list[Room]]] = []
    rooms: list[Room] = []
    venues: list[Venue] = []
    for community in ctx.data.get("communities", []):
        org = orgs.get(f"{community.code}-01")
        if org is None:
            continue
        lon, lat = _point(community, rng)
        venues.append(
            Venue(
                code=f"{community.code}-V01",
                name=f"{community.name}党群服务中心",
                kind=K.SERVICE_CENTRE,
                area=community,
                address=f"{community.name}{rng.randint(1, 199)}号",
                lon=lon,
                lat=lat,
                opening_hours=CENTRE_HOURS,
                facilities=rng.sample(FACILITIES, 4),
                organisation=org,
            )
        )
        grids = grids_of.get(community.pk, [])
        for n, grid in enumerate(grids, start=1):
            station, living = rng.random() < 0.5, n == 1 + rng.randrange(len(grids))
            branch = orgs.get(f"{grid.code}-01")
            if branch is None:
                continue
            if station:
                lon, lat = _point(grid, rng)
                venues.append(
                    Venue(
                        code=f"{grid.code}-V01",
                        name=f"{grid.name}红帆驿站",
                        kind=K.STATION,
                        area=grid,
                        lon=lon,
                        lat=lat,
                        opening_hours=STATION_HOURS,
                        facilities=["饮水机", "充电", "急救箱"],
                        organisation=branch,
                    )
                )
            if living:
                lon, lat = _point(grid, rng)
                venues.append(
                    Venue(
                        code=f"{grid.code}-V02",
                        name=f"{grid.name}党建客厅",
                        kind=K.LIVING_ROOM,
                        area=grid,
                        lon=lon,
                        lat=lat,
                        opening_hours=LIVING_HOURS,
                        facilities=rng.sample(FACILITIES, 3),
                        organisation=branch,
                    )
                )
    communities = list(ctx.data.get("communities", []))
    for unit in PartnerUnit.objects.order_by("code"):
        if not communities or rng.random() < 0.5:
            continue
        community = rng.choice(communities)
        lon, lat = _point(community, rng)
        venues.append(
            Venue(
                code=f"{unit.code}-V01",
                name=f"{unit.name}共享会议室",
                kind=K.SHARED_ROOM,
                area=community,
                lon=lon,
                lat=lat,
                opening_hours=SHARED_HOURS,
                facilities=["投影仪", "空调"],
                partner_unit=unit,
            )
        )
    Venue.objects.bulk_create(venues, batch_size=500)
    for venue in venues:
        if venue.kind == K.SERVICE_CENTRE:
            specs = [(name, rng.randint(low, high)) for name, low, high in CENTRE_ROOMS]
        elif venue.kind == K.STATION:
            specs = [("休息区", rng.randint(8, 15))]
        elif venue.kind == K.LIVING_ROOM:
            specs = [("客厅", rng.randint(20, 30))]
        else:
            specs = [("会议室", rng.randint(20, 50))]
        mine = [
            Room(code=f"{venue.code}-R{i}", venue=venue, name=name, capacity=capacity)
            for i, (name, capacity) in enumerate(specs, start=1)
        ]
        rooms.extend(mine)
        made.append((venue, mine))
    Room.objects.bulk_create(rooms, batch_size=1000)
    return made


def _askers(ctx: Any) -> dict[int, list[Any]]:
    """Who asks in each community: its staff (for the residents' committee)."""
    out: dict[int, list[Any]] = {}
    for ra in (
        RoleAssignment.objects.filter(role=Role.COMMUNITY_STAFF)
        .select_related("user", "area")
        .order_by("pk")
    ):
        out.setdefault(ra.area_id, []).append(ra.user)
    return out


def _at(day: dt.date, minutes: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), tzinfo=timeutil.SHANGHAI)


def _minutes(text: str) -> int:
    h, m = text.split(":")
    return int(h) * 60 + int(m)


def generate(ctx: Any) -> None:
    rng = random.Random(ctx.seed * 1000 + 1501)
    made = _venues(ctx, rng)
    users = ctx.data.get("users", {})
    resident, volunteer = users.get(str(Role.RESIDENT)), users.get(str(Role.VOLUNTEER))
    askers = _askers(ctx)
    today, now = timeutil.today(), timeutil.now()
    first = ctx.data["communities"][0].pk if ctx.data.get("communities") else None
    bookings: list[Booking] = []
    for venue, rooms in made:
        community_id = venue.area.parent_id if venue.area.level != "community" else venue.area_id
        staff = askers.get(community_id or 0, [])
        share = SHARES.get(venue.kind, 0.15)
        # Bookings lie in the hours open every day, so their number is the same whatever
        # the weekday the demo is loaded on.
        opens = max(_minutes(h[0]) for h in venue.opening_hours)
        closes = min(_minutes(h[1]) for h in venue.opening_hours)
        for room in rooms:
            kept = (
                venue.kind == K.SERVICE_CENTRE and room.name == "议事室" and community_id == first
            )
            for offset in DAYS:
                day = today + dt.timedelta(days=offset)
                for block in range(BLOCKS):
                    r, length, who, fate, purpose = (rng.random() for _ in range(5))
                    if kept or r >= share or not staff:
                        continue
                    start = opens + 30 + block * 120
                    end = start + (60 if length < 0.3 else 90 if length < 0.7 else 120)
                    if end > closes:
                        continue
                    b = _booking(room, _at(day, start), _at(day, end), offset, now, staff, fate)
                    b.purpose = PURPOSES[int(purpose * len(PURPOSES))]
                    b.head_count = max(1, int(room.capacity * (0.3 + 0.6 * purpose)))
                    if volunteer is not None and who > 0.8:
                        b.asker, b.asker_kind, b.on_behalf_of = (
                            volunteer,
                            AskerKind.TEAM,
                            "红帆志愿服务队",
                        )
                    else:
                        b.asker = staff[int(who * len(staff))]
                    bookings.append(b)
    if resident is not None and made:
        bookings.extend(_resident_bookings(made, first, resident, today))
    Booking.objects.bulk_create(bookings, batch_size=1000)
    events: list[BookingEvent] = []
    for b in bookings:
        events.append(
            BookingEvent(booking=b, action="ask", after=S.REQUESTED, actor=b.asker, at=b.asked_at)
        )
        if b.status != S.REQUESTED:
            action = {S.APPROVED: "approve", S.DECLINED: "decline", S.CANCELLED: "cancel"}[
                S(b.status)
            ]
            events.append(
                BookingEvent(
                    booking=b,
                    action=action,
                    before=S.REQUESTED,
                    after=b.status,
                    actor=b.decided_by or b.asker,
                    note=b.reason,
                    at=b.decided_at or b.asked_at,
                )
            )
    BookingEvent.objects.bulk_create(events, batch_size=1000)
    ctx.log(f"activities: {len(made)} venues, {len(bookings)} bookings")


def _booking(
    room: Room,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    offset: int,
    now: dt.datetime,
    staff: list[Any],
    fate: float,
) -> Booking:
    """A booking of the staff's community in a state drawn by the day it lies on: today's and
    earlier ones were decided (mostly approved), later ones may still wait."""
    if offset <= 0:
        status = S.APPROVED if fate < 0.85 else S.CANCELLED if fate < 0.95 else S.DECLINED
    else:
        status = S.APPROVED if fate < 0.6 else S.REQUESTED if fate < 0.9 else S.DECLINED
    reason = ""
    if status == S.DECLINED:
        reason = DECLINE[int(fate * 1000) % len(DECLINE)]
    elif status == S.CANCELLED:
        reason = CANCEL[int(fate * 1000) % len(CANCEL)]
    asked_at = min(starts_at - dt.timedelta(days=3, hours=int(fate * 20)), now)
    decided = status != S.REQUESTED
    return Booking(
        room=room,
        starts_at=starts_at,
        ends_at=ends_at,
        asker_kind=AskerKind.ORGANISATION,
        on_behalf_of=f"{room.venue.area.name}居委会",
        status=status,
        reason=reason,
        decided_by=staff[0] if decided else None,
        decided_at=min(asked_at + dt.timedelta(hours=5), now) if decided else None,
        asked_at=asked_at,
    )


def _resident_bookings(made: list[Any], first: Any, resident: Any, today: dt.date) -> list[Booking]:
    """The demo resident's own: the first community's meeting room tomorrow evening
    (approved) and the day after (waiting for the community's staff)."""
    room = next(
        (r for v, rooms in made for r in rooms if v.area_id == first and r.name == "议事室"), None
    )
    if room is None:
        return []
    out = []
    for offset, status in ((1, S.APPROVED), (2, S.REQUESTED)):
        day = today + dt.timedelta(days=offset)
        out.append(
            Booking(
                room=room,
                starts_at=_at(day, 18 * 60 + 30),
                ends_at=_at(day, 20 * 60),
                purpose="楼道邻里议事会",
                head_count=10,
                asker=resident,
                asker_kind=AskerKind.RESIDENT,
                status=status,
                decided_at=timeutil.now() if status == S.APPROVED else None,
                asked_at=timeutil.now() - dt.timedelta(hours=2),
            )
        )
    return out


def describe(ctx: Any) -> list[str]:
    return [
        "",
        "Venues (阵地): /activities/venues/ and the map /activities/venues/map/; the demo "
        "resident has a room booked for tomorrow evening, the community staff approve what waits.",
    ]
