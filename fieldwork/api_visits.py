"""Household visits in the field work API: list, record (idempotent), one visit, coverage by
grid, community and worker, the households due a visit, who looks after a household.
Registered on `fieldwork.api.router`."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Annotated, Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema, Status
from pydantic import StrictFloat, StrictInt

from areas.models import Household
from areas.permissions import can_view_household
from core import media
from core.paging import Page, page_param, page_size_param, paginate
from core.refusal import Invalid, NotFound
from core.schemas import OneOf, errors
from fieldwork import periods, permissions
from fieldwork.actions.visits import do_record_visit
from fieldwork.api import router
from fieldwork.models import Visit, VisitKind
from fieldwork.models.visits import FOUND_MAX, NEEDS_MAX
from fieldwork.selectors import pairings as pairing_selectors
from fieldwork.selectors import visits as selectors

Kind = Annotated[str, OneOf(lambda: VisitKind.values)]


class VisitOut(Schema):
    id: int
    household_code: str
    address: str
    visited_on: dt.date
    kind: Kind
    visitors: list[str]
    found: str
    needs: str
    photo_url: str = Field(description="A signed address, valid for a while; empty for none.")
    distance_m: int | None = Field(description="Metres from the building; null without a position.")
    far: bool
    by_posted_worker: bool
    replayed: bool = Field(False, description="A retried submission: the visit it made before.")

    @staticmethod
    def resolve_household_code(v: Visit) -> str:
        return v.household.code

    @staticmethod
    def resolve_address(v: Visit) -> str:
        return v.household.address

    @staticmethod
    def resolve_visitors(v: Visit) -> list[str]:
        return [u.name for u in v.visitors.all()]

    @staticmethod
    def resolve_photo_url(v: Visit) -> str:
        return media.url(v.photo)


class VisitPage(Page[VisitOut]):
    pass


class VisitIn(Schema):
    household_code: str = Field(max_length=40)
    visited_on: dt.date
    kind: Kind
    found: str = Field(max_length=FOUND_MAX)
    needs: str = Field("", max_length=NEEDS_MAX)
    visitor_ids: list[Annotated[StrictInt, Field(ge=1, le=2**31 - 1)]] = Field(
        default_factory=list, max_length=10, description="Colleagues who went too."
    )
    lon: StrictFloat | StrictInt | None = None
    lat: StrictFloat | StrictInt | None = None
    idempotency_key: str = Field(
        "", max_length=64, description="Or the Idempotency-Key header: a retry records once."
    )
    photo: str = Field("", description="A base64 image (JPEG, PNG or WebP), or a data: URI.")


class FigureOut(Schema):
    code: str
    name: str
    within: str = Field(description="Where it lies: a grid's community, a worker's grid.")
    households: int
    visited: int
    share: float | None


class CoverageOut(Schema):
    period_start: dt.date
    period_end: dt.date
    households: int
    visited: int
    share: float | None
    communities: list[FigureOut]
    grids: list[FigureOut]
    workers: list[FigureOut] = Field(description="code: the worker's user id; within: the grid.")


class OverdueOut(Schema):
    code: str
    address: str
    grid_code: str | None
    last_visit: dt.date | None

    @staticmethod
    def resolve_grid_code(h: Household) -> str | None:
        return h.grid.code if h.grid else None


class OverduePage(Page[OverdueOut]):
    pass


class CarerOut(Schema):
    role: str
    name: str
    since: dt.date
    visited: bool = Field(description="Visited the household in the running period.")


def _photo(item: str) -> SimpleUploadedFile | None:
    if not item:
        return None
    raw = item.split(",", 1)[1] if item.startswith("data:") else item
    try:
        data = base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError):
        raise Invalid(_("The photo is not valid base64."), "photo") from None
    return SimpleUploadedFile("photo", data)


def _visits(request: HttpRequest) -> Any:
    return selectors.visits(request.user).prefetch_related("visitors")


@router.get("/visits", response={200: VisitPage, **errors(400)})
def list_visits(
    request: HttpRequest,
    household: str | None = Query(None, max_length=40),
    since: dt.date | None = None,
    until: dt.date | None = None,
    page: int = page_param(),
    page_size: int = page_size_param(),
) -> Any:
    """The visits the caller sees (of the households they see, and their own), newest first."""
    qs = _visits(request)
    if household:
        qs = qs.filter(household__code=household)
    if since:
        qs = qs.filter(visited_on__gte=since)
    if until:
        qs = qs.filter(visited_on__lte=until)
    return paginate(qs, page, page_size)


@router.post("/visits", response={201: VisitOut, 200: VisitOut, **errors(400, 403, 404)})
def record_visit(request: HttpRequest, data: VisitIn) -> Any:
    """Record a visit. Send an `Idempotency-Key` header (or `idempotency_key`): a retry with
    the same key answers 200 with the visit recorded the first time."""
    household = Household.objects.filter(code=data.household_code).first()
    if household is None:
        raise NotFound(_("No such household."))
    visit = do_record_visit(
        household,
        actor=request.user,
        visited_on=data.visited_on,
        kind=data.kind,
        found=data.found,
        needs=data.needs,
        visitors=data.visitor_ids,
        lon=data.lon,
        lat=data.lat,
        photo=_photo(data.photo),
        idempotency_key=request.headers.get("Idempotency-Key", "") or data.idempotency_key,
    )
    replayed = visit.replayed
    visit = _visits(request).get(pk=visit.pk)
    visit.replayed = replayed
    return Status(200 if replayed else 201, visit)


@router.get("/visits/{visit_id}", response={200: VisitOut, **errors(404)})
def visit_detail(request: HttpRequest, visit_id: int) -> Any:
    visit = _visits(request).filter(pk=visit_id).first()
    if visit is None:
        raise NotFound(_("No such visit."))
    return visit


def _figure(f: selectors.Figure) -> dict[str, Any]:
    share = None if f.share is None else round(f.share, 4)
    return {
        "code": f.code,
        "name": f.name,
        "within": f.detail,
        "households": f.households,
        "visited": f.visited,
        "share": share,
    }


@router.get("/coverage", response={200: CoverageOut, **errors(404)})
def coverage(request: HttpRequest, area: str | None = Query(None, max_length=32)) -> Any:
    """The share of households visited by their grid's workers in the running period
    (`LINLI_VISIT_PERIOD_MONTHS`, half-years by default), by community, grid and worker,
    over the caller's areas (or `area` within them)."""
    if not permissions.may_see_coverage(request.user) or not selectors.narrowed(
        request.user, area or ""
    ):
        raise NotFound(_("No such area."))
    figures = selectors.coverage(request.user, area or "")
    total = figures["total"]
    return {
        "period_start": figures["period"].start,
        "period_end": figures["period"].end,
        "households": total.households,
        "visited": total.visited,
        "share": None if total.share is None else round(total.share, 4),
        "communities": [_figure(f) for f in figures["communities"]],
        "grids": [_figure(f) for f in figures["grids"]],
        "workers": [_figure(f) for f in figures["workers"]],
    }


@router.get("/visits-due", response={200: OverduePage, **errors(400, 404)})
def visits_due(
    request: HttpRequest,
    area: str | None = Query(None, max_length=32),
    page: int = page_param(),
    page_size: int = page_size_param(),
) -> Any:
    """The households of the caller's grids (or `area`) not yet visited by a posted worker in
    the running period, never visited first."""
    if not permissions.may_see_coverage(request.user):
        raise NotFound(_("No such area."))
    return paginate(selectors.overdue(request.user, area or "", periods.current()), page, page_size)


@router.get("/households/{code}/carers", response={200: list[CarerOut], **errors(404)})
def household_carers(request: HttpRequest, code: str) -> Any:
    """Who looks after a household: its member's link, its residents' care pairings, its
    grid's liaison."""
    household = (
        Household.objects.select_related("grid", "building__community").filter(code=code).first()
    )
    if household is None or not can_view_household(request.user, household):
        raise NotFound(_("No such household."))
    return pairing_selectors.looks_after(household)
