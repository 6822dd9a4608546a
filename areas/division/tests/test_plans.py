"""Division plans: draft, review per community, approve, apply; permissions; stale plans."""

from __future__ import annotations

import pytest

from accounts.models import RoleAssignment
from accounts.roles import Role
from areas.division import actions
from areas.division.actions import StalePlan
from areas.division.engine import Bounds
from areas.division.models import DivisionPlan, PlanMode
from areas.division.tests.helpers import populate
from areas.models import Area, Building, Household
from core.models import AuditEntry
from core.refusal import Conflict, Invalid, NotFound
from party.models import OrgLevel, PartyOrganisation

B = Bounds(300, 500)


def approved(world, mode: str = PlanMode.FRESH) -> DivisionPlan:
    plan = actions.do_draft_plan(
        world.east, bounds=B, mode=mode, actor=world.users["community_staff"]
    )
    actions.do_review_plan(plan, world.east, actor=world.users["community_staff"])
    actions.do_approve_plan(plan, actor=world.users["subdistrict_staff"])
    plan.refresh_from_db()
    return plan


def test_it_drafts_a_plan_within_bounds(world) -> None:
    populate(world)
    plan = actions.do_draft_plan(world.east, bounds=B, actor=world.users["community_staff"])
    assert plan.status == "draft" and plan.grid_count == 2 and plan.in_bounds == 2
    assert plan.old_grid_count == 1
    grids = plan.grids()
    assert sum(g["households"] for g in grids) == 2 + 12 * 70
    # Registered households count (building 1 has 70 Household rows and 70 dwellings; the
    # world's building has 2 rows of its 2 dwellings), residents are summed per grid.
    assert sum(g["residents"] for g in grids) == 2
    assert all(g["boundary"]["type"] == "Polygon" for g in grids)
    assert AuditEntry.objects.filter(action="division.plan_drafted").count() == 1


def test_it_tells_the_plans_story_in_figures(world) -> None:
    # One grid today of 842 households: over the bound by 342.
    populate(world)
    plan = actions.do_draft_plan(world.east, bounds=B, actor=world.users["community_staff"])
    story = plan.result["story"]
    assert story["over_today"] == 1 and story["under_today"] == 0
    assert story["floor_households"] == 842 - 500
    assert plan.moved_households >= story["floor_households"]
    # The three compounds of 280 and the world's own (2 households).
    assert story["compounds"] == story["compounds_fit"] == 4
    assert story["whole_today"] == 4
    # 842 households in grids of at most 500: two compounds of 280 cannot share one, so one
    # of the three gives buildings to the other grid.
    assert story["whole"] == story["fit_whole"] == 3


def test_it_refuses_a_draft_outside_the_users_areas(world) -> None:
    populate(world)
    for persona in ("outsider", "grid_worker", "resident"):
        with pytest.raises(NotFound):
            actions.do_draft_plan(world.east, bounds=B, actor=world.users[persona])
    assert not DivisionPlan.objects.exists()


def test_it_needs_every_communitys_review_before_approval(world) -> None:
    populate(world)
    plan = actions.do_draft_plan(
        world.subdistrict, bounds=Bounds(1, 500), actor=world.users["subdistrict_staff"]
    )
    assert plan.communities() == [world.east.code, world.west.code]
    with pytest.raises(Conflict):
        actions.do_approve_plan(plan, actor=world.users["subdistrict_staff"])
    actions.do_review_plan(plan, world.east, actor=world.users["community_staff"])
    plan.refresh_from_db()
    assert plan.status == "draft"
    # East staff cannot review the west, nor review twice; a grid worker cannot review.
    with pytest.raises(NotFound):
        actions.do_review_plan(plan, world.west, actor=world.users["community_staff"])
    with pytest.raises(Conflict):
        actions.do_review_plan(plan, world.east, actor=world.users["admin"])
    west_staff = world.user(Role.COMMUNITY_STAFF, world.west, "13700000009", "西社区干部")
    with pytest.raises(NotFound):
        actions.do_review_plan(plan, world.west, actor=world.users["outsider"])
    actions.do_review_plan(plan, world.west, actor=west_staff)
    plan.refresh_from_db()
    assert plan.status == "reviewed"
    with pytest.raises(NotFound):
        actions.do_approve_plan(plan, actor=world.users["community_staff"])
    actions.do_approve_plan(plan, actor=world.users["subdistrict_staff"])
    plan.refresh_from_db()
    assert plan.status == "approved" and plan.approved_by == world.users["subdistrict_staff"]


