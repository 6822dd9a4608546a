"""Demo part of volunteering: per community a past activity, consultation meeting 议事协商 and
patrol with residents' attendance (credited under the points rules), one upcoming event and
one upcoming event cancelled with its reason."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from accounts.models import User
from areas.models import Area
from volunteering.actions.events import award_attendance
from volunteering.models import Attendance, CommunityEvent, EventKind

EVENTS = [
    # kind, title, place, days from now, hours long, reason it was cancelled
    (EventKind.ACTIVITY, "邻里节·百家宴", "社区文化广场", -7, 3, ""),
    (EventKind.CONSULTATION, "加装电梯议事会", "党群服务中心议事厅", -3, 2, ""),
    (EventKind.PATROL, "夜间平安巡防", "小区南门集合", -1, 2, ""),
    (EventKind.ACTIVITY, "垃圾分类宣传日", "社区文化广场", 5, 2, ""),
    (EventKind.ACTIVITY, "社区义诊", "党群服务中心", 9, 3, "医院排班调整，改期另行通知"),
]


def generate_events(
    communities: list[Area], requesters: dict[int, list[User]], staff: User | None, now: Any
) -> int:
    if staff is None:
        return 0
    base = now.replace(hour=1, minute=0, second=0, microsecond=0)  # 09:00 in Shanghai
    events = [
        CommunityEvent(
            community=c,
            kind=kind,
            title=title,
            place=place,
            starts_at=base + dt.timedelta(days=days),
            ends_at=base + dt.timedelta(days=days, hours=hours),
            hours=Decimal(hours),
            organiser=staff,
            cancelled_at=now - dt.timedelta(hours=2) if cancelled else None,
            cancelled_by=staff if cancelled else None,
            cancel_reason=cancelled,
        )
        for c in communities
        for kind, title, place, days, hours, cancelled in EVENTS
    ]
    CommunityEvent.objects.bulk_create(events, batch_size=1000)
    attendances = [
        Attendance(event=e, user=u, recorded_by=staff, recorded_at=e.ends_at)
        for e in events
        if e.starts_at < now
        for u in requesters.get(e.community_id, [])
    ]
    Attendance.objects.bulk_create(attendances, batch_size=2000)
    for a in attendances:
        entry = award_attendance(a, None)
        if entry is not None:
            a.points = entry.amount
    Attendance.objects.bulk_update(
        [a for a in attendances if a.points], ["points"], batch_size=2000
    )
    return len(events)


# Upcoming events held at each community's service centre (阵地), their rooms booked and
# approved: days past the activities demo's week of bookings (which ends 4 days ahead), so
# no slot clashes whatever the day the demo is loaded on.
AT_VENUES = [
    # kind, title, days from today, local start (h, m), minutes, the room's position
    (EventKind.ACTIVITY, "健康知识讲座", 6, (14, 0), 120, 0),
    (EventKind.CONSULTATION, "小区停车议事会", 7, (19, 0), 90, 1),
]


def held_at_venues(communities: list[Area], staff: User | None) -> int:
    """Events held at the service centre of each community, each with its approved booking."""
    from activities.models import AskerKind, Booking, BookingEvent, BookingStatus, Room
    from core import timeutil

    if staff is None:
        return 0
    rooms: dict[int, list[Room]] = {}
    for room in Room.objects.filter(
        venue__area__in=communities, venue__kind="service_centre", active=True
    ).order_by("venue__area_id", "pk"):
        rooms.setdefault(room.venue.area_id, []).append(room)
    now, today = timeutil.now(), timeutil.today()
    events: list[CommunityEvent] = []
    bookings: list[Booking] = []
    for c in communities:
        held = rooms.get(c.pk, [])
        for kind, title, days, (h, m), minutes, which in AT_VENUES:
            if not held:
                continue
            room = held[min(which, len(held) - 1)]
            start = dt.datetime.combine(
                today + dt.timedelta(days=days), dt.time(h, m), tzinfo=timeutil.SHANGHAI
            )
            end = start + dt.timedelta(minutes=minutes)
            booking = Booking(
                room=room,
                starts_at=start,
                ends_at=end,
                purpose=title,
                head_count=room.capacity,
                asker=staff,
                asker_kind=AskerKind.ORGANISATION,
                on_behalf_of=c.name,
                status=BookingStatus.APPROVED,
                decided_by=staff,
                decided_at=now - dt.timedelta(days=1),
                asked_at=now - dt.timedelta(days=1),
            )
            bookings.append(booking)
            events.append(
                CommunityEvent(
                    community=c,
                    kind=kind,
                    title=title,
                    place=str(room),
                    starts_at=start,
                    ends_at=end,
                    hours=Decimal(minutes) / 60,
                    organiser=staff,
                    room=room,
                    booking=booking,
                )
            )
    Booking.objects.bulk_create(bookings, batch_size=1000)
    BookingEvent.objects.bulk_create(
        [
            BookingEvent(
                booking=b, action=a, before=before, after=after, actor=staff, at=b.asked_at
            )
            for b in bookings
            for a, before, after in (
                ("ask", "", BookingStatus.REQUESTED),
                ("approve", BookingStatus.REQUESTED, BookingStatus.APPROVED),
            )
        ],
        batch_size=1000,
    )
    for e in events:
        e.booking_id = e.booking.pk  # type: ignore[union-attr]
    CommunityEvent.objects.bulk_create(events, batch_size=1000)
    return len(events)
