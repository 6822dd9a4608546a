"""Screening campaigns in the field work API: launch and list campaigns, a campaign's
progress ("不漏一户" per grid and worker), its households, recording one at the door (409
when another worker recorded it first). Registered on `fieldwork.api.router`."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status
from pydantic import StrictBool, StrictInt, StrictStr

from areas.models import Area
from core.paging import Page, page_param, page_size_param, paginate
from core.refusal import NotFound
from core.schemas import OneOf, errors
from fieldwork import permissions
from fieldwork.actions import campaigns as actions
from fieldwork.api import router
from fieldwork.campaigns import selectors
from fieldwork.models import Campaign, CampaignHousehold, CampaignKind, Outcome

Kind_ = Annotated[str, OneOf(lambda: CampaignKind.values)]
Outcome_ = Annotated[str, OneOf(lambda: Outcome.values)]
Recorded_ = Annotated[str, OneOf(lambda: [o for o in Outcome.values if o != Outcome.PENDING])]
Answer = StrictBool | StrictStr


class OptionSchema(Schema):
    value: str = Field(max_length=40)
    label: str = Field(max_length=100)


class QuestionSchema(Schema):
    key: str = Field(max_length=40)
    label: str = Field(max_length=100)
    type: Annotated[str, OneOf(lambda: ["choice", "yes_no", "text"])]
    required: bool = False
    options: list[OptionSchema] | None = None


class CampaignOut(Schema):
    id: int
    name: str
    kind: Kind_
    area_code: str
    area_name: str
    starts_on: dt.date
    ends_on: dt.date
    questionnaire: list[QuestionSchema]

    @staticmethod
    def resolve_area_code(c: Campaign) -> str:
        return c.area.code

    @staticmethod
    def resolve_area_name(c: Campaign) -> str:
        return c.area.name


class CampaignPage(Page[CampaignOut]):
    pass


class CampaignIn(Schema):
    name: str = Field(max_length=100)
    kind: Kind_ = CampaignKind.SCREENING
    area_code: str = Field(max_length=32)
    starts_on: dt.date
    ends_on: dt.date
    questionnaire: list[QuestionSchema] | None = Field(
        None, description="Typed fields; left out, the usual door-to-door questions."
    )


class ProgressOut(Schema):
    key: str
    name: str
    total: int
    settled: int = Field(description="Reached, refused or vacant")
    left: int
    share: float | None = Field(description="settled ÷ total (不漏一户); null for none")
    reached: int
    not_home: int
    refused: int
    vacant: int
    pending: int

    @staticmethod
    def resolve_key(p: Any) -> str:
        return str(p.key or "")


class CampaignProgressOut(Schema):
    total: ProgressOut
    grids: list[ProgressOut]
    workers: list[ProgressOut]


class CampaignHouseholdOut(Schema):
    id: int
    household_code: str
    address: str
    grid_code: str
    worker_name: str
    outcome: Outcome_
    attempts: int
    answers: dict[str, Answer]
    note: str
    recorded_at: dt.datetime | None
    revision: int

    @staticmethod
    def resolve_household_code(r: CampaignHousehold) -> str:
        return r.household.code

    @staticmethod
    def resolve_address(r: CampaignHousehold) -> str:
        return r.household.address

    @staticmethod
    def resolve_grid_code(r: CampaignHousehold) -> str:
        return r.grid.code

    @staticmethod
    def resolve_worker_name(r: CampaignHousehold) -> str:
        return r.worker.name if r.worker else ""


class CampaignHouseholdPage(Page[CampaignHouseholdOut]):
    pass


class RecordIn(Schema):
    outcome: Recorded_
    answers: dict[str, Answer] = Field(default_factory=dict)
    note: str = Field("", max_length=500)
    revision: StrictInt | None = Field(
        None, ge=0, description="The revision the form was read at; 409 if another came first"
    )


def _campaign(request: HttpRequest, campaign_id: int) -> Campaign:
    found = (
        permissions.campaigns_visible_to(request.user)
        .select_related("area")
        .filter(pk=campaign_id)
        .first()
    )
    if found is None:
        raise NotFound(_("No such campaign."))
    return found


@router.get("/campaigns", response={200: CampaignPage, **errors(400)})
def list_campaigns(
    request: HttpRequest,
    running: bool = False,
    page: int = page_param(),
    page_size: int = page_size_param(),
) -> Any:
    """Campaigns the caller runs or works in, newest first."""
    qs = (
        selectors.running_campaigns(request.user)
        if running
        else permissions.campaigns_visible_to(request.user)
    )
    return paginate(qs.select_related("area").order_by("-starts_on", "-pk"), page, page_size)


@router.post("/campaigns", response={201: CampaignOut, **errors(400, 404)})
def launch_campaign(request: HttpRequest, data: CampaignIn) -> Any:
    """Launch a campaign over an area the caller runs field work on; its households are
    spread over the grids' posted workers at once."""
    area = Area.objects.filter(code=data.area_code).first()
    if area is None:
        raise NotFound(_("No such area."), "area_code")
    fields = (
        None
        if data.questionnaire is None
        else [q.dict(exclude_none=True) for q in data.questionnaire]
    )
    campaign = actions.do_launch_campaign(
        name=data.name,
        kind=data.kind,
        area=area,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        questionnaire_fields=fields,
        actor=request.user,
    )
    return Status(201, campaign)


