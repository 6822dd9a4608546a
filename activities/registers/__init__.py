"""The venue registers in the register framework of areas.registers: venues and their rooms,
imported and exported by code; viewed with `view_registers`, imported by those who manage
venues on the area (`manage_venues`). ActivitiesConfig.ready adds them to
areas.registers.specs."""

from __future__ import annotations

from activities.registers.venues import RoomSpec, VenueSpec

SPECS = (VenueSpec(), RoomSpec())
