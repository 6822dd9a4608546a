"""Party lectures 睦邻党课: a party organisation keeps a schedule (e.g. the 5th and 20th of
every month); volunteering generates each lecture as a community event of the kind "party
lecture", owned by the organisation, in the community of its area, taking sign-ups from
`opens_days_before` days ahead. Generating is idempotent: one event per schedule and start."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from areas.models import Area
from core import audit
from core.timeutil import SHANGHAI, now, today
from party.models import PartyOrganisation
from volunteering import permissions
from volunteering.actions.common import clean_text, refuse
from volunteering.actions.events import create_event, default_hours
from volunteering.models import CommunityEvent, EventKind, LectureSchedule


def horizon_days() -> int:
    """How far ahead lectures are generated (`LINLI_LECTURE_HORIZON_DAYS`, 45)."""
    return int(getattr(settings, "LINLI_LECTURE_HORIZON_DAYS", 45))


def _clean_days(days: Any) -> list[int]:
    if isinstance(days, str):
        days = [d for d in days.replace("，", ",").replace("、", ",").split(",") if d.strip()]
    try:
        cleaned = sorted({int(str(d).strip()) for d in days or []})
    except ValueError:
        raise refuse(_("The days must be numbers from 1 to 31."), 400) from None
    if not cleaned or any(not 1 <= d <= 31 for d in cleaned):
        raise refuse(_("The days must be numbers from 1 to 31."), 400)
    return cleaned


def community_of(org: PartyOrganisation) -> Area:
    """The community an organisation's lectures are held in: its area's, or its area."""
    area = org.area
    while area.level != "community" and area.parent_id is not None:
        area = area.parent  # type: ignore[assignment]
    if area.level != "community":
        raise refuse(_("Lectures are held in a community; this organisation is above one."), 400)
    return area


@transaction.atomic
def do_create_lecture_schedule(
    organisation: PartyOrganisation,
    *,
    title: str,
    days: Any,
    start_time: dt.time,
    minutes: int,
    place: str = "",
    capacity: int | None = None,
    opens_days_before: int = 14,
    members_only: bool = False,
    actor: User,
) -> LectureSchedule:
    """Whoever edits the organisation (and runs events in its community) sets a lecture
    schedule; its lectures over the coming `horizon_days` are generated at once."""
    if not permissions.may_manage_lectures(actor, organisation):
        raise refuse(_("Only the organisation's secretary or the offices above can do this."), 403)
    community_of(organisation)
    if isinstance(minutes, bool) or not 15 <= int(minutes) <= 480:
        raise refuse(_("A lecture lasts 15 to 480 minutes."), 400)
    if capacity is not None and not 1 <= int(capacity) <= 10000:
        raise refuse(_("The places must be between 1 and %(n)d.") % {"n": 10000}, 400)
    if not 0 <= int(opens_days_before) <= 60:
        raise refuse(_("Sign-up opens 0 to 60 days before."), 400)
    schedule = LectureSchedule.objects.create(
        organisation=organisation,
        title=clean_text(title, _("Title"), max_length=100),
        place=clean_text(place, _("Place"), required=False, max_length=200),
        days=_clean_days(days),
        start_time=start_time,
        minutes=int(minutes),
        capacity=capacity,
        opens_days_before=int(opens_days_before),
        members_only=members_only,
        created_by=actor,
    )
    audit.record(
        actor,
        "volunteering.lectures.create",
        schedule,
        {"title": schedule.title, "days": schedule.days, "start": str(start_time)},
        area_code=organisation.area.code,
    )
    generate_lectures(schedule, actor=actor)
    return schedule


def _starts(schedule: LectureSchedule, first: dt.date, last: dt.date) -> list[dt.datetime]:
    out = []
    day = first
    while day <= last:
        if day.day in schedule.days:
            out.append(dt.datetime.combine(day, schedule.start_time, tzinfo=SHANGHAI))
        day += dt.timedelta(days=1)
    return out


def generate_lectures(
    schedule: LectureSchedule,
    *,
    actor: Any = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[CommunityEvent]:
    """The schedule's lectures from `since` (today) to `until` (the horizon) that do not
    exist yet."""
    if not schedule.active:
        return []
    org = schedule.organisation
    community = community_of(org)
    first = since or today()
    organiser = schedule.created_by or (org.secretary.user if org.secretary else None)
    if organiser is None:
        return []
    made = []
    have = set(schedule.events.values_list("starts_at", flat=True))
    last = until or today() + dt.timedelta(days=horizon_days())
    for starts_at in _starts(schedule, first, last):
        if starts_at in have:
            continue
        ends_at = starts_at + dt.timedelta(minutes=schedule.minutes)
        below = org.area if org.area.level != "community" else None
        details = {
            "kind": EventKind.PARTY_LECTURE,
            "title": schedule.title,
            "place": schedule.place,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "hours": default_hours(starts_at, ends_at),
            "capacity": schedule.capacity,
            "signup_opens_at": starts_at - dt.timedelta(days=schedule.opens_days_before),
            "signup_closes_at": None,
            "signup_area": below,
            "signup_tags": ["party_member"] if schedule.members_only else [],
        }
        try:
            with transaction.atomic():
                made.append(
                    create_event(
                        community=community,
                        organiser=organiser,
                        actor=actor,
                        details=details,
                        organisation=org,
                        lecture_schedule=schedule,
                    )
                )
        except IntegrityError:
            continue  # generated meanwhile by another run
    return made


def generate_all_lectures() -> int:
    """The daily run: every active schedule's lectures up to the horizon."""
    return sum(
        len(generate_lectures(s))
        for s in LectureSchedule.objects.filter(active=True).select_related(
            "organisation__area", "organisation__secretary__user", "created_by"
        )
    )


def upcoming_lectures(schedule: LectureSchedule) -> Any:
    return schedule.events.filter(starts_at__gte=now(), cancelled_at__isnull=True).order_by(
        "starts_at"
    )