@router.get("/campaigns/{campaign_id}", response={200: CampaignOut, **errors(404)})
def get_campaign(request: HttpRequest, campaign_id: int) -> Any:
    return _campaign(request, campaign_id)


@router.get("/campaigns/{campaign_id}/progress", response={200: CampaignProgressOut, **errors(404)})
def campaign_progress(request: HttpRequest, campaign_id: int) -> Any:
    """不漏一户: the share of households reached or explained, as a whole, per grid and per
    worker, over the households the caller sees."""
    return selectors.progress(_campaign(request, campaign_id), request.user)


@router.get(
    "/campaigns/{campaign_id}/households",
    response={200: CampaignHouseholdPage, **errors(400, 404)},
)
def campaign_households(
    request: HttpRequest,
    campaign_id: int,
    outcome: Outcome_ | None = None,
    left: bool = False,
    mine: bool = False,
    grid: str | None = None,
    page: int = page_param(),
    page_size: int = page_size_param(),
) -> Any:
    """The campaign's households the caller sees; `left` those neither reached nor explained."""
    campaign = _campaign(request, campaign_id)
    qs = selectors.rows_of(campaign, request.user).select_related("household", "grid", "worker")
    if left:
        qs = qs.filter(outcome__in=selectors.LEFT)
    if outcome:
        qs = qs.filter(outcome=outcome)
    if mine:
        qs = qs.filter(worker_id=request.user.pk)
    if grid:
        qs = qs.filter(grid__code__startswith=grid)
    return paginate(qs.order_by("grid__code", "household__code"), page, page_size)


@router.post(
    "/campaigns/{campaign_id}/households/{row_id}",
    response={200: CampaignHouseholdOut, **errors(400, 403, 404, 409)},
)
def record_household(request: HttpRequest, campaign_id: int, row_id: int, data: RecordIn) -> Any:
    """Record a household at the door: reached with answers, not at home, refused or vacant.
    Two workers at once: the first wins, the other is answered 409."""
    campaign = _campaign(request, campaign_id)
    row = CampaignHousehold.objects.filter(pk=row_id, campaign=campaign).first()
    if row is None:
        raise NotFound(_("No such household in the campaign."))
    actions.do_record_household(
        row,
        outcome=data.outcome,
        answers=data.answers,
        note=data.note,
        revision=data.revision,
        actor=request.user,
    )
    return CampaignHousehold.objects.select_related("household", "grid", "worker").get(pk=row.pk)
