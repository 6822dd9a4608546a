"""Division plans over the API: draft, read, review, approve, apply, withdraw; micro-grids."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field, StrictInt

from accounts.roles import Capability
from areas import permissions as areas_permissions
from areas.division import actions, permissions, services
from areas.division.conf import team_sizes
from areas.division.engine import Bounds
from areas.division.engine.teams import build_tree
from areas.division.models import DivisionPlan, PlanMode
from areas.models import Area, grid_level
from core.refusal import Invalid, NotFound
from core.schemas import errors

router = Router(tags=["division"])


class PlanIn(Schema):
    area: str = Field(min_length=1, max_length=32)
    min_households: StrictInt = Field(300, ge=1, le=100_000)
    max_households: StrictInt = Field(500, ge=1, le=100_000)
    mode: Literal["redivide", "fresh"] = "redivide"


class PlanGridOut(Schema):
    code: str
    community: str
    households: int
    residents: int
    buildings: int
    compactness: float | None
    flags: list[str]
    previous: str | None


class ProblemOut(Schema):
    community: str
    reason: str
    message: str
    proposal: str


class PlanOut(Schema):
    id: int
    area: str
    status: str
    mode: str
    min_households: int
    max_households: int
    grid_count: int
    old_grid_count: int
    in_bounds: int
    total_households: int
    moved_households: int
    moved_share: float
    stale: bool
    communities: list[str]
    reviewed: list[str]

    @staticmethod
    def resolve_area(plan: DivisionPlan) -> str:
        return plan.area.code

    @staticmethod
    def resolve_moved_share(plan: DivisionPlan) -> float:
        return round(plan.moved_share, 4)

    @staticmethod
    def resolve_stale(plan: DivisionPlan) -> bool:
        # A plan not yet applied or withdrawn is stale once its area's buildings changed.
        live = plan.status in ("draft", "reviewed", "approved")
        return live and plan.fingerprint != services.fingerprint(plan.area)

    @staticmethod
    def resolve_communities(plan: DivisionPlan) -> list[str]:
        return plan.communities()

    @staticmethod
    def resolve_reviewed(plan: DivisionPlan) -> list[str]:
        return sorted(plan.reviews.values_list("community__code", flat=True))


class PlanDetailOut(PlanOut):
    grids: list[PlanGridOut]
    problems: list[ProblemOut]
    report: dict[str, Any]

    @staticmethod
    def resolve_grids(plan: DivisionPlan) -> list[dict[str, Any]]:
        return [
            {**g, "buildings": len(g["buildings"]), "previous": g.get("previous")}
            for g in plan.grids()
        ]

    @staticmethod
    def resolve_problems(plan: DivisionPlan) -> list[dict[str, Any]]:
        return plan.result.get("problems", [])


class ReviewIn(Schema):
    community: str = Field(min_length=1, max_length=32)
    note: str = Field("", max_length=500)


class MicroGridIn(Schema):
    size: StrictInt = Field(85, ge=5, le=1000)


class MicroGridOut(Schema):
    code: str
    name: str
    households: int


class GridTeamOut(Schema):
    zone: int
    piece: int
    team: int
    households: int
    buildings: list[str]


def _plan(request: HttpRequest, plan_id: int) -> DivisionPlan | None:
    return permissions.visible_plans(request.user).filter(pk=plan_id).first()


def _plan_or_404(request: HttpRequest, plan_id: int) -> DivisionPlan:
    plan = _plan(request, plan_id)
    if plan is None:
        raise NotFound("No such plan.")
    return plan


@router.get("/plans", response={200: list[PlanOut]})
def list_plans(request: HttpRequest) -> list[DivisionPlan]:
    """Plans you may see, newest first (at most 100)."""
    return list(permissions.visible_plans(request.user)[:100])


@router.post(
    "/plans",
    response={200: PlanDetailOut, **errors(400, 404)},
)
def draft_plan(request: HttpRequest, data: PlanIn) -> Status:
    """Draft a plan for a community or subdistrict you are staff of."""
    area = Area.objects.filter(code=data.area).first()
    if area is None or not permissions.may_draft(request.user, area):
        raise NotFound("No such community or subdistrict.")
    if data.min_households > data.max_households:
        raise Invalid("min_households is larger than max_households.", "max_households")
    plan = actions.do_draft_plan(
        area,
        bounds=Bounds(data.min_households, data.max_households),
        mode=PlanMode(data.mode),
        actor=request.user,
    )
    return Status(200, plan)


@router.get("/plans/{plan_id}", response={200: PlanDetailOut, **errors(404)})
def get_plan(request: HttpRequest, plan_id: int) -> Status:
    return Status(200, _plan_or_404(request, plan_id))


def _act(request: HttpRequest, plan_id: int, fn: Any) -> Status:
    plan = _plan_or_404(request, plan_id)
    fn(plan)
    plan.refresh_from_db()
    return Status(200, plan)


ACT = {200: PlanOut, **errors(400, 404, 409)}


@router.post("/plans/{plan_id}/review", response=ACT)
def review_plan(request: HttpRequest, plan_id: int, data: ReviewIn) -> Status:
    """Record your community's review (community staff)."""
    community = Area.objects.filter(code=data.community, level="community").first()
    if community is None:
        raise NotFound("No such community.")
    return _act(
        request,
        plan_id,
        lambda p: actions.do_review_plan(p, community, note=data.note, actor=request.user),
    )


