"""Applying a plan announces each retired grid's successors; accounts and party react."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.models import RoleAssignment
from accounts.roles import Role
from areas.division import actions
from areas.division.engine import Bounds
from areas.division.models import DivisionPlan, PlanMode
from areas.division.tests.helpers import populate
from areas.models import Area
from core.models import AuditEntry
from core.signals import grids_succeeded
from party.models import OrgLevel, PartyOrganisation

B = Bounds(300, 500)


def approved(world: Any) -> DivisionPlan:
    plan = actions.do_draft_plan(
        world.east, bounds=B, mode=PlanMode.FRESH, actor=world.users["community_staff"]
    )
    actions.do_review_plan(plan, world.east, actor=world.users["community_staff"])
    actions.do_approve_plan(plan, actor=world.users["subdistrict_staff"])
    plan.refresh_from_db()
    return plan


def test_it_announces_each_retired_grids_successors(world) -> None:
    populate(world)
    plan = approved(world)
    heard: list[dict[str, Any]] = []

    def listen(**kwargs: Any) -> None:
        heard.append(kwargs)

    grids_succeeded.connect(listen)
    try:
        actions.do_apply_plan(plan, actor=world.users["subdistrict_staff"])
    finally:
        grids_succeeded.disconnect(listen)
    [payload] = heard
    households = {g["code"]: g["households"] for g in plan.grids()}
    assert set(payload["grids"]) == set(households)
    assert all(isinstance(a, Area) for a in payload["grids"].values())
    # The retired grid's households went to both new grids; the larger share first.
    successors = payload["successors"][world.east_grid.code]
    assert set(successors) == set(households)
    assert list(payload["successors"]) == [world.east_grid.code]
    assert payload["plan"].pk == plan.pk
    assert payload["actor"] == world.users["subdistrict_staff"]


def test_it_audits_each_moved_posting_and_branch(world) -> None:
    populate(world)
    branch = PartyOrganisation.objects.create(
        name="东网格支部", level=OrgLevel.BRANCH, area=world.east_grid
    )
    plan = approved(world)
    report = actions.do_apply_plan(plan, actor=world.users["subdistrict_staff"])
    target = report["workers_moved"][0][3]
    moved = AuditEntry.objects.filter(action="accounts.role.move")
    worker = RoleAssignment.objects.get(user=world.users["grid_worker"], role=Role.GRID_WORKER)
    entry = moved.get(object_id=str(worker.pk))
    assert entry.changes == {"area": [world.east_grid.code, target]}
    assert entry.actor == world.users["subdistrict_staff"] and entry.area_code == target
    # Every posting on the retired grid (the worker's, the resident's) has its entry.
    assert moved.count() == 2
    entry = AuditEntry.objects.get(action="party.organisation.move")
    assert entry.object_id == str(branch.pk)
    assert entry.changes == {"area": [world.east_grid.code, target]}
    assert report["branches_moved"] == [["东网格支部", world.east_grid.code, target]]


def test_it_applies_nothing_when_a_receiver_fails(world) -> None:
    populate(world)
    plan = approved(world)

    def fail(**_kwargs: Any) -> None:
        raise RuntimeError("a receiver failed")

    grids_succeeded.connect(fail)
    try:
        with pytest.raises(RuntimeError):
            actions.do_apply_plan(plan, actor=world.users["subdistrict_staff"])
    finally:
        grids_succeeded.disconnect(fail)
    plan.refresh_from_db()
    world.east_grid.refresh_from_db()
    assert plan.status == "approved" and world.east_grid.active
    assert RoleAssignment.objects.get(user=world.users["grid_worker"]).area == world.east_grid
    assert not AuditEntry.objects.filter(action__endswith=".move").exists()
