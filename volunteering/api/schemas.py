"""Schemas of the volunteering API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import AwareDatetime, StrictFloat, StrictInt

from core import media
from core.masking import mask_phone
from volunteering import permissions
from volunteering.models import (
    Attendance,
    CommunityEvent,
    LectureSchedule,
    MicroWish,
    Order,
    OrderEvent,
    SignUp,
    Talent,
    Team,
    Volunteer,
)


class InCommunity(Schema):
    # A row of one community, named by the community's code in `community` (a comment, not a
    # docstring: a docstring would become the description of every schema built on it).

    @staticmethod
    def resolve_community(row: Any) -> str:
        return row.community.code


class EventOut(Schema):
    event: str
    from_status: str
    to_status: str
    at: dt.datetime
    actor: str | None = None
    note: str = ""
    lon: float | None = None
    lat: float | None = None

    @staticmethod
    def resolve_actor(e: OrderEvent) -> str | None:
        return e.actor.name if e.actor else None


class OrderOut(InCommunity):
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

    @staticmethod
    def resolve_status_label(o: Order) -> str:
        return str(o.get_status_display())

    @staticmethod
    def resolve_taker_name(o: Order) -> str | None:
        return o.taker.name if o.taker else None

    @staticmethod
    def resolve_distance_m(o: Order) -> float | None:
        # Set by the list of open orders (`selectors.near`), from where the volunteer is.
        distance = getattr(o, "distance", None)
        return round(distance, 1) if distance is not None else None


class OrderDetailOut(OrderOut):
    events: list[EventOut]

    @staticmethod
    def resolve_events(o: Order) -> list[OrderEvent]:
        return list(o.events.select_related("actor"))


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


class ServiceOut(InCommunity):
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


class NeedOut(InCommunity):
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


class ResourceOut(InCommunity):
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


class ProjectOut(InCommunity):
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


class VolunteerOut(InCommunity):
    id: int
    community: str
    name: str
    phone: str
    skills: list[str]
    is_party_member: bool
    active: bool
    hours: Decimal = Decimal("0")

    @staticmethod
    def resolve_phone(v: Volunteer) -> str:
        return mask_phone(v.phone)

    @staticmethod
    def resolve_hours(v: Volunteer) -> Decimal:
        # Confirmed hours, when the list annotated them.
        return getattr(v, "hours", None) or Decimal("0")


class VolunteerIn(Schema):
    community_code: str | None = None
    name: str = ""
    phone: str = ""
    skills: list[str] = []
    party_member_id: StrictInt | None = None


class TeamOut(InCommunity):
    id: int
    community: str
    name: str
    kind: str
    partner_unit_id: int | None
    compound_id: int | None
    organisation_id: int | None
    description: str
    members: int = 0

    @staticmethod
    def resolve_members(t: Team) -> int:
        return getattr(t, "n", None) or t.memberships.count()


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

    @staticmethod
    def resolve_name(t: Talent) -> str:
        return t.volunteer.name

    @staticmethod
    def resolve_community(t: Talent) -> str:
        return t.volunteer.community.code

    @staticmethod
    def resolve_service_menu(t: Talent) -> list[str]:
        return t.menu_lines()


class TalentIn(Schema):
    kind: str
    title: str = ""
    service_menu: str
    available: str = ""


class WishOut(InCommunity):
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
    photo_url: str | None = Field(
        description="a signed address of the fulfilment photo, working for "
        "LINLI_MEDIA_URL_SECONDS (default an hour); ask for the wish again for a fresh one"
    )
    stalled: bool = False  # set by the wish wall, which asks which of its wishes stalled

    @staticmethod
    def resolve_beneficiary(w: MicroWish, context: dict[str, Any]) -> str:
        # Staff of the wish's community see the name; everyone else what the resident agreed to.
        staff = permissions.is_staff_for(context["request"].user, w.community.code)
        return w.beneficiary_name if staff else w.public_name

    @staticmethod
    def resolve_claimer(w: MicroWish) -> str:
        return w.claimer_name

    @staticmethod
    def resolve_photo_url(w: MicroWish) -> str | None:
        return media.url(w.photo) or None  # the wish was shown to the reader: signed


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
    signup_opens_at: AwareDatetime | None = Field(None, description="Empty: no sign-up.")
    signup_closes_at: AwareDatetime | None = Field(None, description="Empty: at the start.")
    capacity: StrictInt | None = Field(None, ge=1, le=10000, description="Empty: no limit.")
    signup_area_code: str | None = Field(
        None, max_length=40, description="Only residents of this area (within the community)."
    )
    signup_tags: list[str] = Field(
        default_factory=list, max_length=10, description="Only residents with one of these tags."
    )
    room_id: StrictInt | None = Field(
        None,
        description="Held at this room of a venue in the community: the room is booked "
        "(approved at once where the organiser manages the venue); a taken slot is a 409.",
    )


class CommunityEventPatch(Schema):
    """Only the fields given change; `hours: null` credits the event's length."""

    kind: str | None = None
    title: str | None = Field(None, max_length=100)
    place: str | None = Field(None, max_length=200)
    starts_at: AwareDatetime | None = None
    ends_at: AwareDatetime | None = None
    hours: Decimal | None = Field(None, description="null: the length of the event.")
    signup_opens_at: AwareDatetime | None = None
    signup_closes_at: AwareDatetime | None = None
    capacity: StrictInt | None = Field(None, ge=1, le=10000)
    signup_tags: list[str] | None = Field(None, max_length=10)
    room_id: StrictInt | None = Field(
        None, description="Another room (booked anew), or null: no longer held at a room."
    )


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

    @staticmethod
    def resolve_name(a: Attendance) -> str:
        return a.user.name

    @staticmethod
    def resolve_phone(a: Attendance) -> str:
        return mask_phone(a.user.phone or "")


