"""A community event held at a venue's room books it (阵地 · `activities`): created or moved
at a room, it asks `activities.actions.do_book_room`, approved at once when the organiser
manages the venue, else waiting for a manager; cancelled, or moved elsewhere, it calls the
booking off. A refused booking (the room taken, closed then, too small) refuses the event's
write, so nothing is saved."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from activities.actions import do_book_room, do_cancel_booking
from activities.models import Booking, BookingStatus, Room
from activities.models.bookings import PURPOSE_MAX
from core import timeutil
from core.refusal import Conflict, Invalid, Refusal

HOLDING = (BookingStatus.REQUESTED, BookingStatus.APPROVED)


def clean_room(room: Any, community: Any) -> Room | None:
    """The room, once it is open for booking at a venue of the event's community (a grid's
    station counts)."""
    if room in (None, ""):
        return None
    found = (
        Room.objects.select_related("venue__area")
        .filter(pk=room.pk if isinstance(room, Room) else room)
        .first()
    )
    if found is None or not found.venue.area.code.startswith(community.code):
        raise Invalid(_("Choose a room of a venue in the event's community."), "room")
    return found


def book(event: Any, room: Room, actor: Any) -> Booking:
    """Book `room` for the event's time; a taken slot is refused with the event's words."""
    head_count = event.capacity or room.capacity
    try:
        return do_book_room(
            room,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            purpose=event.title[:PURPOSE_MAX],
            head_count=head_count,
            actor=actor,
            on_behalf_of=event.community.name,
        )
    except Conflict as refusal:
        if refusal.field == "starts_at":
            raise Conflict(
                _(
                    "%(room)s is booked at that time already: choose another time or room "
                    "(see the venue's week)."
                )
                % {"room": str(room)},
                "room",
            ) from None
        raise
    except Refusal as refusal:
        raise type(refusal)(
            _("The room cannot be booked: %(why)s") % {"why": refusal.message}, "room"
        ) from None


def release(event: Any, actor: Any, reason: str) -> None:
    """Call off the event's booking if it still holds the room and has not started."""
    if event.booking_id is None:
        return
    booking = Booking.objects.get(pk=event.booking_id)
    if booking.status in HOLDING and booking.starts_at > timeutil.now():
        do_cancel_booking(booking, actor=actor, reason=reason)
