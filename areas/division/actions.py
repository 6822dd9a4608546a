"""Every write of grid division: draft, review, approve, apply, withdraw; micro-grids."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from areas.division import permissions, services
from areas.division.engine import Bounds, InputError
from areas.division.engine.teams import HouseholdIn, micro_grids
from areas.division.models import DivisionPlan, MicroGridHousehold, PlanMode, PlanReview
from areas.division.workflow import PLANS, PlanStatus
from areas.models import (
    Area,
    AreaKind,
    Building,
    Household,
    grid_level,
    level_digits,
    microgrid_level,
)
from core import audit, timeutil, workflow
from core.i18n import site_language
from core.notify import notify
from core.refusal import Conflict, Invalid, NotFound
from core.signals import Succession, grids_succeeded, rows_written


class StalePlan(Conflict):
    """The buildings, households or grids changed since the plan was drafted."""


def _move(plan: DivisionPlan, action: str, actor: Any, **kwargs: Any) -> None:
    """`core.workflow.move` on a locked plan (`_transition` checks first where need be)."""
    workflow.move(plan, action, actor, locked=True, **kwargs)


def _transition(plan: DivisionPlan, action: str) -> None:
    workflow.check(PLANS, plan.status, action)


@transaction.atomic
def do_draft_plan(
    area: Area, *, bounds: Bounds, mode: str = PlanMode.REDIVIDE, actor: Any
) -> DivisionPlan:
    """Run the engine on a community or subdistrict and keep the result as a draft."""
    if actor is not None and not permissions.may_draft(actor, area):
        raise NotFound(_("No such community or subdistrict."))
    if mode not in PlanMode.values:
        raise Invalid(_("Unknown mode %(mode)s.") % {"mode": mode}, "mode")
    snap = services.snapshot(area)
    if not snap.buildings:
        raise InputError(_("%(area)s has no buildings to divide.") % {"area": area.name})
    division = services.run(snap, bounds, keep=mode == PlanMode.REDIVIDE)
    plan = DivisionPlan.objects.create(
        area=area,
        mode=mode,
        min_households=bounds.min,
        max_households=bounds.max,
        fingerprint=services.fingerprint(area),
        result=services.result_json(snap, division, bounds),
        grid_count=len(division.grids),
        old_grid_count=len(snap.grids),
        total_households=division.total_households,
        moved_households=division.moved_households,
        in_bounds=sum(1 for g in division.grids if bounds.holds(g.households)),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(
        actor,
        "division.plan_drafted",
        plan,
        {
            "area": area.code,
            "bounds": [bounds.min, bounds.max],
            "mode": mode,
            "grids": plan.grid_count,
            "moved_households": plan.moved_households,
        },
    )
    return plan


def _locked(plan: DivisionPlan) -> DivisionPlan:
    return DivisionPlan.objects.select_for_update().select_related("area").get(pk=plan.pk)


@transaction.atomic
def do_review_plan(plan: DivisionPlan, community: Area, *, note: str = "", actor: Any) -> None:
    """Community staff review their community's part; the plan is reviewed when every
    community in it has a review."""
    plan = _locked(plan)
    if not permissions.may_review(actor, community):
        raise NotFound(_("No such plan."))
    if community.code not in plan.communities():
        raise Conflict(_("This plan has no grids in %(c)s.") % {"c": community.name})
    if plan.status != PlanStatus.DRAFT:
        raise Conflict(_("Only a draft can be reviewed."))
    if plan.reviews.filter(community=community).exists():
        raise Conflict(_("%(c)s has already reviewed this plan.") % {"c": community.name})
    PlanReview.objects.create(plan=plan, community=community, reviewer=actor, note=note[:500])
    audit.record(actor, "division.plan_reviewed", plan, {"community": community.code})
    if plan.reviews.count() >= len(plan.communities()):
        _move(plan, "review", actor)


@transaction.atomic
def do_approve_plan(plan: DivisionPlan, *, actor: Any) -> None:
    """The subdistrict approves a plan every community has reviewed."""
    plan = _locked(plan)
    if not permissions.may_approve(actor, plan):
        raise NotFound(_("No such plan."))
    _transition(plan, "approve")
    if plan.fingerprint != services.fingerprint(plan.area):
        raise StalePlan(
            _("The buildings, households or grids changed since this plan was drafted.")
        )
    _move(
        plan,
        "approve",
        actor,
        changes={"approved_by": actor, "approved_at": timeutil.now()},
        audit_changes={"status": [PlanStatus.REVIEWED, PlanStatus.APPROVED]},
    )


@transaction.atomic
def do_withdraw_plan(plan: DivisionPlan, *, actor: Any) -> None:
    plan = _locked(plan)
    if not (permissions.may_approve(actor, plan) or permissions.may_draft(actor, plan.area)):
        raise NotFound(_("No such plan."))
    _move(plan, "withdraw", actor, audit_changes={"status": [plan.status, PlanStatus.WITHDRAWN]})


def _grid_name(community: Area, code: str) -> str:
    return _("%(community)s grid %(n)d") % {"community": community.name, "n": int(code[-3:])}


# The apply report's sections, in the order the plan page and the API show them; the
# receivers of `grids_succeeded` fill the last five (accounts: workers, party: branches).
REPORT_SECTIONS = (
    "created",
    "kept",
    "retired",
    "workers_moved",
    "workers_flagged",
    "branches_moved",
    "branches_flagged",
    "grids_without_worker",
)


@transaction.atomic
def do_apply_plan(plan: DivisionPlan, *, actor: Any) -> dict[str, Any]:
    """Reassign buildings and households to the plan's grids, deactivate the grids it
    replaces and announce each retired grid's successors (`core.signals.grids_succeeded`):
    accounts and party carry postings and branches over to the new grid holding most of the
    old grid's households (or flag them). Refused if stale."""
    plan = _locked(plan)
    if not permissions.may_approve(actor, plan):
        raise NotFound(_("No such plan."))
    _transition(plan, "apply")
    communities = _lock_unchanged(plan)
    old_grid_of = dict(
        Building.objects.filter(community__code__in=list(communities)).values_list(
            "pk", "grid__code"
        )
    )
    grids, created, kept, retired = _place_on_grids(plan, communities)
    successors = _successors(plan, retired, old_grid_of)
    report: dict[str, Any] = {key: [] for key in REPORT_SECTIONS}
    report.update(created=created, kept=kept, retired=retired)
    to_notify = _announce(plan, successors, grids, actor, report)
    _move(
        plan,
        "apply",
        actor,
        changes={"applied_by": actor, "applied_at": timeutil.now(), "report": report},
        audit_changes={
            "created": len(report["created"]),
            "kept": len(report["kept"]),
            "retired": len(report["retired"]),
            "moved_households": plan.moved_households,
            "workers_moved": len(report["workers_moved"]),
            "branches_moved": len(report["branches_moved"]),
        },
    )
    _tell_moved(plan, to_notify)
    return report


