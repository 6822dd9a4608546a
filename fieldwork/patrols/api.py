"""Patrols in the field work API: start, the track in batches (idempotent by sequence number),
check-ins at key spots, end; a worker's figures; the key spots of a grid. Registered on
`fieldwork.api.router`; 404 for what the caller may not see."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema, Status
from pydantic import StrictFloat, StrictInt

from areas.models import Area
from core import timeutil
from core.paging import Page, page_param, page_size_param, paginate
from core.refusal import Invalid, NotFound
from core.schemas import OneOf, errors
from fieldwork import permissions
from fieldwork.actions import patrols as actions
from fieldwork.api import router
from fieldwork.models import CheckIn, KeySpot, Patrol, PatrolStatus
from fieldwork.patrols import panels, selectors

PatrolStatus_ = Annotated[str, OneOf(lambda: PatrolStatus.values)]
Number = StrictFloat | StrictInt


class KeySpotOut(Schema):
    id: int
    code: str
    name: str
    grid_code: str
    kind: str
    lon: float
    lat: float
    radius: int

    @staticmethod
    def resolve_grid_code(s: KeySpot) -> str:
        return s.grid.code


class KeySpotPage(Page[KeySpotOut]):
    pass


class CheckInOut(Schema):
    id: int
    spot_id: int
    spot_name: str
    at: dt.datetime
    distance: float

    @staticmethod
    def resolve_spot_name(c: CheckIn) -> str:
        return c.spot.name


class PatrolOut(Schema):
    id: int
    walker_name: str
    grid_code: str
    grid_name: str
    status: PatrolStatus_
    started_at: dt.datetime
    ended_at: dt.datetime | None
    seconds: int = Field(description="Duration; 0 while under way")
    distance: float = Field(description="Metres along the track (haversine)")
    last_seq: int = Field(description="The highest track sequence number stored; -1 for none")

    @staticmethod
    def resolve_walker_name(p: Patrol) -> str:
        return p.walker.name

    @staticmethod
    def resolve_grid_code(p: Patrol) -> str:
        return p.grid.code

    @staticmethod
    def resolve_grid_name(p: Patrol) -> str:
        return p.grid.name


class PatrolPage(Page[PatrolOut]):
    pass


class TrackPointOut(Schema):
    seq: int
    at: dt.datetime
    lon: float
    lat: float


class PatrolDetailOut(PatrolOut):
    check_ins: list[CheckInOut]
    track: list[TrackPointOut]
    case_ids: list[int]

    @staticmethod
    def resolve_check_ins(p: Patrol) -> list[CheckIn]:
        return list(p.check_ins.select_related("spot"))

    @staticmethod
    def resolve_track(p: Patrol) -> list[Any]:
        return list(p.track.all())

    @staticmethod
    def resolve_case_ids(p: Patrol) -> list[int]:
        return [f.id for f in panels.findings(p)]


class PatrolStartIn(Schema):
    grid_code: str = Field(max_length=32)


class SampleIn(Schema):
    seq: StrictInt = Field(ge=0, lt=actions.SEQ_MAX)
    at: dt.datetime
    lon: Number = Field(ge=-180, le=180)
    lat: Number = Field(ge=-90, le=90)
    accuracy: Number | None = Field(None, ge=0, le=100_000)


class TrackIn(Schema):
    points: list[SampleIn] = Field(min_length=1, max_length=actions.BATCH_MAX)


class TrackAckOut(Schema):
    acknowledged: list[int] = Field(description="The batch's sequence numbers, all stored now")
    last_seq: int
    distance: float


class CheckInIn(Schema):
    spot_id: StrictInt
    lon: Number
    lat: Number
    note: str = Field("", max_length=500)


class EndIn(Schema):
    note: str = Field("", max_length=500)


class WorkerFiguresOut(Schema):
    walker_id: int
    name: str
    patrols: int
    seconds: int
    distance: float


def _patrol(request: HttpRequest, patrol_id: int) -> Patrol:
    found = (
        permissions.patrols_visible_to(request.user)
        .select_related("walker", "grid")
        .filter(pk=patrol_id)
        .first()
    )
    if found is None:
        raise NotFound(_("No such patrol."))
    return found


@router.get("/patrols", response={200: PatrolPage, **errors(400)})
def list_patrols(
    request: HttpRequest,
    mine: bool = False,
    area: str | None = None,
    status: PatrolStatus_ | None = None,
    page: int = page_param(),
    page_size: int = page_size_param(),
) -> Any:
    """Patrols the caller sees (their own, those of the grids they follow), newest first."""
    qs = permissions.patrols_visible_to(request.user).select_related("walker", "grid")
    if mine:
        qs = qs.filter(walker_id=request.user.pk)
    if area:
        qs = qs.filter(grid__code__startswith=area)
    if status:
        qs = qs.filter(status=status)
    return paginate(qs.order_by("-started_at", "-pk"), page, page_size)


@router.post("/patrols", response={201: PatrolDetailOut, **errors(400, 404, 409)})
def start_patrol(request: HttpRequest, data: PatrolStartIn) -> Any:
    """Start a patrol of a grid the caller patrols; one under way at a time (409)."""
    grid = Area.objects.filter(code=data.grid_code).first()
    if grid is None:
        raise NotFound(_("No such grid."), "grid_code")
    return Status(201, actions.do_start_patrol(grid, actor=request.user))


@router.get("/patrols/figures", response={200: list[WorkerFiguresOut], **errors(400, 404)})
def patrol_figures(
    request: HttpRequest,
    area: str = Query(..., max_length=32),
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Any:
    """Per worker: ended patrols started in [start, end] (local days; the last 30 days by
    default) on the area's grids, their total duration (seconds) and distance (metres)."""
    if not (permissions.may_run_campaign(request.user, area) or permissions.may_walk(request.user)):
        raise NotFound(_("No such area."), "area")
    end = end or timeutil.today()
    start = start or end - dt.timedelta(days=29)
    if end < start:
        raise Invalid(_("The period ends before it starts."), "end")
    return [w.__dict__ for w in selectors.figures(request.user, area, *selectors.days(start, end))]


