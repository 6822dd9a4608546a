"""The shapes of the activities API's answers, read from the model instances returned."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import StrictInt

from activities.models import AskerKind, Booking, BookingStatus, Room, Venue, VenueKind, VenuePhoto
from activities.models.bookings import PURPOSE_MAX, REASON_MAX
from core import media
from core.paging import Page
from core.schemas import OneOf

Kind = Annotated[str, OneOf(lambda: VenueKind.values)]
Status_ = Annotated[str, OneOf(lambda: BookingStatus.values)]
Asker = Annotated[str, OneOf(lambda: AskerKind.values)]


class RoomOut(Schema):
    id: int
    code: str
    name: str
    capacity: int
    active: bool


class VenueDayHoursOut(Schema):
    weekday: int = Field(description="0 is Monday")
    opens: str | None = Field(description="HH:MM, Asia/Shanghai; null: closed")
    closes: str | None


class VenuePhotoOut(Schema):
    id: int
    caption: str
    url: str = Field(description="A signed address that expires")

    @staticmethod
    def resolve_url(p: VenuePhoto) -> str:
        return media.url(p.image)


class VenueOut(Schema):
    id: int
    code: str
    name: str
    kind: Kind
    area_code: str
    area_name: str
    address: str
    lon: float
    lat: float
    manager: str = Field(description="The managing party organisation or partner unit")
    shared: bool = Field(description="Offered by a partner unit (阵地共享)")
    active: bool

    @staticmethod
    def resolve_area_code(v: Venue) -> str:
        return v.area.code

    @staticmethod
    def resolve_area_name(v: Venue) -> str:
        return v.area.name

    @staticmethod
    def resolve_manager(v: Venue) -> str:
        return v.manager_name


class VenueDetailOut(VenueOut):
    description: str
    facilities: list[str]
    opening_hours: list[VenueDayHoursOut]
    organisation_id: int | None
    partner_unit_id: int | None
    rooms: list[RoomOut]
    photos: list[VenuePhotoOut]
    may_manage: bool

    @staticmethod
    def resolve_opening_hours(v: Venue) -> list[dict[str, Any]]:
        return [
            {
                "weekday": i,
                "opens": h[0].strftime("%H:%M") if h else None,
                "closes": h[1].strftime("%H:%M") if h else None,
            }
            for i, h in enumerate(v.hours())
        ]

    @staticmethod
    def resolve_rooms(v: Venue) -> list[Room]:
        return list(v.rooms.all())

    @staticmethod
    def resolve_photos(v: Venue) -> list[VenuePhoto]:
        return list(v.photos.all())

    @staticmethod
    def resolve_may_manage(v: Venue) -> bool:
        return bool(getattr(v, "may_manage", False))


class VenuePage(Page[VenueOut]):
    pass


class RoomBusyOut(Schema):
    """A slot the room is held: who and why only for its asker and the venue's managers."""

    booking_id: int | None
    starts_at: dt.datetime
    ends_at: dt.datetime
    status: Status_
    purpose: str | None
    who: str | None


class RoomWeekOut(Schema):
    room: RoomOut
    monday: dt.date
    opening_hours: list[VenueDayHoursOut]
    busy: list[RoomBusyOut]


class BookingOut(Schema):
    id: int
    room_id: int
    room_name: str
    venue_id: int
    venue_name: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    purpose: str
    head_count: int
    asker_kind: Asker
    on_behalf_of: str
    asker_name: str
    status: Status_
    reason: str
    asked_at: dt.datetime
    decided_at: dt.datetime | None

    @staticmethod
    def resolve_room_name(b: Booking) -> str:
        return b.room.name

    @staticmethod
    def resolve_venue_id(b: Booking) -> int:
        return b.room.venue_id

    @staticmethod
    def resolve_venue_name(b: Booking) -> str:
        return b.room.venue.name

    @staticmethod
    def resolve_asker_name(b: Booking) -> str:
        return b.asker.name


class BookingEventOut(Schema):
    action: Annotated[str, OneOf(lambda: ["ask", "approve", "decline", "cancel"])]
    after: Status_
    note: str
    at: dt.datetime


class BookingDetailOut(BookingOut):
    events: list[BookingEventOut]
    may_decide: bool
    may_cancel: bool

    @staticmethod
    def resolve_events(b: Booking) -> list[Any]:
        return list(b.events.all())

    @staticmethod
    def resolve_may_decide(b: Booking) -> bool:
        return bool(getattr(b, "may_decide", False))

    @staticmethod
    def resolve_may_cancel(b: Booking) -> bool:
        return bool(getattr(b, "may_cancel", False))


class BookingPage(Page[BookingOut]):
    pass


class BookingIn(Schema):
    room_id: StrictInt
    starts_at: dt.datetime = Field(description="With its time zone; within opening hours")
    ends_at: dt.datetime
    purpose: str = Field(max_length=PURPOSE_MAX)
    head_count: StrictInt = Field(ge=1, le=100000)
    asker_kind: Asker = AskerKind.RESIDENT
    on_behalf_of: str = Field("", max_length=100, description="The team or organisation")


class BookingDecisionIn(Schema):
    note: str = Field("", max_length=REASON_MAX)


class BookingReasonIn(Schema):
    reason: str = Field("", max_length=REASON_MAX)