def _lock_unchanged(plan: DivisionPlan) -> dict[str, Area]:
    """Lock what applying changes, then check nothing changed since the draft; the plan's
    communities by code."""
    communities = {c.code: c for c in services.communities_of(plan.area)}
    list(
        Building.objects.select_for_update()
        .filter(community__code__in=list(communities))
        .values_list("pk", flat=True)
    )
    list(
        Area.objects.select_for_update()
        .filter(parent__code__in=list(communities), level=grid_level())
        .values_list("pk", flat=True)
    )
    if plan.fingerprint != services.fingerprint(plan.area):
        raise StalePlan(
            _("The buildings, households or grids changed since this plan was drafted.")
        )
    return communities


def _place_on_grids(
    plan: DivisionPlan, communities: dict[str, Area]
) -> tuple[dict[str, Area], list[str], list[str], list[str]]:
    """Keep or create the plan's grids, move buildings and households onto them, deactivate
    the grids they replace: (grids by code, created, kept, retired codes)."""
    old_grids = {
        g.code: g
        for g in Area.objects.filter(
            parent__code__in=list(communities), level=grid_level(), active=True
        )
    }
    building_ids = dict(
        Building.objects.filter(community__code__in=list(communities)).values_list("code", "pk")
    )
    grids: dict[str, Area] = {}
    created: list[str] = []
    kept: list[str] = []
    for g in plan.grids():
        if g["code"] in old_grids:
            area = old_grids[g["code"]]
            area.boundary = g["boundary"]
            area.save(update_fields=["boundary"])
            kept.append(area.code)
        else:
            community = communities[g["community"]]
            area = Area.objects.create(
                code=g["code"],
                name=_grid_name(community, g["code"]),
                level=grid_level(),
                parent=community,
                kind=AreaKind.RESIDENTIAL,
                boundary=g["boundary"],
            )
            created.append(area.code)
        grids[g["code"]] = area
        ids = [building_ids[b] for b in g["buildings"]]
        Building.objects.filter(pk__in=ids).exclude(grid=area).update(grid=area)
        Household.objects.filter(building_id__in=ids).exclude(grid=area).update(grid=area)
    retired = [code for code in old_grids if code not in grids]
    Area.objects.filter(code__in=retired).update(active=False)
    rows_written.send(sender=Area)
    return grids, created, kept, retired


