"""Activities' data (DESIGN.md): venues (阵地) with their rooms and photos, and bookings of the
rooms. Each kind lives in its own module here."""

from activities.models.bookings import (
    HOLDING,
    AskerKind,
    Booking,
    BookingEvent,
    BookingStatus,
)
from activities.models.venues import KIND_COLOURS, Room, Venue, VenueKind, VenuePhoto

__all__ = [
    "HOLDING",
    "KIND_COLOURS",
    "AskerKind",
    "Booking",
    "BookingEvent",
    "BookingStatus",
    "Room",
    "Venue",
    "VenueKind",
    "VenuePhoto",
]