@router.get("/patrols/{patrol_id}", response={200: PatrolDetailOut, **errors(404)})
def get_patrol(request: HttpRequest, patrol_id: int) -> Any:
    """A patrol with its track, check-ins and the cases reported from it."""
    return _patrol(request, patrol_id)


@router.post("/patrols/{patrol_id}/track", response={200: TrackAckOut, **errors(400, 403, 404)})
def record_track(request: HttpRequest, patrol_id: int, data: TrackIn) -> Any:
    """A batch of the phone's positions. Sending a batch again stores nothing twice and
    answers the same; the phone drops the acknowledged positions."""
    patrol = _patrol(request, patrol_id)
    samples = [
        actions.Sample(p.seq, p.at, float(p.lon), float(p.lat), p.accuracy) for p in data.points
    ]
    patrol = actions.do_record_track(patrol, samples, actor=request.user)
    return {
        "acknowledged": sorted(s.seq for s in samples),
        "last_seq": patrol.last_seq,
        "distance": patrol.distance,
    }


@router.post(
    "/patrols/{patrol_id}/check-ins", response={201: CheckInOut, **errors(400, 403, 404, 409)}
)
def check_in(request: HttpRequest, patrol_id: int, data: CheckInIn) -> Any:
    """Check in at a key spot of the patrol's grid, from within its radius (400 with the
    distance otherwise); once per spot (409)."""
    patrol = _patrol(request, patrol_id)
    spot = KeySpot.objects.filter(pk=data.spot_id).first()
    if spot is None:
        raise Invalid(_("No such key spot."), "spot_id")
    return Status(
        201,
        actions.do_check_in(
            patrol, spot, lon=data.lon, lat=data.lat, note=data.note, actor=request.user
        ),
    )


@router.post(
    "/patrols/{patrol_id}/end", response={200: PatrolDetailOut, **errors(400, 403, 404, 409)}
)
def end_patrol(request: HttpRequest, patrol_id: int, data: EndIn) -> Any:
    """End the caller's patrol under way (409 once ended)."""
    patrol = _patrol(request, patrol_id)
    actions.do_end_patrol(patrol, note=data.note, actor=request.user)
    return _patrol(request, patrol_id)


@router.get("/key-spots", response={200: KeySpotPage, **errors(400)})
def list_key_spots(
    request: HttpRequest,
    grid: str | None = None,
    page: int = page_param(),
    page_size: int = page_size_param(),
) -> Any:
    """Key spots (重点部位) of the grids the caller sees in the registers."""
    qs = permissions.key_spots_visible_to(request.user).filter(active=True).select_related("grid")
    if grid:
        qs = qs.filter(grid__code__startswith=grid)
    return paginate(qs.order_by("code"), page, page_size)
