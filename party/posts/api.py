"""Member service posts in the party API: list and post, a post, end it. Seen by the party
staff of its organisation or grid, the member posted, and (while held) the residents of its
grid (`party.permissions.posts_visible_to`); 404 outside. No phone is ever answered.
Registered on `party.api.router`."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema, Status
from pydantic import StrictFloat, StrictInt

from areas.api import PageIn, paginate
from areas.models import Area, Building
from core import timeutil
from core.refusal import Invalid, NotFound
from core.schemas import OneOf, errors
from party import permissions
from party.api import router
from party.models import PartyMember
from party.posts import actions, selectors
from party.posts.models import DUTY_MAX, PLACE_MAX, PostKind, ServicePost

ERRORS = errors(400, 404)
Kind = Annotated[str, OneOf(lambda: PostKind.values)]


class ServicePostOut(Schema):
    id: int
    code: str
    member_id: int
    member_name: str
    organisation_id: int
    kind: Kind
    kind_label: str
    duty: str
    grid_code: str
    grid_name: str
    building_code: str | None
    place: str
    lon: float | None
    lat: float | None
    since: dt.date
    until: dt.date | None
    held: bool

    @staticmethod
    def resolve_member_name(p: ServicePost) -> str:
        return p.member.name

    @staticmethod
    def resolve_kind_label(p: ServicePost) -> str:
        return str(p.get_kind_display())

    @staticmethod
    def resolve_grid_code(p: ServicePost) -> str:
        return p.grid.code

    @staticmethod
    def resolve_grid_name(p: ServicePost) -> str:
        return p.grid.name

    @staticmethod
    def resolve_building_code(p: ServicePost) -> str | None:
        return p.building.code if p.building else None

    @staticmethod
    def resolve_held(p: ServicePost) -> bool:
        return p.is_active(timeutil.today())


class ServicePostPage(Schema):
    count: int
    page: int
    pages: int
    items: list[ServicePostOut]


class ServicePostIn(Schema):
    member_id: StrictInt
    kind: Kind
    duty: str = Field(max_length=DUTY_MAX)
    grid_code: str = Field(max_length=40)
    building_code: str | None = Field(None, max_length=40)
    place: str = Field("", max_length=PLACE_MAX)
    lon: StrictFloat | StrictInt | None = None
    lat: StrictFloat | StrictInt | None = None
    since: dt.date
    until: dt.date | None = None


class ServicePostEndIn(Schema):
    until: dt.date | None = Field(None, description="The last day held; today by default.")


def _post(request: HttpRequest, post_id: int) -> ServicePost:
    found = selectors.posts(request.user).filter(pk=post_id).first()
    if found is None:
        raise NotFound(_("No such post."))
    return found


@router.get("/posts", response={200: ServicePostPage, **ERRORS})
def list_posts(
    request: HttpRequest,
    paging: Query[PageIn],
    grid: str | None = None,
    kind: Kind | None = None,
    held: bool = True,
) -> Any:
    """Service posts the caller may see, by grid: those held today, or all with held=false.
    `grid` is an area code: the posts on the grids below it."""
    qs = selectors.posts(request.user)
    if held:
        qs = qs.active(timeutil.today())
    if grid is not None:
        qs = qs.filter(grid__code__startswith=grid)
    if kind is not None:
        qs = qs.filter(kind=kind)
    return paginate(qs.order_by("grid__code", "kind", "member__name", "pk"), paging)


@router.post("/posts", response={201: ServicePostOut, **ERRORS})
def post_member(request: HttpRequest, data: ServicePostIn) -> Any:
    """Post a member at a place of a grid (whoever edits the member's organisation)."""
    member = permissions.members_visible_to(request.user).filter(pk=data.member_id).first()
    if member is None:
        raise NotFound(_("No such member."))
    grid = Area.objects.filter(code=data.grid_code).first()
    if grid is None:
        raise Invalid(_("No such area."), "grid_code")
    building = None
    if data.building_code:
        building = Building.objects.filter(code=data.building_code).first()
        if building is None:
            raise Invalid(_("No such building."), "building_code")
    post = actions.do_post_member(
        PartyMember.objects.get(pk=member.pk),
        kind=data.kind,
        duty=data.duty,
        grid=grid,
        building=building,
        place=data.place,
        lon=data.lon,
        lat=data.lat,
        since=data.since,
        until=data.until,
        actor=request.user,
    )
    return Status(201, _post(request, post.pk))


@router.get("/posts/{post_id}", response={200: ServicePostOut, **ERRORS})
def post_detail(request: HttpRequest, post_id: int) -> Any:
    return _post(request, post_id)


@router.post("/posts/{post_id}/end", response={200: ServicePostOut, **errors(400, 404, 409)})
def end_post(request: HttpRequest, post_id: int, data: ServicePostEndIn) -> Any:
    """End a post (whoever edits the member's organisation): held until `until`."""
    actions.do_end_post(_post(request, post_id), until=data.until, actor=request.user)
    return _post(request, post_id)
