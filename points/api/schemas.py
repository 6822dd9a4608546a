"""Schemas of the points API. Integers are strict: `true` is not 1."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import Field, StrictInt

from points.models import LedgerEntry, Store

Int = StrictInt
Qty = Annotated[StrictInt, Field(ge=1, le=20)]


class BalanceOut(Schema):
    balance: int
    earned_this_year: int
    year: int


class EntryOut(Schema):
    id: int
    kind: str
    kind_label: str
    amount: int
    reason: str = Field(description="As stored, in the language of whoever caused it.")
    label: str = Field(description="What the entry was for, in the reader's language.")
    subject: str = Field(
        description="What the source was, e.g. the event's title or the case's number and "
        "category (in the reader's language); may be empty."
    )
    activity: str
    source: str
    source_id: str
    earned_on: dt.date | None
    created: dt.datetime

    @staticmethod
    def resolve_kind_label(e: LedgerEntry) -> str:
        return str(e.get_kind_display())

    @staticmethod
    def resolve_label(e: LedgerEntry) -> str:
        # In the reader's language when the entries went through selectors.with_labels.
        return getattr(e, "label", e.reason)

    @staticmethod
    def resolve_subject(e: LedgerEntry) -> str:
        return e.subject_text


class StoreOut(Schema):
    id: int
    name: str
    community_code: str
    community_name: str
    address: str
    opening_hours: str
    active: bool

    @staticmethod
    def resolve_community_code(s: Store) -> str:
        return s.community.code

    @staticmethod
    def resolve_community_name(s: Store) -> str:
        return s.community.name


class ItemOut(Schema):
    id: int
    store_id: int
    kind: str
    name: str
    description: str
    price: int
    stock: int
    active: bool


class RedemptionOut(Schema):
    id: int
    item_id: int
    item_name: str
    store_id: int
    store_name: str
    quantity: int
    points: int
    status: str
    status_label: str
    pickup_code: str | None = None  # only for the resident who redeemed
    resident: str = ""
    created: dt.datetime
    picked_up_at: dt.datetime | None
    cancelled_at: dt.datetime | None


class RedeemIn(Schema):
    quantity: Qty = 1


class CancelIn(Schema):
    reason: str = Field("", max_length=200)


class PickupIn(Schema):
    code: str = Field(..., max_length=20)


class RankOut(Schema):
    rank: int
    name: str
    points: int
    me: bool


class RuleOut(Schema):
    id: int
    activity: str
    unit: str
    points: int
    daily_cap: int | None
    yearly_cap: int | None
    valid_from: dt.date
    valid_to: dt.date | None
    active: bool
    note: str


class RuleIn(Schema):
    activity: str
    unit: str = "occurrence"
    points: Int
    daily_cap: Int | None = None
    yearly_cap: Int | None = None
    valid_from: dt.date
    valid_to: dt.date | None = None
    note: str = Field("", max_length=200)


class RulePatch(Schema):
    activity: str | None = None
    unit: str | None = None
    points: Int | None = None
    daily_cap: Int | None = None
    yearly_cap: Int | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    note: str | None = Field(None, max_length=200)


class StoreIn(Schema):
    community_code: str = Field(..., max_length=32)
    name: str = Field(..., max_length=100)
    address: str = Field("", max_length=200)
    opening_hours: str = Field("", max_length=100)


class StorePatch(Schema):
    name: str | None = Field(None, max_length=100)
    address: str | None = Field(None, max_length=200)
    opening_hours: str | None = Field(None, max_length=100)
    active: bool | None = None


class ItemIn(Schema):
    kind: str
    name: str = Field(..., max_length=100)
    description: str = Field("", max_length=300)
    price: Int
    stock: Int = 0


class ItemPatch(Schema):
    kind: str | None = None
    name: str | None = Field(None, max_length=100)
    description: str | None = Field(None, max_length=300)
    price: Int | None = None
    active: bool | None = None


class RestockIn(Schema):
    delta: Int
    reason: str = Field("", max_length=200)


class AdjustIn(Schema):
    phone: str = Field(..., max_length=11)
    amount: Int
    reason: str = Field(..., max_length=200)


class CheckOut(Schema):
    ok: bool
    users: int
    entries: int
    total: int
    mismatches: list[list[int]]


class ActivityTotalOut(Schema):
    activity: str
    credits: int
    points: int


class StoreReportOut(Schema):
    store_id: int
    store_name: str
    picked_up: int
    points_spent: int
    awaiting_pickup: int


class PointsReportOut(Schema):
    year: int
    activities: list[ActivityTotalOut]
    stores: list[StoreReportOut]
