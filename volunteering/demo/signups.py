"""Demo sign-ups and party lectures, from a random stream of their own (the same whatever the
day it is loaded): each community's next activity takes sign-ups with fewer places than
residents who want one, so a waiting list forms; each community's extended committee keeps a
lecture schedule on the 5th and 20th; the lectures of the last two months have their
sign-ups, attendance (credited under the earning rules) and some no-shows, the coming ones
their first sign-ups."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from accounts.models import User
from areas.models import Area
from core.timeutil import local
from party.models import OrgLevel, PartyOrganisation
from volunteering.actions.events import award_attendance
from volunteering.actions.lectures import generate_lectures
from volunteering.models import (
    Attendance,
    CommunityEvent,
    EventKind,
    LectureSchedule,
    SignUp,
    SignUpEvent,
    SignUpStatus,
)

S = SignUpStatus


def _stream(ctx: Any) -> random.Random:
    return random.Random(f"linli-demo-signups-{ctx.seed}")


def codes(events: list[CommunityEvent], rng: random.Random) -> None:
    """Check-in codes for the events laid down in bulk (from the stream, not `secrets`)."""
    for e in events:
        e.checkin_code = f"{rng.randrange(10**6):06d}"
    CommunityEvent.objects.bulk_update(events, ["checkin_code"], batch_size=1000)


def _sign(
    event: CommunityEvent, users: list[User], status_of: Any, at: dt.datetime
) -> list[SignUp]:
    rows = [
        SignUp(event=event, user=u, status=status_of(i, u), queued_at=at + dt.timedelta(minutes=i))
        for i, u in enumerate(users)
    ]
    SignUp.objects.bulk_create(rows)
    history = []
    for row in rows:
        first = S.WAITING if row.status == S.WAITING else S.HELD
        history.append(
            SignUpEvent(
                signup=row,
                event="queue" if first == S.WAITING else "sign_up",
                to_status=first,
                actor=row.user,
                at=row.queued_at,
            )
        )
        if row.status in (S.ATTENDED, S.NO_SHOW):
            history.append(
                SignUpEvent(
                    signup=row,
                    event="check_in" if row.status == S.ATTENDED else "no_show",
                    from_status=S.HELD,
                    to_status=row.status,
                    actor=row.user if row.status == S.ATTENDED else None,
                    at=event.starts_at + dt.timedelta(minutes=10)
                    if row.status == S.ATTENDED
                    else event.ends_at + dt.timedelta(hours=2),
                )
            )
    SignUpEvent.objects.bulk_create(history)
    return rows


def _attend(event: CommunityEvent, rows: list[SignUp]) -> None:
    for row in rows:
        if row.status != S.ATTENDED:
            continue
        a = Attendance.objects.create(
            event=event,
            user=row.user,
            recorded_by=row.user,
            recorded_at=event.starts_at + dt.timedelta(minutes=10),
        )
        entry = award_attendance(a, None)
        if entry is not None:
            a.points = entry.amount
            a.save(update_fields=["points"])


LECTURE_DAYS = (5, 20)


def _days_back(day: dt.date, n: int) -> list[dt.date]:
    """The `n` lecture days before `day`, latest first."""
    out: list[dt.date] = []
    while len(out) < n:
        day -= dt.timedelta(days=1)
        if day.day in LECTURE_DAYS:
            out.append(day)
    return out


def _days_on(day: dt.date, n: int) -> list[dt.date]:
    """The `n` lecture days from `day` on, earliest first."""
    out: list[dt.date] = []
    while len(out) < n:
        if day.day in LECTURE_DAYS:
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def upcoming_signups(
    ctx: Any, communities: list[Area], requesters: dict[int, list[User]], now: dt.datetime
) -> int:
    """Each community's next activity takes sign-ups: opened three days ago, one place fewer
    than its residents who asked, so the last of them waits."""
    rng = _stream(ctx)
    n = 0
    for c in communities:
        people = list(requesters.get(c.pk, []))
        event = (
            CommunityEvent.objects.filter(
                community=c, kind=EventKind.ACTIVITY, starts_at__gt=now, cancelled_at__isnull=True
            )
            .order_by("starts_at")
            .first()
        )
        if event is None or len(people) < 2:
            continue
        event.capacity = len(people) - 1
        event.signup_opens_at = now - dt.timedelta(days=3)
        event.save(update_fields=["capacity", "signup_opens_at"])
        rest = people[1:]
        rng.shuffle(rest)
        order = people[:1] + rest  # the demo resident (first) holds a place
        _sign(
            event,
            order,
            lambda i, _u, cap=event.capacity: S.HELD if i < cap else S.WAITING,
            event.signup_opens_at + dt.timedelta(hours=1),
        )
        n += len(order)
    return n


def lectures(
    ctx: Any,
    communities: list[Area],
    requesters: dict[int, list[User]],
    organiser: User | None,
    now: dt.datetime,
) -> int:
    """A schedule on the 5th and 20th for each community's extended committee; its lectures
    from two months back to the horizon; past ones with attendance and no-shows."""
    if organiser is None:
        return 0
    rng = _stream(ctx)
    rng.random()  # its own place in the stream, after the activities' draws
    committees = {
        o.area_id: o
        for o in PartyOrganisation.objects.filter(
            level=OrgLevel.EXTENDED_COMMITTEE, area__in=communities
        )
    }
    # Four lecture days before today and three from today on, whatever the day: the same
    # rows at any moment it is loaded.
    today = local(now).date()
    past = _days_back(today, 4)
    coming = _days_on(today, 3)
    made = 0
    for c in communities:
        org = committees.get(c.pk)
        if org is None:
            continue
        schedule = LectureSchedule.objects.create(
            organisation=org,
            title="睦邻党课",
            place="党群服务中心二楼党课室",
            days=list(LECTURE_DAYS),
            start_time=dt.time(19, 0),
            minutes=90,
            capacity=max(2, len(requesters.get(c.pk, [])) - 1),
            opens_days_before=16,  # the next lecture (15 days away at most) always takes sign-ups
            created_by=organiser,
        )
        events = generate_lectures(schedule, since=past[-1], until=coming[-1])
        made += len(events)
        people = list(requesters.get(c.pk, []))
        for event in events:
            day = local(event.starts_at).date()
            if not people or (day >= today and day != coming[0]):
                continue  # of the coming ones only the next has sign-ups yet
            chosen = rng.sample(people, k=min(len(people), event.capacity or len(people)))
            opened = min(event.starts_at - dt.timedelta(days=2), now - dt.timedelta(hours=1))
            if day < today:
                # one of them (when there are two or more) did not come
                absent = rng.randrange(len(chosen)) if len(chosen) > 1 else -1
                rows = _sign(
                    event,
                    chosen,
                    lambda i, _u, absent=absent: S.NO_SHOW if i == absent else S.ATTENDED,
                    opened,
                )
                _attend(event, rows)
            else:
                _sign(event, chosen, lambda _i, _u: S.HELD, opened)
    return made
