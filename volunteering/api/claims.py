"""双向领办与评价 in the API: what the caller may claim, claims (list, make, one), the delivery
report, withdrawal, the community's rating or sending back, a resident's rating. Seen by the
community's staff, the claimant and the community's residents
(`volunteering.permissions.claims_visible_to`); 404 outside."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Schema, Status
from pydantic import StrictInt

from core.paging import Page, page_param, page_size_param, paginate
from core.refusal import Invalid, NotFound
from core.schemas import OneOf, errors
from party.models import PartnerUnit, PartyMember
from volunteering import actions, permissions, selectors
from volunteering.api.common import router
from volunteering.models import Claim, ClaimEvent, ClaimStatus, Need, Project
from volunteering.models.claims import COMMENT_MAX, PLAN_MAX, REPORT_MAX

ERRORS = errors(400, 404)
MOVE_ERRORS = errors(400, 403, 404, 409)
Status_ = Annotated[str, OneOf(lambda: ClaimStatus.values)]


class ClaimOut(Schema):
    id: int
    community_code: str
    item_kind: Annotated[str, OneOf(lambda: ["need", "project"])]
    need_id: int | None
    project_id: int | None
    title: str
    partner_unit_id: int | None
    member_id: int | None
    claimant: str
    plan: str
    status: Status_
    claimed_at: dt.datetime
    report: str
    delivered_at: dt.datetime | None
    score: int | None
    comment: str
    rated_at: dt.datetime | None

    @staticmethod
    def resolve_community_code(c: Claim) -> str:
        return c.community.code

    @staticmethod
    def resolve_title(c: Claim) -> str:
        return c.item.title


class ClaimEventOut(Schema):
    event: Annotated[str, OneOf(lambda: ["claim", "deliver", "withdraw", "send_back", "rate"])]
    to_status: Status_
    note: str
    at: dt.datetime


class ClaimDetailOut(ClaimOut):
    events: list[ClaimEventOut]
    rating_count: int
    rating_average: float | None

    @staticmethod
    def resolve_events(c: Claim) -> list[ClaimEvent]:
        return list(c.events.all())

    @staticmethod
    def resolve_rating_count(c: Claim) -> int:
        return c.ratings.count()

    @staticmethod
    def resolve_rating_average(c: Claim) -> float | None:
        stars = list(c.ratings.values_list("stars", flat=True))
        return round(sum(stars) / len(stars), 2) if stars else None


class ClaimPage(Page[ClaimOut]):
    pass


class ClaimableOut(Schema):
    kind: Annotated[str, OneOf(lambda: ["need", "project"])]
    id: int
    title: str
    community_code: str


class ClaimMakeIn(Schema):
    need_id: StrictInt | None = Field(None, description="The need claimed (or project_id).")
    project_id: StrictInt | None = Field(None, description="The project claimed (or need_id).")
    partner_unit_id: StrictInt | None = Field(
        None, description="Claim for this partner unit; left out, as the caller's member record."
    )
    member_id: StrictInt | None = Field(
        None, description="Staff recording a member's claim: the member (in service, 双报到)."
    )
    plan: str = Field(max_length=PLAN_MAX)


class ClaimReportIn(Schema):
    report: str = Field(max_length=REPORT_MAX)


class ClaimNoteIn(Schema):
    note: str = Field("", max_length=COMMENT_MAX)


class ClaimScoreIn(Schema):
    score: StrictInt = Field(ge=1, le=5)
    comment: str = Field("", max_length=COMMENT_MAX)


class ClaimResidentRatingIn(Schema):
    stars: StrictInt = Field(ge=1, le=5)
    comment: str = Field("", max_length=COMMENT_MAX)


class ClaimResidentRatingOut(Schema):
    claim_id: int
    stars: int
    comment: str


def _claim(request: HttpRequest, claim_id: int) -> Claim:
    found = selectors.claims(request.user).filter(pk=claim_id).first()
    if found is None:
        raise NotFound("Not found.")
    return found


@router.get("/claimable", response={200: list[ClaimableOut], **ERRORS})
def claimable(request: HttpRequest) -> Any:
    """Open needs and projects under way the caller may claim (at most 100 of each)."""
    user = request.user
    return [
        {"kind": "need", "id": n.pk, "title": n.title, "community_code": n.community.code}
        for n in selectors.claimable_needs(user)[:100]
    ] + [
        {"kind": "project", "id": p.pk, "title": p.title, "community_code": p.community.code}
        for p in selectors.claimable_projects(user)[:100]
    ]


@router.get("/claims", response={200: ClaimPage, **ERRORS})
def list_claims(
    request: HttpRequest,
    status: Status_ | None = None,
    show: Annotated[str, OneOf(lambda: ["", "to_rate", "to_deliver", "rate_as_resident"])] = "",
    page: int = page_param(),
    page_size: int = page_size_param(),
) -> Any:
    """Claims the caller sees, newest first; `show` narrows them to the deliveries the caller's
    communities are to rate, the claims the caller is to deliver, or the deliveries of the
    community the caller lives in that they have not rated (the home page's lines)."""
    user = request.user
    if show == "to_rate":
        qs = selectors.claims_to_rate(user)
    elif show == "to_deliver":
        qs = selectors.claims_to_deliver(user)
    elif show == "rate_as_resident":
        qs = selectors.claims_to_rate_as_resident(user)
    else:
        qs = selectors.claims(user)
    if status is not None:
        qs = qs.filter(status=status)
    qs = qs.select_related("community", "need", "project", "member", "partner_unit")
    return paginate(qs.order_by("-claimed_at", "-pk"), page, page_size)


@router.post("/claims", response={201: ClaimDetailOut, **errors(400, 403, 404, 409)})
def make_claim(request: HttpRequest, data: ClaimMakeIn) -> Any:
    """领办: claim a need or a project for a partner unit, or as the caller's own in-service
    member record (staff may name the member). Of two claimants the first wins (409)."""
    user = request.user
    item: dict[str, Any] = {}
    scope = selectors.claim_communities_q(user)
    if data.need_id is not None:
        item["need"] = Need.objects.filter(scope, pk=data.need_id).first()
        if item["need"] is None:
            raise NotFound("Not found.")
    if data.project_id is not None:
        item["project"] = Project.objects.filter(scope, pk=data.project_id).first()
        if item["project"] is None:
            raise NotFound("Not found.")
    claimant: dict[str, Any] = {}
    if data.partner_unit_id is not None:
        claimant["partner_unit"] = PartnerUnit.objects.filter(pk=data.partner_unit_id).first()
        if claimant["partner_unit"] is None:
            raise Invalid("No such partner unit.", "partner_unit_id")
    elif data.member_id is not None:
        claimant["member"] = PartyMember.objects.filter(pk=data.member_id).first()
        if claimant["member"] is None:
            raise Invalid("No such member.", "member_id")
    else:
        claimant["member"] = permissions.acting_member(user)
    done = actions.do_claim(**item, **claimant, plan=data.plan, actor=user)
    return Status(201, _claim(request, done.pk))


@router.get("/claims/{claim_id}", response={200: ClaimDetailOut, **ERRORS})
def claim_detail(request: HttpRequest, claim_id: int) -> Any:
    return _claim(request, claim_id)


@router.post("/claims/{claim_id}/deliver", response={200: ClaimDetailOut, **MOVE_ERRORS})
def deliver_claim(request: HttpRequest, claim_id: int, data: ClaimReportIn) -> Any:
    """The claimant reports what was delivered."""
    actions.do_report_delivery(_claim(request, claim_id), report=data.report, actor=request.user)
    return _claim(request, claim_id)


@router.post("/claims/{claim_id}/withdraw", response={200: ClaimDetailOut, **MOVE_ERRORS})
def withdraw_claim(request: HttpRequest, claim_id: int, data: ClaimNoteIn) -> Any:
    actions.do_withdraw_claim(_claim(request, claim_id), note=data.note, actor=request.user)
    return _claim(request, claim_id)


@router.post("/claims/{claim_id}/rate", response={200: ClaimDetailOut, **MOVE_ERRORS})
def rate_claim(request: HttpRequest, claim_id: int, data: ClaimScoreIn) -> Any:
    """The community's staff rate a delivery (its need is then met)."""
    actions.do_rate_delivery(
        _claim(request, claim_id), score=data.score, comment=data.comment, actor=request.user
    )
    return _claim(request, claim_id)


@router.post("/claims/{claim_id}/send-back", response={200: ClaimDetailOut, **MOVE_ERRORS})
def send_back_claim(request: HttpRequest, claim_id: int, data: ClaimNoteIn) -> Any:
    actions.do_send_back_claim(_claim(request, claim_id), note=data.note, actor=request.user)
    return _claim(request, claim_id)


@router.post("/claims/{claim_id}/ratings", response={201: ClaimResidentRatingOut, **MOVE_ERRORS})
def resident_rating(request: HttpRequest, claim_id: int, data: ClaimResidentRatingIn) -> Any:
    """A resident of the claim's community rates its delivery once."""
    rating = actions.do_rate_claim_as_resident(
        _claim(request, claim_id), stars=data.stars, comment=data.comment, actor=request.user
    )
    return Status(201, rating)
