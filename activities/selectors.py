"""Reads of venues and bookings: the lists, a room's week, the map's points, home lines."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import ngettext

from activities import links, permissions
from activities.models import KIND_COLOURS, Booking, BookingStatus, Room, Venue, VenueKind
from core import timeutil
from core.home import Line

HOLDING = (BookingStatus.REQUESTED, BookingStatus.APPROVED)


def venues() -> QuerySet[Venue]:
    """Every venue: venues are public places."""
    return Venue.objects.select_related("area", "organisation", "partner_unit")


def bookings(user: Any) -> QuerySet[Booking]:
    return permissions.bookings_visible_to(user).select_related("room__venue", "asker")


def waiting(user: Any) -> QuerySet[Booking]:
    """Bookings waiting for this user's decision: asked at venues they manage, not started,
    not their own."""
    managed = Venue.objects.filter(permissions.managed_venues_q(user)).values("pk")
    return (
        Booking.objects.filter(
            room__venue__in=managed,
            status=BookingStatus.REQUESTED,
            starts_at__gt=timeutil.now(),
        )
        .exclude(asker=user)
        .select_related("room__venue", "asker")
        .order_by("starts_at", "pk")
    )


def mine_ahead(user: Any) -> QuerySet[Booking]:
    """The user's own bookings that have not ended and still hold their room."""
    return (
        Booking.objects.filter(asker=user, status__in=HOLDING, ends_at__gt=timeutil.now())
        .select_related("room__venue")
        .order_by("starts_at", "pk")
    )


def waiting_lines(user: Any) -> list[Line]:
    if not permissions.may_manage_somewhere(user):
        return []
    n = waiting(user).count()
    label = ngettext(
        "%(n)d room booking waits for your approval",
        "%(n)d room bookings wait for your approval",
        n,
    ) % {"n": n}
    url = reverse("activities:bookings") + "?waiting=1"
    return [Line("activities.waiting", label, n, url, group="services")]


def next_booking_lines(user: Any) -> list[Line]:
    """The resident's next booking: one line naming its room and time."""
    if not permissions.may_ask(user):
        return []
    ahead = mine_ahead(user)
    found = ahead.first()
    if found is None:
        return []
    n = ahead.count()
    when = timeutil.local(found.starts_at).strftime("%m-%d %H:%M")
    label = ngettext(
        "Your next booking: %(room)s, %(when)s (%(n)d booking ahead)",
        "Your next booking: %(room)s, %(when)s (%(n)d bookings ahead)",
        n,
    ) % {"room": str(found.room), "when": when, "n": n}
    url = reverse("activities:bookings") + "?mine=1"
    return [Line("activities.next_booking", label, n, url, group="services")]


# A room's week.


@dataclass
class Slot:
    booking: Booking
    start: dt.datetime  # local
    end: dt.datetime
    top: float  # percent of the day's open span
    height: float
    shown: bool  # may the reader see who and why
    held: Any = None  # `links.Held`: the event held there, for a reader who may see it


@dataclass
class Day:
    date: dt.date
    hours: tuple[dt.time, dt.time] | None
    slots: list[Slot] = field(default_factory=list)


def week_start(value: str | None) -> dt.date:
    """The Monday of the week holding `value` (YYYY-MM-DD), else of this week."""
    today = timeutil.today()
    try:
        day = dt.date.fromisoformat(value or "")
    except ValueError:
        day = today
    if abs((day - today).days) > 400:
        day = today
    return day - dt.timedelta(days=day.weekday())


def _minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def week(room: Room, monday: dt.date, user: Any) -> list[Day]:
    """The room's seven days from `monday` with its waiting and approved bookings placed
    within each day's opening hours (who and why shown only to its asker and managers)."""
    start = dt.datetime.combine(monday, dt.time(0), tzinfo=timeutil.SHANGHAI)
    end = start + dt.timedelta(days=7)
    manages = permissions.may_manage_venue(user, room.venue)
    hours = room.venue.hours()
    days = [Day(monday + dt.timedelta(days=i), hours[i]) for i in range(7)]
    found = Booking.objects.filter(
        room=room, status__in=HOLDING, starts_at__lt=end, ends_at__gt=start
    ).select_related("asker")
    for b in found.order_by("starts_at", "pk"):
        local_start, local_end = timeutil.local(b.starts_at), timeutil.local(b.ends_at)
        day = days[(local_start.date() - monday).days] if local_start >= start else None
        if day is None or day.hours is None:
            continue
        opens, closes = (_minutes(t) for t in day.hours)
        span = max(closes - opens, 1)
        top = max(0, _minutes(local_start.time()) - opens) / span * 100
        bottom = min(span, _minutes(local_end.time()) - opens) / span * 100
        day.slots.append(
            Slot(
                b,
                local_start,
                local_end,
                top,
                max(bottom - top, 4),
                manages or b.asker_id == user.pk,
            )
        )
    slots = [s for d in days for s in d.slots]
    held = links.held_for([s.booking for s in slots], user)
    for s in slots:
        s.held = held.get(s.booking.pk)
    return days


# The map.


def map_points(qs: QuerySet[Venue]) -> dict[str, Any]:
    """The venues as GeoJSON points with their kind's colour, and the legend of the kinds
    present (for areas/static/areas/area_map.js's `points` layer)."""
    features = []
    present: set[str] = set()
    for v in qs.order_by("kind", "name"):
        present.add(v.kind)
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [v.lon, v.lat]},
                "properties": {
                    "name": v.name,
                    "kind": v.kind,
                    "colour": KIND_COLOURS.get(VenueKind(v.kind), "#344054"),
                    "url": reverse("activities:venue", args=[v.pk]),
                },
            }
        )
    legend = [
        {"kind": k.value, "label": str(k.label), "colour": KIND_COLOURS[k]}
        for k in VenueKind
        if k.value in present
    ]
    return {"type": "FeatureCollection", "features": features, "legend": legend}
