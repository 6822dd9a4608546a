"""Community events: staff create an activity, a consultation meeting 议事协商 or a resident
patrol, and record who attended; each attendance earns points once under the kind's rule."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.models import User
from areas.models import Area
from core import audit
from core.notify import notify
from core.timeutil import local, now
from volunteering import permissions, selectors
from volunteering.actions import event_rooms
from volunteering.actions.common import clean_text, refuse, require_staff
from volunteering.models import (
    Attendance,
    CommunityEvent,
    EventKind,
    SignUpStatus,
    points_activity,
)

QUARTER = Decimal("0.25")
MAX_HOURS = Decimal("24")
SOURCE = "volunteering.event"


def default_hours(starts_at: dt.datetime, ends_at: dt.datetime) -> Decimal:
    """The event's length to the nearest quarter hour, at least a quarter, at most a day."""
    seconds = Decimal((ends_at - starts_at).total_seconds())
    hours = (seconds / 3600 / QUARTER).quantize(Decimal("1"), rounding=ROUND_HALF_UP) * QUARTER
    return min(max(hours, QUARTER), MAX_HOURS)


def _clean_hours(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise refuse(_("The hours must be a number."), 400)
    try:
        hours = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise refuse(_("The hours must be a number."), 400) from None
    if not hours.is_finite() or hours <= 0 or hours > MAX_HOURS:
        raise refuse(
            _("The hours must be above zero and at most %(n)d.") % {"n": int(MAX_HOURS)}, 400
        )
    return hours.quantize(Decimal("0.01"))


SIGNUP_FIELDS = ("capacity", "signup_opens_at", "signup_closes_at", "signup_area", "signup_tags")
MAX_CAPACITY = 10000


def _clean_signup(
    community: Area,
    starts_at: dt.datetime,
    *,
    capacity: Any = None,
    signup_opens_at: dt.datetime | None = None,
    signup_closes_at: dt.datetime | None = None,
    signup_area: Area | None = None,
    signup_tags: Any = None,
) -> dict[str, Any]:
    """The sign-up settings as stored, or a refusal (400): places 1–10,000 or no limit; sign-up
    opens before the start and closes after it opens, at the start at the latest; the area
    limit within the event's community; the group tags known resident tags."""
    from areas.models import ResidentTag

    if capacity in (None, ""):
        capacity = None
    elif isinstance(capacity, bool) or not str(capacity).isdigit():
        raise refuse(_("The places must be a whole number."), 400)
    else:
        capacity = int(capacity)
        if not 1 <= capacity <= MAX_CAPACITY:
            raise refuse(_("The places must be between 1 and %(n)d.") % {"n": MAX_CAPACITY}, 400)
    if signup_opens_at is None and (signup_closes_at or capacity or signup_area or signup_tags):
        raise refuse(_("Set when sign-up opens."), 400)
    if signup_opens_at is not None and signup_opens_at >= starts_at:
        raise refuse(_("Sign-up must open before the event starts."), 400)
    if signup_closes_at is not None:
        assert signup_opens_at is not None
        if not signup_opens_at < signup_closes_at <= starts_at:
            raise refuse(
                _("Sign-up must close after it opens, and by the start at the latest."), 400
            )
    if signup_area is not None and not signup_area.code.startswith(community.code):
        raise refuse(_("The area limit must lie within the event's community."), 400)
    tags = list(dict.fromkeys(signup_tags or []))
    if any(t not in ResidentTag.values for t in tags):
        raise refuse(_("Unknown resident group."), 400)
    return {
        "capacity": capacity,
        "signup_opens_at": signup_opens_at,
        "signup_closes_at": signup_closes_at,
        "signup_area": signup_area,
        "signup_tags": tags,
    }


def _clean_details(
    *,
    kind: str,
    title: str,
    place: str,
    starts_at: dt.datetime | None,
    ends_at: dt.datetime | None,
    hours: Any,
) -> dict[str, Any]:
    """An event's details as stored, or a refusal (400) naming the first bad one."""
    if kind not in EventKind.values:
        raise refuse(_("Unknown kind of event."), 400)
    title = clean_text(title, _("Title"), max_length=100)
    place = clean_text(place, pgettext("event", "Place"), required=False, max_length=200)
    if starts_at is None or ends_at is None:
        raise refuse(_("An event needs its start and end."), 400)
    if ends_at <= starts_at:
        raise refuse(_("The event must end after it starts."), 400)
    credited = default_hours(starts_at, ends_at) if hours in (None, "") else _clean_hours(hours)
    return {
        "kind": kind,
        "title": title,
        "place": place,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "hours": credited,
    }


@transaction.atomic
def do_create_event(
    *,
    community: Area,
    kind: str,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str = "",
    hours: Any = None,
    room: Any = None,
    actor: User,
    **signup: Any,
) -> CommunityEvent:
    """Staff of the community (or above) announce an event; its hours default to its length.
    With `signup_opens_at` it takes sign-ups (`_clean_signup`: places, closing time, area or
    group limit); every event gets a check-in code. Held at a `room` of a venue in the
    community, it books the room (`event_rooms.book`): a taken slot refuses the event."""
    if not permissions.is_any_staff(actor):
        raise refuse(_("Only community staff can create events."), 403)
    require_staff(actor, community.code)
    if community.level != "community":
        raise refuse(_("Events belong to a community."), 400)
    if kind == EventKind.PARTY_LECTURE:
        raise refuse(_("Party lectures come from a party organisation's schedule."), 400)
    details = _clean_details(
        kind=kind, title=title, place=place, starts_at=starts_at, ends_at=ends_at, hours=hours
    )
    details |= _clean_signup(community, details["starts_at"], **signup)
    at = event_rooms.clean_room(room, community)
    event = create_event(community=community, organiser=actor, actor=actor, details=details)
    if at is not None:
        event.room = at
        event.booking = event_rooms.book(event, at, actor)
        event.save(update_fields=["room", "booking"])
        audit.record(actor, "volunteering.event.book", event, {"room": [None, str(at)]})
    return event


def create_event(
    *, community: Area, organiser: User, actor: Any, details: dict[str, Any], **extra: Any
) -> CommunityEvent:
    """Store an event whose details are checked, with a new check-in code, audited."""
    from volunteering.actions.signups import new_code

    event = CommunityEvent.objects.create(
        community=community, organiser=organiser, checkin_code=new_code(), **details, **extra
    )
    audit.record(
        actor,
        "volunteering.event.create",
        event,
        {
            "kind": event.kind,
            "title": event.title,
            "starts_at": event.starts_at.isoformat(),
            "hours": str(event.hours),
            "capacity": event.capacity,
        },
    )
    return event


def _locked(event: CommunityEvent, actor: User) -> CommunityEvent:
    """The event, locked, once the actor is staff of its community (404 otherwise)."""
    event = CommunityEvent.objects.select_for_update().select_related("community").get(pk=event.pk)
    require_staff(actor, event.community.code)
    return event


@transaction.atomic
def do_update_event(event: CommunityEvent, *, actor: User, **changes: Any) -> CommunityEvent:
    """Staff of the event's community (or above) change its kind, title, place, times or hours
    while it is still to come: not cancelled, not started, nobody recorded. Fields not given
    keep their value; new times without hours credit the new length when the hours were the
    old length."""
    unknown = set(changes) - {"kind", "title", "place", "starts_at", "ends_at", "hours", "room"}
    unknown -= set(SIGNUP_FIELDS)
    if unknown:
        raise TypeError(f"do_update_event() got unexpected fields {sorted(unknown)}")
    event = _locked(event, actor)
    if event.cancelled:
        raise refuse(_("The event is cancelled; it can no longer be changed."), 409)
    if not event.to_come or event.attendances.exists():
        raise refuse(_("The event has started; only events still to come can be changed."), 409)
    current = {
        "kind": event.kind,
        "title": event.title,
        "place": event.place,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "hours": event.hours,
    }
    if "hours" not in changes and event.hours == default_hours(event.starts_at, event.ends_at):
        current["hours"] = None  # it followed the length: keep following it
    if (changes.get("kind", event.kind) == EventKind.PARTY_LECTURE) != (
        event.kind == EventKind.PARTY_LECTURE
    ):
        raise refuse(_("Party lectures come from a party organisation's schedule."), 400)
    general = {k: v for k, v in changes.items() if k not in (*SIGNUP_FIELDS, "room")}
    details = _clean_details(**{**current, **general})
    signup = {f: getattr(event, f) for f in SIGNUP_FIELDS}
    signup |= {k: v for k, v in changes.items() if k in SIGNUP_FIELDS}
    details |= _clean_signup(event.community, details["starts_at"], **signup)
    from volunteering.actions.signups import move_up_after_change, places_taken

    if details["capacity"] is not None and details["capacity"] < places_taken(event):
        raise refuse(
            _("%(n)d places are already held; the places cannot be fewer.")
            % {"n": places_taken(event)},
            409,
        )
    room = event_rooms.clean_room(changes["room"], event.community) if "room" in changes else None
    if "room" not in changes:
        room = event.room
    moved = room != event.room or (
        room is not None
        and (details["starts_at"], details["ends_at"]) != (event.starts_at, event.ends_at)
    )
    # Choosing the same room again asks anew once its booking was declined or called off.
    if room is not None and "room" in changes and not moved:
        held = event.booking.status if event.booking is not None else None
        moved = held not in event_rooms.HOLDING
    diff = audit.diff(event, details)
    for field in diff:
        setattr(event, field, details[field])
    if moved:  # the old booking goes first, so a small shift does not collide with itself
        event_rooms.release(event, actor, _("The event moved to another time or place."))
        diff["room"] = [str(event.room or ""), str(room or "")]
        event.room = room
        event.booking = event_rooms.book(event, room, actor) if room is not None else None
    if diff:
        event.save(
            update_fields=[f for f in diff if f != "room"] + (["room", "booking"] if moved else [])
        )
    audit.record(actor, "volunteering.event.update", event, diff)
    if "capacity" in diff:
        move_up_after_change(event, actor)
    return event


@transaction.atomic
def do_cancel_event(event: CommunityEvent, *, reason: str, actor: User) -> CommunityEvent:
    """Staff of the event's community (or above) cancel it with a reason. It takes no more
    attendance; points already credited for it stay (the ledger is append-only and those
    residents did take part)."""
    event = _locked(event, actor)
    if event.cancelled:
        raise refuse(_("The event is already cancelled."), 409)
    reason = clean_text(reason, _("Reason"), max_length=500)
    event.cancelled_at = now()
    event.cancelled_by = actor
    event.cancel_reason = reason
    event.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
    event_rooms.release(event, actor, reason)  # the room is free again
    signed = list(
        event.signups.filter(status__in=[SignUpStatus.HELD, SignUpStatus.WAITING]).values_list(
            "user_id", flat=True
        )
    )
    notify(
        signed,
        _("Cancelled: %(title)s") % {"title": event.title},
        reason,
        reverse("volunteering:event_page", args=[event.pk]),
    )
    audit.record(
        actor,
        "volunteering.event.cancel",
        event,
        {"reason": reason, "attended": event.attendances.count()},
    )
    return event


def _resident_by_phone(event: CommunityEvent, phone: str) -> User:
    """The user with this phone who lives in the event's community; anyone else is unknown
    here (whether the phone exists elsewhere is not told)."""
    phone = "".join((phone or "").split())
    user = User.objects.filter(phone=phone, is_active=True).first() if phone else None
    home = selectors.home_community(user) if user is not None else None
    if user is None or home is None or home.pk != event.community_id:
        raise refuse(
            _("No resident of %(community)s has the phone number %(phone)s.")
            % {"community": event.community.name, "phone": phone},
            400,
        )
    return user


@transaction.atomic
def do_record_attendance(event: CommunityEvent, *, phone: str, actor: User) -> Attendance:
    """Staff record that a resident took part; the resident earns the kind's points once
    (per occurrence, or per hour × the event's hours), within the rule's caps, on the day of
    the event. The same person twice, an event not yet started or a cancelled one is refused."""
    event = _locked(event, actor)
    if event.cancelled:
        raise refuse(_("The event is cancelled; it takes no attendance."), 409)
    if event.starts_at > now():
        raise refuse(_("The event has not started yet; record attendance once it has."), 409)
    user = _resident_by_phone(event, phone)
    if Attendance.objects.filter(event=event, user=user).exists():
        raise refuse(_("%(name)s is already recorded for this event.") % {"name": user.name}, 409)
    from volunteering.actions.signups import attend

    return attend(event, user, actor)


def award_attendance(attendance: Attendance, actor: Any) -> Any:
    """Points for one attendance under the active rule of the event's kind: one occurrence, or
    the event's hours when the rule counts hours."""
    from points.models import RuleUnit
    from points.selectors import active_rule

    event = attendance.event
    activity = points_activity(event.kind)
    rule = active_rule(activity, local(event.starts_at).date())
    if rule is None:
        return None
    quantity = event.hours if rule.unit == RuleUnit.HOUR else 1
    from points.actions import do_award_points

    return do_award_points(
        attendance.user,
        activity,
        quantity=quantity,
        source=SOURCE,
        source_id=str(event.pk),
        actor=actor,
        occurred_at=event.starts_at,
        subject=event.title,
    )
