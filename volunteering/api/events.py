"""Community events in the API: list, read, create, change, cancel, and record a resident's
attendance."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from ninja import Query, Schema, Status

from areas.models import Area
from core.refusal import Forbidden, Invalid
from core.schemas import errors
from volunteering import actions, permissions
from volunteering.actions.signups import PLACES
from volunteering.api.common import community_by_code, not_found, router, user_of
from volunteering.api.schemas import (
    AttendanceIn,
    AttendanceOut,
    CommunityEventIn,
    CommunityEventOut,
    CommunityEventPatch,
    ReasonIn,
)
from volunteering.models import Attendance, CommunityEvent, EventKind, SignUp


class EventFilter(Schema):
    kind: EventKind | None = None
    community_code: str | None = None


@router.get("/events", response={200: list[CommunityEventOut]} | errors())
def list_events(request: HttpRequest, filters: Query[EventFilter]) -> list[CommunityEvent]:
    """Events of the user's community and of the areas they run, latest first."""
    user = user_of(request)
    qs = permissions.events_visible_to(user).select_related("community")
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.community_code:
        qs = qs.filter(community__code=filters.community_code)
    rows = list(
        qs.select_related("signup_area")
        .annotate(n=Count("attendances", distinct=True), taken=TAKEN)
        .order_by("-starts_at", "-pk")[:200]
    )
    ids = [e.pk for e in rows]
    mine = set(
        Attendance.objects.filter(user=user, event_id__in=ids).values_list("event_id", flat=True)
    )
    signups = {s.event_id: s for s in SignUp.objects.filter(user=user, event_id__in=ids)}
    return [
        _as_seen(
            e,
            attended=e.pk in mine,
            count=e.n if permissions.is_staff_for(user, e.community.code) else None,
            signup=signups.get(e.pk),
        )
        for e in rows
    ]


TAKEN = Count("signups", filter=Q(signups__status__in=PLACES), distinct=True)


def _as_seen(
    e: CommunityEvent, *, attended: bool, count: int | None, signup: SignUp | None = None
) -> CommunityEvent:
    """The event with what `CommunityEventOut` reads about its reader: whether they attended,
    the attendance count (staff of its community only), their sign-up and turn, and the
    places taken."""
    from volunteering.actions.signups import places_taken, waiting_position

    e.attended = attended  # type: ignore[attr-defined]
    e.attendance_count = count  # type: ignore[attr-defined]
    e.my_signup = signup.status if signup else None  # type: ignore[attr-defined]
    e.waiting_position = waiting_position(signup) if signup else None  # type: ignore[attr-defined]
    if not hasattr(e, "taken"):
        e.taken = places_taken(e)  # type: ignore[attr-defined]
    e.places_taken = e.taken  # type: ignore[attr-defined]
    return e


def _as_seen_by(user: Any, e: CommunityEvent) -> CommunityEvent:
    """One event as `user` sees it: the attendance count for staff of its community only."""
    staff = permissions.is_staff_for(user, e.community.code)
    return _as_seen(
        e,
        attended=Attendance.objects.filter(user=user, event=e).exists(),
        count=e.attendances.count() if staff else None,
        signup=SignUp.objects.filter(user=user, event=e).first(),
    )


@router.get("/events/{pk}", response={200: CommunityEventOut} | errors(404))
def get_event(request: HttpRequest, pk: int) -> Status:
    """One event the user may see in the list (their community's, or of the areas they run)."""
    user = user_of(request)
    event = permissions.events_visible_to(user).select_related("community").filter(pk=pk).first()
    if event is None:
        raise not_found()
    return Status(200, _as_seen_by(user, event))


def _staff_event(user: Any, pk: int) -> CommunityEvent:
    """The event for a staff write: 403 for who may see it but not run it, 404 otherwise."""
    event = (
        CommunityEvent.objects.filter(permissions.staff_q(user, "community__code"), pk=pk)
        .select_related("community")
        .first()
    )
    if event is not None:
        return event
    if permissions.events_visible_to(user).filter(pk=pk).exists():
        raise Forbidden("Only community staff can change events.")
    raise not_found()


