"""Asking for a room, deciding and cancelling bookings, each audited.

A booking asks for a room of an open venue, for a slot on one day within the venue's opening
hours (Asia/Shanghai), in the future and at most `HORIZON_DAYS` ahead, with a purpose and a
head count within the room's capacity. Two approved bookings of a room never overlap: an
approval locks the room's row first (`select_for_update`), so approvals of one room take
turns, and checks the room's approved bookings under that lock; on PostgreSQL an exclusion
constraint (migration 0002) refuses an overlap even to a writer that skips this action.

Outside the user's sight a booking is a NotFound refusal; seen but not theirs to decide,
Forbidden; the wrong moment (decided already, started, the room taken) a Conflict; bad input
an Invalid naming its field. A refusal stores nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities import permissions
from activities.models import AskerKind, Booking, BookingEvent, BookingStatus, Room
from activities.models.bookings import PURPOSE_MAX, REASON_MAX
from activities.workflow import BOOKINGS
from core import audit, timeutil
from core.notify import notify
from core.refusal import Conflict, Forbidden, Invalid, NotFound
from core.workflow import Notice, move

HORIZON_DAYS = 90
NAME_MAX = 100


def _text(value: str, field: str, limit: int, missing: str) -> str:
    value = (value or "").strip()
    if not value:
        raise Invalid(missing, field)
    if len(value) > limit:
        raise Invalid(_("At most %(n)d characters.") % {"n": limit}, field)
    return value


def check_slot(room: Room, starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    """The slot lies on one day within the venue's opening hours, in the future and within
    the booking horizon; refuses with Invalid otherwise."""
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise Invalid(_("Give the time with its time zone."), "starts_at")
    if ends_at <= starts_at:
        raise Invalid(_("The booking must end after it starts."), "ends_at")
    if ends_at - starts_at > dt.timedelta(days=1):
        raise Invalid(_("A booking lies within one day."), "ends_at")
    now = timeutil.now()
    if starts_at <= now:
        raise Invalid(_("A booking starts in the future."), "starts_at")
    if starts_at > now + dt.timedelta(days=HORIZON_DAYS):
        raise Invalid(
            _("A room is booked at most %(n)d days ahead.") % {"n": HORIZON_DAYS}, "starts_at"
        )
    start, end = timeutil.local(starts_at), timeutil.local(ends_at)
    hours = room.venue.hours()[start.weekday()]
    if hours is None:
        raise Invalid(_("The venue is closed on that day."), "starts_at")
    opens, closes = hours
    if end.date() != start.date() or start.time() < opens or end.time() > closes:
        raise Invalid(
            _("The venue is open from %(opens)s to %(closes)s on that day.")
            % {"opens": opens.strftime("%H:%M"), "closes": closes.strftime("%H:%M")},
            "starts_at",
        )


def overlapping(room: Room, starts_at: dt.datetime, ends_at: dt.datetime) -> Any:
    """The room's approved bookings that overlap the slot."""
    return Booking.objects.filter(
        room=room, status=BookingStatus.APPROVED, starts_at__lt=ends_at, ends_at__gt=starts_at
    )


def _asker(kind: str, on_behalf_of: str) -> tuple[str, str]:
    if kind not in AskerKind.values:
        raise Invalid(
            _("Say who asks: a resident, a volunteer team or an organisation."), "asker_kind"
        )
    if kind == AskerKind.RESIDENT:
        return kind, ""
    return kind, _text(
        on_behalf_of, "on_behalf_of", NAME_MAX, _("Name the team or organisation you ask for.")
    )


def _booking_url(booking: Booking) -> str:
    return reverse("activities:booking", args=[booking.pk])


@transaction.atomic
def do_request_booking(
    room: Room,
    *,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    purpose: str,
    head_count: int,
    actor: Any,
    asker_kind: str = AskerKind.RESIDENT,
    on_behalf_of: str = "",
) -> Booking:
    """Ask for a room: a resident for themself, a volunteer for their team, staff or a party
    secretary for their organisation. The slot must be free of approved bookings; the venue's
    managers are told."""
    if not permissions.may_ask(actor):
        raise Forbidden(_("You may not ask for a room."))
    room = Room.objects.select_related("venue__area").get(pk=room.pk)
    if not (room.active and room.venue.active):
        raise Conflict(_("This room is not open for booking."), "room")
    check_slot(room, starts_at, ends_at)
    if isinstance(head_count, bool) or not isinstance(head_count, int) or head_count < 1:
        raise Invalid(_("Give the number of people."), "head_count")
    if head_count > room.capacity:
        raise Invalid(
            _("The room holds at most %(n)d people.") % {"n": room.capacity}, "head_count"
        )
    purpose = _text(purpose, "purpose", PURPOSE_MAX, _("Say what the room is for."))
    asker_kind, on_behalf_of = _asker(asker_kind, on_behalf_of)
    if overlapping(room, starts_at, ends_at).exists():
        raise Conflict(_("The room is booked at that time already."), "starts_at")
    booking = Booking.objects.create(
        room=room,
        starts_at=starts_at,
        ends_at=ends_at,
        purpose=purpose,
        head_count=head_count,
        asker=actor,
        asker_kind=asker_kind,
        on_behalf_of=on_behalf_of,
    )
    BookingEvent.objects.create(
        booking=booking, action="ask", after=BookingStatus.REQUESTED, actor=actor
    )
    audit.record(
        actor,
        "activities.booking.ask",
        booking,
        {
            "room": [None, str(room)],
            "starts_at": [None, timeutil.shown(starts_at)],
            "ends_at": [None, timeutil.shown(ends_at)],
            "purpose": [None, purpose],
            "head_count": [None, head_count],
        },
    )
    managers = [u for u in permissions.managers_of(room.venue) if u.pk != actor.pk]
    if managers:
        notify(
            managers,
            _("A room booking waits for your approval"),
            f"{room} · {timeutil.shown(starts_at)} · {purpose}",
            _booking_url(booking),
        )
    return booking