class CommunityEventOut(InCommunity):
    # `attended` and `attendance_count` hang on the reader: the endpoint sets them on the event.

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
    organisation_id: int | None = Field(None, description="The party organisation (lectures).")
    capacity: int | None = Field(None, description="Places; null: no limit.")
    signup_opens_at: dt.datetime | None = Field(None, description="null: takes no sign-ups.")
    signup_closes_at: dt.datetime | None = Field(None, description="When sign-up closes.")
    signup_area: str | None = Field(None, description="Only residents of this area (code).")
    signup_tags: list[str] = Field(default_factory=list)
    places_taken: int = 0
    my_signup: str | None = Field(None, description="The reader's sign-up status.")
    waiting_position: int | None = Field(None, description="The reader's turn (1: next).")
    room_id: int | None = Field(None, description="The venue's room it is held at.")
    venue_id: int | None = None
    venue: str = Field("", description="The venue and room, by name.")
    booking_status: Literal["requested", "approved", "declined", "cancelled"] | None = Field(
        None, description="The room's booking: requested waits for the venue's manager."
    )

    @staticmethod
    def resolve_venue_id(e: CommunityEvent) -> int | None:
        return e.room.venue_id if e.room_id else None  # type: ignore[union-attr]

    @staticmethod
    def resolve_venue(e: CommunityEvent) -> str:
        return str(e.room) if e.room_id else ""

    @staticmethod
    def resolve_booking_status(e: CommunityEvent) -> str | None:
        return e.booking.status if e.booking_id else None  # type: ignore[union-attr]

    @staticmethod
    def resolve_kind_label(e: CommunityEvent) -> str:
        return str(e.get_kind_display())

    @staticmethod
    def resolve_signup_closes_at(e: CommunityEvent) -> dt.datetime | None:
        return e.signup_closes if e.takes_signups else None

    @staticmethod
    def resolve_signup_area(e: CommunityEvent) -> str | None:
        return e.signup_area.code if e.signup_area_id else None  # type: ignore[union-attr]


