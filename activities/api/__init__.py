"""Activities' REST API under /api/v1/activities/: venues (the register, a venue with its
rooms, hours, facilities and photos, a room's week) and bookings (ask, list, decide,
cancel). Venues are seen by every signed-in user; a booking by its asker and the venue's
managers (404 for others). One module per resource; `schemas` holds the answers' shapes."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["activities"])

# isort: off
from activities.api import venues  # noqa: E402
from activities.api import bookings  # noqa: E402
from activities.api import circle  # noqa: E402

# isort: on

__all__ = ["bookings", "circle", "router", "venues"]