@router.post("/plans/{plan_id}/approve", response=ACT)
def approve_plan(request: HttpRequest, plan_id: int) -> Status:
    """Approve a reviewed plan (subdistrict staff)."""
    return _act(request, plan_id, lambda p: actions.do_approve_plan(p, actor=request.user))


@router.post("/plans/{plan_id}/apply", response=ACT)
def apply_plan(request: HttpRequest, plan_id: int) -> Status:
    """Apply an approved plan; 409 if it is stale or not approved."""
    return _act(request, plan_id, lambda p: actions.do_apply_plan(p, actor=request.user))


@router.post("/plans/{plan_id}/withdraw", response=ACT)
def withdraw_plan(request: HttpRequest, plan_id: int) -> Status:
    return _act(request, plan_id, lambda p: actions.do_withdraw_plan(p, actor=request.user))


def _grid(request: HttpRequest, code: str) -> Area | None:
    grid = Area.objects.filter(code=code, level=grid_level()).first()
    if grid is None or not areas_permissions.may(
        request.user, Capability.VIEW_REGISTERS, grid.code
    ):
        return None
    return grid


@router.get("/grids/{code}/teams", response={200: list[GridTeamOut], **errors(404)})
def grid_teams(request: HttpRequest, code: str) -> Status:
    """The grid's households as 户—队—片—区: zones of pieces of teams."""
    grid = _grid(request, code)
    if grid is None:
        raise NotFound("No such grid.")
    team, piece, zone = team_sizes()
    rows = []
    for z, zn in enumerate(build_tree(actions.grid_households(grid), team, piece, zone), 1):
        for p, pc in enumerate(zn.pieces, 1):
            for t, tm in enumerate(pc.teams, 1):
                rows.append(
                    {
                        "zone": z,
                        "piece": p,
                        "team": t,
                        "households": len(tm.households),
                        "buildings": tm.buildings,
                    }
                )
    return Status(200, rows)


@router.post(
    "/grids/{code}/microgrids",
    response={200: list[MicroGridOut], **errors(400, 404, 409)},
)
def build_microgrids(request: HttpRequest, code: str, data: MicroGridIn) -> Status:
    """Rebuild the grid's micro-grids of about `size` households."""
    grid = _grid(request, code)
    if grid is None:
        raise NotFound("No such grid.")
    made = actions.do_build_microgrids(grid, size=data.size, actor=request.user)
    counts = {m.pk: m.micro_members.count() for m in made}  # type: ignore[attr-defined]
    return Status(200, [{"code": m.code, "name": m.name, "households": counts[m.pk]} for m in made])
