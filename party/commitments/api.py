"""Commitments (承诺践诺) in the party API: list and make, a commitment with its history,
progress, fulfil, fail, rate, and an organisation's figures for a year. Seen by those it
serves and the party staff (`party.permissions.commitments_visible_to`); 404 outside.
Registered on `party.api.router`."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema, Status
from pydantic import StrictInt

from areas.api import PageIn, paginate
from areas.models import Area
from core import timeutil
from core.refusal import Invalid, NotFound
from core.schemas import OneOf, errors
from party import permissions
from party import selectors as party_selectors
from party.api import router
from party.commitments import actions, selectors
from party.commitments.models import (
    NOTE_MAX,
    TEXT_MAX,
    Commitment,
    CommitmentEvent,
    CommitmentStatus,
)
from party.models import PartyMember

ERRORS = errors(400, 404)
MOVE_ERRORS = errors(400, 403, 404, 409)
Status_ = Annotated[str, OneOf(lambda: CommitmentStatus.values)]


class CommitmentOut(Schema):
    id: int
    organisation_id: int
    organisation_name: str
    member_id: int | None
    by: str
    text: str
    area_code: str
    area_name: str
    year: int
    deadline: dt.date
    status: Status_
    closed_on: dt.date | None
    reason: str
    rating_count: int
    rating_average: float | None

    @staticmethod
    def resolve_organisation_name(c: Commitment) -> str:
        return c.organisation.name

    @staticmethod
    def resolve_area_code(c: Commitment) -> str:
        return c.area.code

    @staticmethod
    def resolve_area_name(c: Commitment) -> str:
        return c.area.name

    @staticmethod
    def resolve_rating_count(c: Commitment) -> int:
        return getattr(c, "rating_count", 0)

    @staticmethod
    def resolve_rating_average(c: Commitment) -> float | None:
        average = getattr(c, "rating_average", None)
        return None if average is None else round(float(average), 2)


class CommitmentEventOut(Schema):
    action: Annotated[str, OneOf(lambda: ["make", "progress", "fulfil", "fail"])]
    after: Status_
    note: str
    at: dt.datetime


class CommitmentDetailOut(CommitmentOut):
    events: list[CommitmentEventOut]
    may_keep: bool
    may_rate: bool
    my_stars: int | None

    @staticmethod
    def resolve_events(c: Commitment) -> list[CommitmentEvent]:
        return list(c.events.all())


class CommitmentPage(Schema):
    count: int
    page: int
    pages: int
    items: list[CommitmentOut]


class CommitmentIn(Schema):
    organisation_id: StrictInt | None = Field(
        None,
        description="The organisation whose commitment it is (its editors make it); left out, "
        "the caller's own as a party member.",
    )
    member_id: StrictInt | None = Field(
        None, description="A member of the organisation it is for; left out, the organisation's."
    )
    text: str = Field(max_length=TEXT_MAX)
    area_code: str = Field(max_length=40, description="The area whose residents it serves.")
    deadline: dt.date


class CommitmentNoteIn(Schema):
    note: str = Field("", max_length=NOTE_MAX)


class CommitmentFailIn(Schema):
    reason: str = Field(max_length=NOTE_MAX)


class CommitmentRatingIn(Schema):
    stars: StrictInt = Field(ge=1, le=5)
    comment: str = Field("", max_length=200)


class CommitmentRatingOut(Schema):
    commitment_id: int
    stars: int
    comment: str


class CommitmentFiguresOut(Schema):
    organisation_id: int
    year: int
    made: int
    fulfilled: int
    not_fulfilled: int
    open: int
    share: float | None = Field(description="fulfilled ÷ made; null when none was made")


def _visible(request: HttpRequest) -> Any:
    return selectors.with_ratings(selectors.commitments(request.user))


def _commitment(request: HttpRequest, commitment_id: int) -> Commitment:
    found = (
        _visible(request).select_related("organisation__area", "member").filter(pk=commitment_id)
    )
    c = found.first()
    if c is None:
        raise NotFound(_("No such commitment."))
    return c


def _detail(request: HttpRequest, commitment_id: int) -> Commitment:
    c = _commitment(request, commitment_id)
    user = request.user
    resident = permissions.rater_for(user, c)
    mine = c.ratings.filter(resident=resident).first() if resident is not None else None
    c.may_keep = c.is_open and permissions.may_keep_commitment(user, c)  # type: ignore[attr-defined]
    c.may_rate = bool(resident and mine is None and actions.rateable(c))  # type: ignore[attr-defined]
    c.my_stars = mine.stars if mine else None  # type: ignore[attr-defined]
    return c


@router.get("/commitments", response={200: CommitmentPage, **ERRORS})
def list_commitments(
    request: HttpRequest,
    paging: Query[PageIn],
    organisation: int | None = None,
    year: Annotated[int, Field(ge=2000, le=2100)] | None = None,
    status: Status_ | None = None,
    area: str | None = None,
) -> Any:
    """Commitments the caller may see (those serving where they live, their own, and those of
    the organisations they see), by deadline."""
    qs = _visible(request)
    if organisation is not None:
        qs = qs.filter(organisation_id=organisation)
    if year is not None:
        qs = qs.filter(year=year)
    if status is not None:
        qs = qs.filter(status=status)
    if area is not None:
        qs = qs.filter(area__code__startswith=area)
    return paginate(qs.order_by("deadline", "pk"), paging)


@router.post("/commitments", response={201: CommitmentDetailOut, **errors(400, 404)})
def make_commitment(request: HttpRequest, data: CommitmentIn) -> Any:
    """Make a commitment: the caller's own as a party member, or (whoever edits the
    organisation) the organisation's or one for a member of it."""
    user = request.user
    member = None
    if data.organisation_id is None:
        member = permissions.member_of(user)
        if member is None:
            raise Invalid(_("Name the organisation."), "organisation_id")
        org = member.organisation
    else:
        found = party_selectors.organisations(user).select_related("area")
        org = found.filter(pk=data.organisation_id).first()  # type: ignore[assignment]
        if org is None:
            raise NotFound(_("No such organisation."))
        if data.member_id is not None:
            member = PartyMember.objects.filter(pk=data.member_id).first()
            if member is None:
                raise Invalid(_("No such member."), "member_id")
    area = Area.objects.filter(code=data.area_code).first()
    if area is None:
        raise Invalid(_("No such area."), "area_code")
    c = actions.do_make_commitment(
        org, text=data.text, area=area, deadline=data.deadline, member=member, actor=user
    )
    return Status(201, _detail(request, c.pk))