def test_it_applies_a_plan_carrying_over_workers_and_branches(world) -> None:
    buildings = populate(world)
    worker = world.users["grid_worker"]
    branch = PartyOrganisation.objects.create(
        name="东网格支部", level=OrgLevel.BRANCH, area=world.east_grid
    )
    plan = approved(world)
    report = actions.do_apply_plan(plan, actor=world.users["subdistrict_staff"])
    plan.refresh_from_db()
    assert plan.status == "applied"
    world.east_grid.refresh_from_db()
    assert not world.east_grid.active
    new = list(Area.objects.filter(parent=world.east, level="grid", active=True).order_by("code"))
    assert [g.code for g in new] == ["330324001001002", "330324001001003"]
    assert report["retired"] == [world.east_grid.code]
    # Buildings and households follow the plan.
    for g in plan.grids():
        area = Area.objects.get(code=g["code"])
        assert set(Building.objects.filter(grid=area).values_list("code", flat=True)) == set(
            g["buildings"]
        )
    assert not Household.objects.filter(grid=world.east_grid).exists()
    assert Household.objects.filter(building=buildings[0]).values("grid").distinct().count() == 1
    # The worker and the branch went to the new grid holding most of the old grid's households.
    target = report["workers_moved"][0][3]
    counts = {g["code"]: g["households"] for g in plan.grids()}
    assert RoleAssignment.objects.get(user=worker, role=Role.GRID_WORKER).area.code == target
    branch.refresh_from_db()
    assert branch.area.code == target
    assert counts[target] == max(counts.values()) or report["workers_moved"]
    # The resident's role follows their household.
    resident = world.users["resident"]
    home = Household.objects.get(residents=resident.resident).grid
    assert RoleAssignment.objects.get(user=resident, role=Role.RESIDENT).area == home
    # The other new grid has no worker: flagged.
    assert len(report["grids_without_worker"]) == 1
    entry = AuditEntry.objects.get(action="division.plan_applied")
    assert entry.changes["created"] == 2 and entry.changes["retired"] == 1
    assert worker.notifications.count() == 1


def test_it_keeps_a_good_grid_when_repairing(world) -> None:
    populate(world, buildings=6)  # 420 + 2 households: today's grid is still good
    plan = approved(world, PlanMode.REDIVIDE)
    assert plan.moved_households == 0
    report = actions.do_apply_plan(plan, actor=world.users["subdistrict_staff"])
    assert report["kept"] == [world.east_grid.code] and report["created"] == []
    world.east_grid.refresh_from_db()
    assert world.east_grid.active
    assert RoleAssignment.objects.get(user=world.users["grid_worker"]).area == world.east_grid


@pytest.mark.parametrize(
    "change",
    [
        lambda w: Building.objects.filter(pk=w.east_building.pk).update(households=90),
        lambda w: Household.objects.create(
            code="EXTRA", building=w.east_building, grid=w.east_grid, address="新户"
        ),
        lambda w: Area.objects.create(
            code="330324001001009", name="新网格", level="grid", parent=w.east
        ),
        lambda w: Building.objects.filter(pk=w.east_building.pk).update(lon=120.64),
    ],
)
def test_it_refuses_to_apply_a_stale_plan(world, change) -> None:
    populate(world)
    plan = approved(world)
    change(world)
    grids_before = list(Area.objects.filter(level="grid").values_list("code", "active"))
    with pytest.raises(StalePlan):
        actions.do_apply_plan(plan, actor=world.users["subdistrict_staff"])
    plan.refresh_from_db()
    assert plan.status == "approved"
    assert list(Area.objects.filter(level="grid").values_list("code", "active")) == grids_before
    assert not AuditEntry.objects.filter(action="division.plan_applied").exists()


def test_it_applies_only_approved_plans_and_only_by_the_subdistrict(world) -> None:
    populate(world)
    plan = actions.do_draft_plan(world.east, bounds=B, actor=world.users["community_staff"])
    with pytest.raises(Conflict):
        actions.do_apply_plan(plan, actor=world.users["subdistrict_staff"])
    plan = approved(world)
    with pytest.raises(NotFound):
        actions.do_apply_plan(plan, actor=world.users["community_staff"])
    actions.do_apply_plan(plan, actor=world.users["subdistrict_staff"])
    with pytest.raises(Conflict):
        actions.do_apply_plan(plan, actor=world.users["subdistrict_staff"])


def test_it_withdraws_a_plan(world) -> None:
    populate(world)
    plan = actions.do_draft_plan(world.east, bounds=B, actor=world.users["community_staff"])
    with pytest.raises(NotFound):
        actions.do_withdraw_plan(plan, actor=world.users["outsider"])
    actions.do_withdraw_plan(plan, actor=world.users["community_staff"])
    plan.refresh_from_db()
    assert plan.status == "withdrawn"
    with pytest.raises(Conflict):
        actions.do_review_plan(plan, world.east, actor=world.users["community_staff"])


def test_it_builds_micro_grids_inside_a_grid(world) -> None:
    populate(world, registered=4)  # 4 × 70 registered households in the east grid (+2)
    made = actions.do_build_microgrids(
        world.east_grid, size=70, actor=world.users["community_staff"]
    )
    assert [m.code for m in made] == [f"{world.east_grid.code}{n:03d}" for n in range(1, 5)]
    assert sum(m.micro_members.count() for m in made) == 282  # type: ignore[attr-defined]
    assert all(m.level == "microgrid" and m.parent == world.east_grid for m in made)
    again = actions.do_build_microgrids(
        world.east_grid, size=140, actor=world.users["community_staff"]
    )
    assert [m.code for m in again] == [f"{world.east_grid.code}{n:03d}" for n in range(5, 7)]
    assert Area.objects.filter(level="microgrid", active=True).count() == 2
    with pytest.raises(NotFound):
        actions.do_build_microgrids(world.east_grid, size=70, actor=world.users["outsider"])
    with pytest.raises(Invalid):
        actions.do_build_microgrids(world.east_grid, size=2, actor=world.users["community_staff"])
