"""Every write of the activities app that matters: `do_<verb>_<noun>`, atomic, audited."""

from activities.actions.bookings import (
    do_approve_booking,
    do_book_room,
    do_cancel_booking,
    do_decline_booking,
    do_request_booking,
)
from activities.actions.venues import do_add_venue_photo

__all__ = [
    "do_add_venue_photo",
    "do_approve_booking",
    "do_book_room",
    "do_cancel_booking",
    "do_decline_booking",
    "do_request_booking",
]