def _successors(
    plan: DivisionPlan, retired: list[str], old_grid_of: Mapping[int, str | None]
) -> dict[str, list[str]]:
    """Where each retired grid's households went: the plan's grids that took them, most
    households first (a building without household rows counts as one)."""
    ids = dict(Building.objects.filter(pk__in=list(old_grid_of)).values_list("code", "pk"))
    hh_of = dict(
        Household.objects.filter(building_id__in=list(old_grid_of))
        .values_list("building_id")
        .annotate(n=Count("id"))
        .values_list("building_id", "n")
    )
    flow: dict[str, Counter[str]] = defaultdict(Counter)
    for g in plan.grids():
        for b in g["buildings"]:
            old = old_grid_of.get(ids[b])
            if old:
                flow[old][g["code"]] += hh_of.get(ids[b], 0) or 1
    return {old: [code for code, _n in flow[old].most_common()] for old in retired}


def _announce(
    plan: DivisionPlan,
    successors: dict[str, list[str]],
    grids: dict[str, Area],
    actor: Any,
    report: dict[str, Any],
) -> list[Any]:
    """Send `grids_succeeded`; the receivers' report lines go into `report`. Returns the
    accounts they moved, to be told."""
    to_notify: list[Any] = []
    for _receiver, done in grids_succeeded.send(
        sender=DivisionPlan, successors=successors, grids=grids, plan=plan, actor=actor
    ):
        if isinstance(done, Succession):
            for key, lines in done.report.items():
                report.setdefault(key, []).extend(lines)
            to_notify.extend(done.notify)
    return to_notify


def _tell_moved(plan: DivisionPlan, to_notify: list[Any]) -> None:
    """The accounts the receivers moved learn that their grid changed."""
    with site_language():
        notify(
            to_notify,
            _("Your grid has been re-divided"),
            _("Division plan #%(id)d was applied; check your grid's new boundary.")
            % {"id": plan.pk},
            f"/division/plans/{plan.pk}/",
        )


def grid_households(grid: Area) -> list[HouseholdIn]:
    return [
        HouseholdIn(str(pk), building, entrance, floor, room)
        for pk, building, entrance, floor, room in Household.objects.filter(grid=grid).values_list(
            "pk", "building__code", "entrance", "floor", "room"
        )
    ]


@transaction.atomic
def do_build_microgrids(grid: Area, *, size: int, actor: Any) -> list[Area]:
    """Micro-grids of about `size` households inside a grid, whole buildings and entrances
    where the sizes allow; earlier micro-grids of the grid are deactivated."""
    micro_level = microgrid_level()
    if grid.level != grid_level() or micro_level is None:
        raise Conflict(_("Micro-grids are built inside a grid."))
    if not permissions.may_draft(actor, grid):
        raise NotFound(_("No such grid."))
    if not 5 <= size <= 1000:
        raise Invalid(_("A micro-grid holds between 5 and 1000 households."), "size")
    grid = Area.objects.select_for_update().get(pk=grid.pk)
    groups = micro_grids(grid_households(grid), size)
    if not groups:
        raise Conflict(_("This grid has no households."))
    old = list(Area.objects.filter(parent=grid, level=micro_level))
    digits = level_digits(micro_level)
    last = 10**digits - 1
    used = {a.code for a in old}
    Area.objects.filter(pk__in=[a.pk for a in old], active=True).update(active=False)
    MicroGridHousehold.objects.filter(household__grid=grid).delete()
    created: list[Area] = []
    number = 0
    for members in groups:
        number += 1
        while f"{grid.code}{number:0{digits}d}" in used:
            number += 1
        if number > last:
            raise Conflict(_("This grid has used up its %(n)d micro-grid codes.") % {"n": last})
        area = Area.objects.create(
            code=f"{grid.code}{number:0{digits}d}",
            name=_("%(grid)s micro-grid %(n)d") % {"grid": grid.name, "n": len(created) + 1},
            level=micro_level,
            parent=grid,
            kind=grid.kind,
        )
        MicroGridHousehold.objects.bulk_create(
            [MicroGridHousehold(microgrid=area, household_id=int(h)) for h in members]
        )
        created.append(area)
    audit.record(
        actor,
        "division.microgrids_built",
        grid,
        {"size": size, "microgrids": len(created), "retired": len(old)},
    )
    return created