class CodeIn(Schema):
    code: str = Field(max_length=12, description="The check-in code the organiser shows.")


class SignUpOut(Schema):
    id: int
    event_id: int
    status: str
    status_label: str
    queued_at: dt.datetime
    waiting_position: int | None = Field(None, description="1: next to move up.")

    @staticmethod
    def resolve_status_label(s: SignUp) -> str:
        return str(s.get_status_display())

    @staticmethod
    def resolve_waiting_position(s: SignUp) -> int | None:
        from volunteering.actions.signups import waiting_position

        return waiting_position(s)


class SignUpRowOut(Schema):
    id: int
    user_id: int
    name: str
    phone: str = Field(description="Masked.")
    status: str
    queued_at: dt.datetime
    no_shows: int = Field(description="The resident's no-shows at every event.")

    @staticmethod
    def resolve_name(s: SignUp) -> str:
        return s.user.name

    @staticmethod
    def resolve_phone(s: SignUp) -> str:
        return mask_phone(s.user.phone or "")


class NoShowsOut(Schema):
    marked: int


class LectureScheduleIn(Schema):
    organisation_id: StrictInt
    title: str = Field(max_length=100)
    place: str = Field("", max_length=200)
    days: list[StrictInt] = Field(min_length=1, max_length=31, description="Days of the month.")
    start_time: dt.time = Field(description="Local time (Asia/Shanghai).")
    minutes: StrictInt = Field(ge=15, le=480)
    capacity: StrictInt | None = Field(None, ge=1, le=10000)
    opens_days_before: StrictInt = Field(14, ge=0, le=60)
    members_only: bool = False


class LectureScheduleOut(Schema):
    id: int
    organisation_id: int
    organisation: str
    title: str
    place: str
    days: list[int]
    start_time: str = Field(
        pattern=r"^\d{2}:\d{2}$", description="Local time (Asia/Shanghai), HH:MM."
    )
    minutes: int
    capacity: int | None
    opens_days_before: int
    members_only: bool
    active: bool

    @staticmethod
    def resolve_organisation(s: LectureSchedule) -> str:
        return s.organisation.name

    @staticmethod
    def resolve_start_time(s: LectureSchedule) -> str:
        # A plain local time: OpenAPI's "time" format is RFC 3339's, which wants an offset.
        return s.start_time.strftime("%H:%M")


class ResidentWishIn(Schema):
    title: str
    description: str = ""
    beneficiary_kind: Literal["child", "elderly", "difficulty", "disabled", "other"] = "other"
    privacy: Literal["named", "masked", "anonymous"] = "masked"
    community_code: str | None = Field(
        None, description="the community the resident lives in (the default); any other is refused"
    )


class ResidentNeedIn(Schema):
    title: str
    description: str = ""
    category: Literal[
        "elderly", "children", "health", "legal", "repair", "cleaning", "culture", "safety", "other"
    ] = "other"
    community_code: str | None = Field(
        None, description="the community the resident lives in (the default); any other is refused"
    )


class PostReviewIn(Schema):
    decision: Literal["approve", "revise", "decline"]
    note: str = Field(
        "", description="required to revise (what was changed) and to decline (the reason)"
    )
    title: str | None = Field(None, description="the edited title (revise)")
    description: str | None = Field(None, description="the edited description (revise)")


class PostOut(InCommunity):
    """A resident's own wish or need, as its poster and the reviewing staff see it."""

    kind: Literal["wish", "need"]
    id: int
    community: str
    title: str
    description: str
    status: str
    status_label: str
    submitted_text: str = Field(description="the resident's words as they posted them")
    review_note: str = Field(description="the staff's note on an edit, or the reason declined")
    created: dt.datetime
    reviewed_at: dt.datetime | None

    @staticmethod
    def resolve_status_label(row: Any) -> str:
        return str(row.get_status_display())

    @staticmethod
    def resolve_kind(row: Any) -> str:
        return "wish" if isinstance(row, MicroWish) else "need"