def _found(booking: Booking, actor: Any) -> Booking:
    found = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("room__venue__area", "room__venue__organisation__secretary", "asker")
        .get(pk=booking.pk)
    )
    if not permissions.can_view_booking(actor, found):
        raise NotFound(_("No such booking."))
    return found


def _told(booking: Booking, title: Any, body: str = "") -> list[Notice]:
    return [
        Notice(
            [booking.asker],
            title,
            body,
            _booking_url(booking),
            {"room": str(booking.room), "when": timeutil.shown(booking.starts_at)},
        )
    ]


@transaction.atomic
def do_approve_booking(booking: Booking, *, actor: Any, note: str = "") -> Booking:
    """A manager of the venue approves a waiting booking that has not started, if no approved
    booking of the room overlaps it. The room's row is locked first, so two approvals of the
    room never pass the check together; the asker is told."""
    Room.objects.select_for_update().filter(pk=booking.room_id).first()  # approvals take turns
    found = _found(booking, actor)
    if not permissions.may_decide(actor, found):
        raise Forbidden(_("Only the venue's managers decide its bookings."))
    if found.status == BookingStatus.REQUESTED and found.starts_at <= timeutil.now():
        raise Conflict(_("The booking has started already."))
    if (
        found.status == BookingStatus.REQUESTED
        and overlapping(found.room, found.starts_at, found.ends_at).exclude(pk=found.pk).exists()
    ):
        raise Conflict(_("The room is booked at that time already."), "starts_at")
    note = (note or "").strip()[:REASON_MAX]
    try:
        with transaction.atomic():
            return move(
                found,
                "approve",
                actor,
                changes={"decided_by": actor, "decided_at": timeutil.now()},
                note=note,
                notices=_told(
                    found, gettext_lazy("Your booking of %(room)s on %(when)s is approved"), note
                ),
                locked=True,
                table=BOOKINGS,
            )
    except IntegrityError:  # PostgreSQL's exclusion constraint: an overlap got past the check
        raise Conflict(_("The room is booked at that time already."), "starts_at") from None


@transaction.atomic
def do_decline_booking(booking: Booking, *, reason: str, actor: Any) -> Booking:
    """A manager of the venue declines a waiting booking, with the reason; the asker is told."""
    found = _found(booking, actor)
    if not permissions.may_decide(actor, found):
        raise Forbidden(_("Only the venue's managers decide its bookings."))
    reason = _text(reason, "reason", REASON_MAX, _("Give the reason."))
    return move(
        found,
        "decline",
        actor,
        changes={"decided_by": actor, "decided_at": timeutil.now(), "reason": reason},
        note=reason,
        notices=_told(
            found, gettext_lazy("Your booking of %(room)s on %(when)s is declined"), reason
        ),
        locked=True,
        table=BOOKINGS,
    )


@transaction.atomic
def do_cancel_booking(booking: Booking, *, actor: Any, reason: str = "") -> Booking:
    """The asker withdraws a waiting or approved booking before it starts; a manager calls one
    off with the reason, and the asker is told."""
    found = _found(booking, actor)
    if not permissions.may_cancel(actor, found):
        raise Forbidden(_("Only the asker or the venue's managers cancel a booking."))
    own = found.asker_id == actor.pk
    reason = (reason or "").strip()
    if not own:
        reason = _text(reason, "reason", REASON_MAX, _("Give the reason."))
    elif len(reason) > REASON_MAX:
        raise Invalid(_("At most %(n)d characters.") % {"n": REASON_MAX}, "reason")
    holding = found.status in (BookingStatus.REQUESTED, BookingStatus.APPROVED)
    if holding and found.starts_at <= timeutil.now():
        raise Conflict(_("The booking has started already."))
    notices = (
        []
        if own
        else _told(
            found, gettext_lazy("Your booking of %(room)s on %(when)s is called off"), reason
        )
    )
    return move(
        found,
        "cancel",
        actor,
        changes={"reason": reason},
        note=reason,
        notices=notices,
        locked=True,
        table=BOOKINGS,
    )


@transaction.atomic
def do_book_room(
    room: Room,
    *,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    purpose: str,
    head_count: int,
    actor: Any,
    on_behalf_of: str = "",
    asker_kind: str = AskerKind.ORGANISATION,
) -> Booking:
    """Book a room for something held there (a community event held at a venue): ask, and
    when the actor manages the venue approve at once. The one entry for a higher app
    (volunteering's events): it keeps the booking's id and cancels it with
    `do_cancel_booking` when the event is called off. Refuses as `do_request_booking` and
    `do_approve_booking` do; a booking left waiting is approved by a manager as any other."""
    booking = do_request_booking(
        room,
        starts_at=starts_at,
        ends_at=ends_at,
        purpose=purpose,
        head_count=head_count,
        actor=actor,
        asker_kind=asker_kind,
        on_behalf_of=on_behalf_of or getattr(actor, "name", ""),
    )
    if permissions.may_manage_venue(actor, booking.room.venue):
        booking = do_approve_booking(booking, actor=actor)
    return booking
