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
