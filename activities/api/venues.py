"""Venues in the API: the register's list, a venue, a room's week."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field

from activities import permissions, selectors
from activities.api import router
from activities.api.schemas import Kind, RoomWeekOut, VenueDetailOut, VenuePage
from activities.models import Room, Venue
from core.paging import page_param, page_size_param, paginate
from core.refusal import NotFound
from core.schemas import errors


def venue_of(request: HttpRequest, venue_id: int) -> Venue:
    found = selectors.venues().filter(pk=venue_id).first()
    if found is None:
        raise NotFound(_("No such venue."))
    return found


@router.get("/venues", response={200: VenuePage, **errors(400)})
def list_venues(
    request: HttpRequest,
    kind: Kind | None = None,
    area: Annotated[str, Field(max_length=40)] | None = None,
    shared: bool | None = None,
    page: int = page_param(),
    page_size: int = page_size_param(),
) -> Any:
    """The venue register: every venue, by area; `area` a code (its subtree), `shared` the
    partner units' rooms (阵地共享)."""
    qs = selectors.venues()
    if kind is not None:
        qs = qs.filter(kind=kind)
    if area:
        qs = qs.filter(area__code__startswith=area)
    if shared is not None:
        qs = qs.filter(partner_unit__isnull=not shared)
    return paginate(qs.order_by("area__code", "kind", "name", "pk"), page, page_size)


@router.get("/venues/{venue_id}", response={200: VenueDetailOut, **errors(404)})
def venue_detail(request: HttpRequest, venue_id: int) -> Any:
    """A venue with its rooms, opening hours (Asia/Shanghai), facilities and photos."""
    venue = venue_of(request, venue_id)
    venue.may_manage = permissions.may_manage_venue(request.user, venue)  # type: ignore[attr-defined]
    return venue


@router.get("/rooms/{room_id}/week", response={200: RoomWeekOut, **errors(404)})
def room_week(request: HttpRequest, room_id: int, monday: dt.date | None = None) -> Any:
    """When a room is held in the week from `monday` (this week by default): its waiting and
    approved bookings; who and why only for the asker and the venue's managers."""
    room = Room.objects.select_related("venue__area").filter(pk=room_id).first()
    if room is None:
        raise NotFound(_("No such room."))
    start = selectors.week_start(monday.isoformat() if monday else None)
    days = selectors.week(room, start, request.user)
    busy = [
        {
            "booking_id": s.booking.pk if s.shown else None,
            "starts_at": s.booking.starts_at,
            "ends_at": s.booking.ends_at,
            "status": s.booking.status,
            "purpose": s.booking.purpose if s.shown else None,
            "who": s.booking.who if s.shown else None,
        }
        for d in days
        for s in d.slots
    ]
    hours = [
        {
            "weekday": i,
            "opens": d.hours[0].strftime("%H:%M") if d.hours else None,
            "closes": d.hours[1].strftime("%H:%M") if d.hours else None,
        }
        for i, d in enumerate(days)
    ]
    return {"room": room, "monday": start, "opening_hours": hours, "busy": busy}
