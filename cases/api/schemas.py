"""Schemas of the cases API."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import StrictBool, StrictInt

from cases.models import Category
from cases.models.case import DESCRIPTION_MAX, Channel
from core.paging import Page
from core.schemas import OneOf


class CategoryOut(Schema):
    # Read from the category: the name and department in the reader's language.
    id: int
    code: str
    name: str
    kind: str
    parent_code: str | None
    first_level: int
    department: str = Field(
        description="The responsible department in the reader's language; may be empty."
    )
    accept_limit: int
    accept_unit: str
    handle_limit: int
    handle_unit: str
    is_dispute: bool

    @staticmethod
    def resolve_name(c: Category) -> str:
        return c.label

    @staticmethod
    def resolve_parent_code(c: Category) -> str | None:
        return c.parent.code if c.parent_id and c.parent else None

    @staticmethod
    def resolve_department(c: Category) -> str:
        return c.department_label


class CaseIn(Schema):
    category: str = Field(description="category code, e.g. S0101")
    description: str = Field(max_length=DESCRIPTION_MAX)
    lon: float | None = Field(None, ge=-180, le=180)
    lat: float | None = Field(None, ge=-90, le=90)
    building_code: str | None = Field(None, description="an address through its building")
    address: str = Field("", max_length=200)
    anonymous: StrictBool = False
    channel: Annotated[str, OneOf(lambda: Channel.values)] = "api"
    caller_name: str = Field("", max_length=50)
    caller_phone: str = Field("", max_length=20)
    resolve_on_spot: StrictBool = False
    patrol: StrictInt | None = Field(
        None, description="The caller's patrol under way it was found on (channel patrol)"
    )
    note: str = Field("", max_length=2000)
    photos: list[str] = Field(default_factory=list, description="base64 images (≤ 4)")
    after_photos: list[str] = Field(default_factory=list, description="base64, on-the-spot fixes")
    idempotency_key: str = Field(
        "", max_length=64, description="or the Idempotency-Key header: retries return the same case"
    )


class TransitionOut(Schema):
    action: str
    label: str
    from_status: str
    to_status: str
    from_level: int | None
    to_level: int | None
    actor: str | None
    at: dt.datetime
    note: str


class PhotoOut(Schema):
    id: int
    stage: str
    url: str = Field(
        description="a signed address of the photo, working for LINLI_MEDIA_URL_SECONDS "
        "(default an hour) without credentials; ask for the case again for a fresh one"
    )
    gps_lat: float | None
    gps_lon: float | None


class CaseOut(Schema):
    id: int
    number: str
    status: str
    status_label: str
    channel: str
    category_code: str
    category_name: str
    description: str
    lon: float
    lat: float
    address: str
    area_code: str
    area_name: str
    outside_grid: bool
    level: int
    reported_at: dt.datetime
    accept_due: dt.datetime | None
    handle_due: dt.datetime | None
    due_at: dt.datetime | None
    closed_at: dt.datetime | None
    overdue: bool
    # The deadline an overdue case missed last; due_at is the one of the level it climbed to.
    missed_due: dt.datetime | None = None
    rework_count: int
    rating: int | None
    reporter: str
    owner: str | None
    handler: str | None
    merged_into: int | None
    replayed: bool = False
    reply: str = ""


class CaseDetailOut(CaseOut):
    transitions: list[TransitionOut]
    photos: list[PhotoOut]
    supporters: int
    dispute: dict[str, Any] | None


class CasePage(Page[CaseOut]):
    """`count` stops at 10,000 (`capped` says there are more); `next` is the cursor of the
    following page (null after the last), at the same cost at any depth."""

    capped: bool
    next: str | None


class NoteIn(Schema):
    note: str = Field("", max_length=2000)


class CaseReasonIn(Schema):
    reason: str = Field(min_length=1, max_length=1000)


class MergeIn(Schema):
    into: StrictInt
    note: str = Field("", max_length=1000)


class DispatchIn(Schema):
    to: StrictInt = Field(description="the handler's user id")
    note: str = Field("", max_length=1000)


class BulkDispatchIn(DispatchIn):
    cases: list[StrictInt] = Field(min_length=1, max_length=500)


class HandleIn(Schema):
    note: str = Field(min_length=1, max_length=2000, description="internal: staff read it")
    reply: str = Field("", max_length=2000, description="答复: what the reporter reads")
    photos: list[str] = Field(default_factory=list, description="base64 images (≤ 4)")


class CloseIn(Schema):
    note: str = Field("", max_length=1000, description="internal: staff read it")
    reply: str = Field("", max_length=2000, description="答复: what the reporter reads")


class VerifyIn(Schema):
    passed: StrictBool
    note: str = Field("", max_length=1000)


class RateIn(Schema):
    score: StrictInt = Field(ge=1, le=5)
    comment: str = Field("", max_length=500)


class RevisitIn(Schema):
    satisfied: StrictBool
    note: str = Field(min_length=1, max_length=1000)


class ExtensionIn(Schema):
    days: StrictInt = Field(ge=1, le=30)
    reason: str = Field(min_length=1, max_length=1000)


class HandOverIn(Schema):
    to: StrictInt
    reason: str = Field(min_length=1, max_length=1000)


class DecideIn(Schema):
    approve: StrictBool
    note: str = Field("", max_length=1000)


class RequestOut(Schema):
    id: int
    case_id: int
    kind: str
    status: str
    reason: str
    days: int
    approver_level: int
    requested_at: dt.datetime
    decided_at: dt.datetime | None


class SupportOut(Schema):
    case_id: int
    supporters: int


class RatingOut(Schema):
    case_id: int
    score: int
    status: str


class PartyIn(Schema):
    name: str = Field(min_length=1, max_length=50)
    phone: str = Field("", max_length=20)
    role: str = Field("", max_length=20)


class DisputeIn(Schema):
    dispute_type: str
    parties: list[PartyIn] = Field(min_length=2, max_length=20)


class MediationIn(Schema):
    date: dt.date
    mediators: str = Field(min_length=1, max_length=200)
    outcome: str
    notes: str = Field("", max_length=2000)


class AgreementIn(Schema):
    text: str = Field(min_length=1, max_length=4000)


class DisputeOut(Schema):
    id: int
    case_id: int
    dispute_type: str
    parties: list[dict[str, str]] = Field(
        description="Name, phone and role of each party; phones are masked (138****1234) "
        "except in the answer of the audited reveal."
    )
    phones_in_full: bool = Field(description="Whether the parties' phones are shown in full.")
    mediation_level: int
    agreement: str
    agreed_at: dt.datetime | None
    sessions: list[dict[str, Any]]


class DuplicateOut(Schema):
    id: int
    number: str | None = Field(description="Only for a case the caller may open.")
    can_open: bool = Field(description="Whether the caller may open the case.")
    status: str
    status_label: str
    description: str = Field(description="The start of the description (60 characters).")
    distance: int
    reported_at: dt.datetime