@router.get("/commitments/{commitment_id}", response={200: CommitmentDetailOut, **ERRORS})
def commitment_detail(request: HttpRequest, commitment_id: int) -> Any:
    return _detail(request, commitment_id)


@router.post(
    "/commitments/{commitment_id}/progress", response={200: CommitmentDetailOut, **MOVE_ERRORS}
)
def commitment_progress(request: HttpRequest, commitment_id: int, data: CommitmentNoteIn) -> Any:
    """A progress note (the member who made it, or whoever edits the organisation)."""
    actions.do_add_progress(_commitment(request, commitment_id), note=data.note, actor=request.user)
    return _detail(request, commitment_id)


@router.post(
    "/commitments/{commitment_id}/fulfil", response={200: CommitmentDetailOut, **MOVE_ERRORS}
)
def fulfil_commitment(request: HttpRequest, commitment_id: int, data: CommitmentNoteIn) -> Any:
    actions.do_fulfil_commitment(
        _commitment(request, commitment_id), note=data.note, actor=request.user
    )
    return _detail(request, commitment_id)


@router.post(
    "/commitments/{commitment_id}/fail", response={200: CommitmentDetailOut, **MOVE_ERRORS}
)
def fail_commitment(request: HttpRequest, commitment_id: int, data: CommitmentFailIn) -> Any:
    """Closed as not fulfilled, with the reason."""
    actions.do_fail_commitment(
        _commitment(request, commitment_id), reason=data.reason, actor=request.user
    )
    return _detail(request, commitment_id)


@router.post(
    "/commitments/{commitment_id}/rating", response={201: CommitmentRatingOut, **MOVE_ERRORS}
)
def rate_commitment(request: HttpRequest, commitment_id: int, data: CommitmentRatingIn) -> Any:
    """A resident of the area it serves rates it once, after it closes or its deadline
    passes (Asia/Shanghai)."""
    rating = actions.do_rate_commitment(
        _commitment(request, commitment_id),
        stars=data.stars,
        comment=data.comment,
        actor=request.user,
    )
    return Status(201, rating)


@router.get(
    "/organisations/{org_id}/commitment-figures", response={200: CommitmentFiguresOut, **ERRORS}
)
def commitment_figures(
    request: HttpRequest,
    org_id: int,
    year: Annotated[int, Field(ge=2000, le=2100)] | None = None,
) -> Any:
    """Made, fulfilled (达成量) and the share fulfilled of the commitments of the organisation
    and its members for `year` (this year in Asia/Shanghai by default)."""
    org = party_selectors.organisations(request.user).filter(pk=org_id).first()
    if org is None:
        raise NotFound(_("No such organisation."))
    year = year or timeutil.today().year
    fig = selectors.figures(org, year)
    return {
        "organisation_id": org.pk,
        "year": year,
        "made": fig.made,
        "fulfilled": fig.fulfilled,
        "not_fulfilled": fig.not_fulfilled,
        "open": fig.open,
        "share": fig.share,
    }