@router.post("/events", response={201: CommunityEventOut} | errors(400, 403, 404, 409))
def create_event(request: HttpRequest, data: CommunityEventIn) -> Status:
    """Staff of the community (or above) create an activity, consultation or patrol; with
    `signup_opens_at` it takes sign-ups (places, closing time, an area or group limit); with
    `room_id` it books the room (409: the room is booked at that time)."""
    user = user_of(request)
    area = None
    if data.signup_area_code:
        area = Area.objects.filter(code=data.signup_area_code).first()
        if area is None:
            raise Invalid(f"No area with code {data.signup_area_code!r}.", "signup_area_code")
    done = actions.do_create_event(
        community=community_by_code(data.community_code),
        kind=data.kind,
        title=data.title,
        place=data.place,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        hours=data.hours,
        actor=user,
        signup_opens_at=data.signup_opens_at,
        signup_closes_at=data.signup_closes_at,
        capacity=data.capacity,
        signup_area=area,
        signup_tags=data.signup_tags,
        room=data.room_id,
    )
    return Status(201, _as_seen(done, attended=False, count=0))


@router.patch("/events/{pk}", response={200: CommunityEventOut} | errors(400, 403, 404, 409))
def update_event(request: HttpRequest, pk: int, data: CommunityEventPatch) -> Status:
    """Change an event still to come (not started, not cancelled); only the fields given.
    409: it has started or is cancelled."""
    user = user_of(request)
    event = _staff_event(user, pk)
    changes = data.model_dump(exclude_unset=True)
    for field in ("kind", "title", "place", "starts_at", "ends_at", "signup_tags"):
        if field in changes and changes[field] is None:
            raise Invalid(f"{field} cannot be null.", field)
    if "room_id" in changes:
        changes["room"] = changes.pop("room_id")
    return Status(200, _as_seen_by(user, actions.do_update_event(event, actor=user, **changes)))


@router.post("/events/{pk}/cancel", response={200: CommunityEventOut} | errors(400, 403, 404, 409))
def cancel_event(request: HttpRequest, pk: int, data: ReasonIn) -> Status:
    """Cancel with a reason: the event takes no more attendance; credited points stay.
    409: already cancelled."""
    user = user_of(request)
    event = _staff_event(user, pk)
    return Status(
        200, _as_seen_by(user, actions.do_cancel_event(event, reason=data.reason, actor=user))
    )


@router.get("/events/{pk}/attendances", response={200: list[AttendanceOut]} | errors(404))
def list_attendances(request: HttpRequest, pk: int) -> Status:
    """Who attended (staff of the event's community; phones masked)."""
    event = CommunityEvent.objects.filter(
        permissions.staff_q(request.user, "community__code"), pk=pk
    ).first()
    if event is None:
        raise not_found()
    rows = event.attendances.select_related("user").order_by("-recorded_at", "-pk")
    return Status(200, list(rows))


@router.post(
    "/events/{pk}/attendances",
    response={201: AttendanceOut} | errors(400, 403, 404, 409),
)
def record_attendance(request: HttpRequest, pk: int, data: AttendanceIn) -> Status:
    """Record that the resident with this phone took part; they earn the kind's points once.
    409: already recorded, the event has not started, or it is cancelled."""
    user = user_of(request)
    event = CommunityEvent.objects.filter(
        permissions.staff_q(user, "community__code"), pk=pk
    ).first()
    if event is None:
        if permissions.events_visible_to(user).filter(pk=pk).exists():
            raise Forbidden("Only community staff can record attendance.")
        raise not_found()
    done = actions.do_record_attendance(event, phone=data.phone, actor=user)
    return Status(201, done)
