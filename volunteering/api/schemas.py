"""Schemas of the volunteering API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema
from pydantic import AwareDatetime, StrictFloat, StrictInt


class EventOut(Schema):
    event: str
    from_status: str
    to_status: str
    at: dt.datetime
    actor: str | None = None
    note: str = ""
    lon: float | None = None
    lat: float | None = None


class OrderOut(Schema):
    id: int
    community: str
    title: str
    description: str
    service_id: int | None
    address: str
    lon: float | None
    lat: float | None
    wanted_at: dt.datetime | None
    status: str
    status_label: str
    team_id: int | None
    taker_id: int | None
    taker_name: str | None
    created: dt.datetime
    checked_in_at: dt.datetime | None
    checked_out_at: dt.datetime | None
    hours: Decimal | None
    rating: int | None
    comment: str
    distance_m: float | None = None


class OrderDetailOut(OrderOut):
    events: list[EventOut]


class RequestIn(Schema):
    service_id: StrictInt | None = None
    title: str = Field("", max_length=100)
    description: str = Field("", max_length=2000)
    wanted_at: dt.datetime | None = None
    lon: StrictFloat | None = None
    lat: StrictFloat | None = None


class PublishIn(Schema):
    team_id: StrictInt | None = None


class ReasonIn(Schema):
    reason: str = Field("", max_length=500)


class AssignIn(Schema):
    volunteer_id: StrictInt


class PlaceIn(Schema):
    lon: StrictFloat
    lat: StrictFloat
    note: str = Field("", max_length=500)


class ConfirmIn(Schema):
    rating: StrictInt
    comment: str = Field("", max_length=1000)


class ServiceOut(Schema):
    id: int
    community: str
    title: str
    description: str
    category: str
    team_id: int | None
    estimated_hours: Decimal
    active: bool


class ServiceIn(Schema):
    community_code: str
    title: str
    category: str
    description: str = ""
    team_id: StrictInt | None = None
    estimated_hours: Decimal = Decimal("1")


class NeedOut(Schema):
    id: int
    community: str
    title: str
    description: str
    category: str
    households: int
    status: str


class NeedIn(Schema):
    community_code: str
    title: str
    category: str
    description: str = ""
    households: StrictInt = 1


class ResourceOut(Schema):
    id: int
    community: str
    title: str
    description: str
    category: str
    partner_unit_id: int | None
    team_id: int | None
    status: str


class ResourceIn(Schema):
    community_code: str
    title: str
    category: str
    description: str = ""
    partner_unit_id: StrictInt | None = None
    team_id: StrictInt | None = None


class ProjectOut(Schema):
    id: int
    community: str
    title: str
    need_id: int
    resource_id: int
    status: str
    due: dt.date | None
    completed_at: dt.datetime | None


class MatchIn(Schema):
    need_id: StrictInt
    resource_id: StrictInt
    title: str = ""
    due: dt.date | None = None


class ProjectEventIn(Schema):
    note: str = ""


class VolunteerOut(Schema):
    id: int
    community: str
    name: str
    phone: str
    skills: list[str]
    is_party_member: bool
    active: bool
    hours: Decimal = Decimal("0")


class VolunteerIn(Schema):
    community_code: str | None = None
    name: str = ""
    phone: str = ""
    skills: list[str] = []
    party_member_id: StrictInt | None = None


class TeamOut(Schema):
    id: int
    community: str
    name: str
    kind: str
    partner_unit_id: int | None
    compound_id: int | None
    organisation_id: int | None
    description: str
    members: int = 0


class TeamIn(Schema):
    community_code: str
    name: str
    kind: str
    description: str = ""
    partner_unit_id: StrictInt | None = None
    compound_id: StrictInt | None = None
    organisation_id: StrictInt | None = None


class MemberIn(Schema):
    volunteer_id: StrictInt
    is_leader: bool = False


class TalentOut(Schema):
    volunteer_id: int
    name: str
    community: str
    kind: str
    title: str
    service_menu: list[str]
    available: str


class TalentIn(Schema):
    kind: str
    title: str = ""
    service_menu: str
    available: str = ""


class WishOut(Schema):
    id: int
    community: str
    title: str
    description: str
    beneficiary: str
    beneficiary_kind: str
    value: Decimal | None
    status: str
    claimer: str
    created: dt.datetime
    claimed_at: dt.datetime | None
    fulfilled_at: dt.datetime | None
    confirmed_at: dt.datetime | None
    photo_url: str | None
    stalled: bool = False


class WishIn(Schema):
    community_code: str
    title: str
    beneficiary_name: str
    beneficiary_kind: str
    privacy: str = "masked"
    description: str = ""
    value: Decimal | None = None


class ClaimIn(Schema):
    partner_unit_id: StrictInt | None = None


class InServiceOut(Schema):
    member_id: int
    name: str
    organisation: str
    workplace: str
    home_community: str
    phone: str
    orders_done: int
    wishes_done: int
    done: int
    required: int
    behind: bool


class HoursOut(Schema):
    volunteer_id: int
    year: int
    hours_this_year: Decimal
    hours_total: Decimal
    services: int


class CommunityEventIn(Schema):
    community_code: str
    kind: str
    title: str = Field(max_length=100)
    place: str = Field("", max_length=200)
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    hours: Decimal | None = Field(None, description="Empty: the length of the event.")


class CommunityEventPatch(Schema):
    """Only the fields given change; `hours: null` credits the event's length."""

    kind: str | None = None
    title: str | None = Field(None, max_length=100)
    place: str | None = Field(None, max_length=200)
    starts_at: AwareDatetime | None = None
    ends_at: AwareDatetime | None = None
    hours: Decimal | None = Field(None, description="null: the length of the event.")


class AttendanceIn(Schema):
    phone: str = Field(max_length=20)


class AttendanceOut(Schema):
    id: int
    event_id: int
    user_id: int
    name: str
    phone: str = Field(description="Masked.")
    recorded_at: dt.datetime
    points: int


class CommunityEventOut(Schema):
    id: int
    community: str
    kind: str
    kind_label: str
    title: str
    place: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    hours: Decimal
    attended: bool = Field(description="Whether the requesting user attended.")
    attendance_count: int | None = Field(None, description="Staff only.")
    cancelled: bool
    cancelled_at: dt.datetime | None = None
    cancel_reason: str = ""
