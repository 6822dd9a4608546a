"""Pages: plans (list, draft, review, approve, apply) and a grid's 户—队—片—区 structure."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.roles import Capability
from areas import permissions as areas_permissions
from areas.division import actions, permissions, selectors, services
from areas.division.conf import bounds_for, microgrid_size, team_sizes
from areas.division.engine import Bounds
from areas.division.engine.teams import build_tree
from areas.division.engine.types import ABOVE_MAX, BELOW_MIN, COMPOUND_SPLIT, DETACHED, OVERSIZED
from areas.division.forms import MicroGridForm, PlanForm
from areas.division.models import DivisionPlan
from areas.division.workflow import PlanStatus
from areas.models import Area, grid_level, microgrid_level
from core.http import AuthedRequest, show_refusal
from core.refusal import Refusal

FLAG_LABELS = {
    OVERSIZED: gettext_lazy("one building above the maximum"),
    BELOW_MIN: gettext_lazy("below the minimum"),
    ABOVE_MAX: gettext_lazy("above the maximum"),
    COMPOUND_SPLIT: gettext_lazy("compound split"),
    DETACHED: gettext_lazy("boundary in pieces"),
}
RED_FLAGS = {OVERSIZED, BELOW_MIN, ABOVE_MAX}


def problem_text(p: dict[str, Any]) -> tuple[str, str]:
    """An engine problem in the user's language: (why, the nearest answer)."""
    community = Area.objects.filter(code=p["community"]).values_list("name", flat=True).first()
    values = {
        "c": community or p["community"],
        "hh": p.get("households", 0),
        "k": p.get("grids", 0),
        "lo": p.get("proposed_min"),
        "hi": p.get("proposed_max"),
    }
    if p["reason"] == "too_small":
        return (
            _("%(c)s has %(hh)s households, too few for one grid.") % values,
            _("Nearest: one grid of %(hh)s households, or join a neighbouring grid.") % values,
        )
    if p["reason"] == "no_count_fits":
        return (
            _("No number of grids within the bounds holds the %(hh)s households of %(c)s.")
            % values,
            _("Nearest: %(k)s grids with bounds %(lo)s–%(hi)s.") % values,
        )
    return (
        _("No contiguous division of %(c)s within the bounds was found.") % values,
        _("Nearest: %(k)s grids with bounds %(lo)s–%(hi)s (flagged).") % values,
    )


def draftable_areas(user: Any) -> list[Area]:
    return list(
        Area.objects.filter(level__in=["subdistrict", "community"], active=True)
        .filter(permissions.draftable_q(user))
        .order_by("code")[:300]
    )


def _plan_for(request: AuthedRequest, pk: int) -> DivisionPlan:
    plan = permissions.visible_plans(request.user).filter(pk=pk).first()
    if plan is None:
        raise Http404
    return plan


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    areas = draftable_areas(request.user)
    default = bounds_for()
    form = PlanForm(
        request.POST or None,
        areas=[(a.code, f"{a.name} ({a.code})") for a in areas],
        initial={"min_households": default.min, "max_households": default.max},
    )
    if request.method == "POST":
        if not areas:
            raise Http404
        if form.is_valid():
            area = get_object_or_404(Area, code=form.cleaned_data["area"])
            try:
                plan = actions.do_draft_plan(
                    area,
                    bounds=Bounds(
                        form.cleaned_data["min_households"], form.cleaned_data["max_households"]
                    ),
                    mode=form.cleaned_data["mode"],
                    actor=request.user,
                )
            except Refusal as refusal:
                show_refusal(request, refusal, form)
            else:
                messages.success(request, _("Draft plan saved."))
                return redirect("division:plan", pk=plan.pk)
    waiting = request.GET.get("waiting") == "1"  # the home page's line
    listed = (
        selectors.waiting_for(request.user)
        if waiting
        else permissions.visible_plans(request.user).select_related("created_by")
    )
    plans = Paginator(listed, 20).get_page(request.GET.get("page"))
    return render(
        request, "division/index.html", {"plans": plans, "form": form, "can_draft": bool(areas)}
    )


@login_required
def plan_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = _plan_for(request, pk)
    reviews = {r.community_id: r for r in plan.reviews.select_related("reviewer")}
    communities = {c.code: c for c in Area.objects.filter(code__in=plan.communities())}
    per_community: dict[str, dict[str, Any]] = {}
    for g in plan.grids():
        row = per_community.setdefault(
            g["community"],
            {"community": communities.get(g["community"]), "grids": 0, "households": 0},
        )
        row["grids"] += 1
        row["households"] += g["households"]
    review_rows = []
    for _code, row in sorted(per_community.items()):
        community = row["community"]
        row["review"] = reviews.get(community.pk) if community else None
        row["may_review"] = (
            community is not None
            and plan.status == PlanStatus.DRAFT
            and row["review"] is None
            and permissions.may_review(request.user, community)
        )
        review_rows.append(row)
    stale = plan.status in (PlanStatus.DRAFT, PlanStatus.REVIEWED, PlanStatus.APPROVED) and (
        plan.fingerprint != services.fingerprint(plan.area)
    )
    may_approve = permissions.may_approve(request.user, plan)
    grids = Paginator(plan.grids(), 50).get_page(request.GET.get("grids"))
    for g in grids:
        g["flag_labels"] = [
            (FLAG_LABELS.get(f, f), "red" if f in RED_FLAGS else "amber") for f in g["flags"]
        ]
    return render(
        request,
        "division/plan.html",
        {
            "plan": plan,
            "review_rows": review_rows,
            "stale": stale,
            "may_approve": may_approve and plan.status == PlanStatus.REVIEWED and not stale,
            "may_apply": may_approve and plan.status == PlanStatus.APPROVED and not stale,
            "may_withdraw": plan.status
            in (PlanStatus.DRAFT, PlanStatus.REVIEWED, PlanStatus.APPROVED)
            and (may_approve or permissions.may_draft(request.user, plan.area)),
            "grids": grids,
            "moves": plan.result.get("moves", [])[:500],
            "moves_total": len(plan.result.get("moves", [])),
            "problems": [problem_text(p) for p in plan.result.get("problems", [])],
            "moved_percent": round(plan.moved_share * 100, 1),
            "story": _story(plan),
            "tile_url": settings.LINLI_TILE_URL,
        },
    )


def _story(plan: DivisionPlan) -> dict[str, Any] | None:
    """The plan's figures with their shares (plans drafted before they were kept have none)."""
    story = plan.result.get("story")
    if not story:
        return None

    def percent(n: int, of: int) -> float:
        return round(100 * n / of, 1) if of else 0.0

    return {
        **story,
        "out_today": story["over_today"] + story["under_today"],
        "floor_percent": percent(story["floor_households"], plan.total_households),
        "whole_percent": percent(story["whole"], story["compounds"]),
    }


@login_required
def plan_geojson(request: AuthedRequest, pk: int, which: str) -> JsonResponse:
    plan = _plan_for(request, pk)
    if which not in ("proposed", "current"):
        raise Http404
    rows = plan.result.get("grids" if which == "proposed" else "current", [])
    features = [
        {
            "type": "Feature",
            "geometry": g["boundary"],
            "properties": {
                "code": g["code"],
                "households": g["households"],
                "flags": g.get("flags", []),
                "in_bounds": plan.min_households <= g["households"] <= plan.max_households,
            },
        }
        for g in rows
        if g.get("boundary")
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features})


def _act(request: AuthedRequest, plan: DivisionPlan, fn: Any, done: str) -> HttpResponse:
    try:
        fn()
    except Refusal as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, done)
    return redirect("division:plan", pk=plan.pk)


@require_POST
@login_required
def plan_review(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = _plan_for(request, pk)
    community = get_object_or_404(Area, code=request.POST.get("community", ""), level="community")
    return _act(
        request,
        plan,
        lambda: actions.do_review_plan(
            plan, community, note=request.POST.get("note", ""), actor=request.user
        ),
        _("Review recorded."),
    )


@require_POST
@login_required
def plan_approve(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = _plan_for(request, pk)
    return _act(
        request,
        plan,
        lambda: actions.do_approve_plan(plan, actor=request.user),
        _("Plan approved."),
    )


@require_POST
@login_required
def plan_apply(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = _plan_for(request, pk)
    return _act(
        request, plan, lambda: actions.do_apply_plan(plan, actor=request.user), _("Plan applied.")
    )


@require_POST
@login_required
def plan_withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = _plan_for(request, pk)
    return _act(
        request,
        plan,
        lambda: actions.do_withdraw_plan(plan, actor=request.user),
        _("Plan withdrawn."),
    )


@login_required
def grid_structure(request: AuthedRequest, code: str) -> HttpResponse:
    grid = get_object_or_404(Area, code=code, level=grid_level())
    areas_permissions.require(request.user, Capability.VIEW_REGISTERS, grid.code)
    form = MicroGridForm(request.POST or None, initial={"size": microgrid_size()})
    may_build = permissions.may_draft(request.user, grid)
    if request.method == "POST":
        if not may_build:
            raise Http404
        if form.is_valid():
            try:
                made = actions.do_build_microgrids(
                    grid, size=form.cleaned_data["size"], actor=request.user
                )
            except Refusal as refusal:
                show_refusal(request, refusal, form)
            else:
                messages.success(request, _("%(n)d micro-grids built.") % {"n": len(made)})
                return redirect("division:grid", code=grid.code)
    households = actions.grid_households(grid)
    team, piece, zone = team_sizes()
    zones = build_tree(households, team, piece, zone)
    names = dict(grid.buildings.values_list("code", "name"))
    micro = list(
        Area.objects.filter(parent=grid, level=microgrid_level() or "", active=True)
        .annotate(n=Count("micro_members"))
        .order_by("code")
    )
    return render(
        request,
        "division/grid.html",
        {
            "grid": grid,
            "zones": zones,
            "names": names,
            "households": len(households),
            "teams": sum(len(p.teams) for z in zones for p in z.pieces),
            "pieces": sum(len(z.pieces) for z in zones),
            "micro": micro,
            "form": form,
            "may_build": may_build,
        },
    )
