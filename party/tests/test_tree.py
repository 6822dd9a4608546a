"""The organisation tree: level order, area link, branch kinds, codes; create and edit."""

from __future__ import annotations

import pytest

from areas.models import Area
from core.models import AuditEntry
from core.refusal import NotFound, Refusal
from party import actions
from party.models import BranchKind, OrgLevel, PartyOrganisation

pytestmark = pytest.mark.django_db


def create(p, who="secretary", **kw):
    fields = {
        "code": "E1B2",
        "name": "东新支部",
        "level": OrgLevel.BRANCH,
        "area": p.world.east_grid,
        "parent": p.east,
        "kind": BranchKind.COMPOUND,
    }
    return actions.do_create_organisation(**{**fields, **kw}, actor=p.user(who))


def refused(p, field, **kw):
    before = PartyOrganisation.objects.count(), AuditEntry.objects.count()
    with pytest.raises(Refusal) as exc:
        create(p, **kw)
    assert field in exc.value.errors, exc.value.errors
    assert (PartyOrganisation.objects.count(), AuditEntry.objects.count()) == before
    return exc.value.errors[field][0]


def test_it_creates_a_branch_under_the_extended_committee_and_audits_it(p):
    branch = create(p)
    assert branch.parent == p.east and branch.area == p.world.east_grid
    entry = AuditEntry.objects.get(action="party.organisation.create")
    assert entry.actor == p.secretary and entry.area_code == p.world.east_grid.code
    assert entry.changes["code"] == [None, "E1B2"]


@pytest.mark.parametrize(
    "level,parent",
    [
        (OrgLevel.BRANCH, "committee"),  # skips the extended committee
        (OrgLevel.GROUP, "east"),  # a group sits under a branch
        (OrgLevel.HUB_HOUSEHOLD, "east_branch"),  # a hub sits under a group
        (OrgLevel.EXTENDED_COMMITTEE, "east_branch"),  # upside down
    ],
)
def test_it_keeps_the_level_order(p, level, parent):
    kind = BranchKind.GRID if level == OrgLevel.BRANCH else ""
    refused(p, "parent", level=level, parent=getattr(p, parent), kind=kind, who="subdistrict_staff")


def test_it_puts_a_working_committee_only_at_the_top(p):
    refused(p, "parent", level=OrgLevel.WORKING_COMMITTEE, parent=p.committee, kind="", who="admin")
    top = create(
        p,
        code="G2",
        level=OrgLevel.WORKING_COMMITTEE,
        parent=None,
        kind="",
        area=p.world.subdistrict,
        who="subdistrict_staff",
    )
    assert top.parent is None
    refused(p, "parent", code="X9", level=OrgLevel.EXTENDED_COMMITTEE, parent=None, kind="")


def test_it_builds_an_organisation_within_its_parents_area(p):
    message = refused(p, "area", area=p.world.west_grid, who="subdistrict_staff")
    assert "area" in message or "区域" in message


def test_it_gives_branches_a_kind_and_others_none(p):
    refused(p, "kind", kind="")
    refused(p, "kind", kind="club")
    refused(p, "kind", code="G9", level=OrgLevel.GROUP, parent=p.east_branch, kind="grid")
    # a grid branch is built on a grid
    refused(p, "area", kind=BranchKind.GRID, area=p.world.east)
    for n, kind in enumerate(BranchKind.values):
        branch = create(p, code=f"K{n}", kind=kind)
        assert branch.kind == kind


@pytest.mark.parametrize("code", ["", "E1", "has space", "x" * 41, "东1"])
def test_it_wants_a_new_well_formed_code(p, code):
    refused(p, "code", code=code)


def test_it_refuses_a_user_outside_the_area(p):
    for who in ("outsider", "grid_worker", "resident"):
        with pytest.raises(NotFound):
            create(p, who=who)
    # the east secretary may not set up a committee under the subdistrict's working committee
    with pytest.raises(NotFound):
        create(p, code="E9", level=OrgLevel.EXTENDED_COMMITTEE, parent=p.committee, kind="")
    assert not PartyOrganisation.objects.filter(code__in=["E1B2", "E9"]).exists()


def edit(p, org, who="secretary", **kw):
    fields = {"name": org.name, "kind": org.kind, "area": org.area, "secretary": org.secretary}
    return actions.do_edit_organisation(org, **{**fields, **kw}, actor=p.user(who))


def test_it_edits_an_organisation_and_names_a_member_secretary(p):
    edit(p, p.east_branch, name="东一网格党支部", kind=BranchKind.COMPOUND, secretary=p.member)
    p.east_branch.refresh_from_db()
    assert p.east_branch.name == "东一网格党支部" and p.east_branch.secretary == p.member
    entry = AuditEntry.objects.get(action="party.organisation.edit")
    assert entry.changes["kind"] == ["grid", "compound"]
    assert entry.changes["secretary_id"] == [None, str(p.member.pk)] or entry.changes[
        "secretary_id"
    ] == [None, p.member.pk]
    # saving the same values writes no further entry
    edit(p, p.east_branch)
    assert AuditEntry.objects.filter(action="party.organisation.edit").count() == 1


def test_it_refuses_a_secretary_from_another_organisation(p):
    with pytest.raises(Refusal) as exc:
        edit(p, p.east_branch, secretary=p.west_member, who="admin")
    assert "secretary" in exc.value.errors
    p.east_branch.refresh_from_db()
    assert p.east_branch.secretary is None


def test_it_keeps_the_organisations_below_within_a_moved_area(p):
    grid2 = Area.objects.create(
        code="330324001001002", name="东第2网格", level="grid", parent=p.world.east
    )
    with pytest.raises(Refusal) as exc:
        edit(p, p.east_branch, area=grid2)  # its group stays on the first grid
    assert "area" in exc.value.errors
    p.east_branch.refresh_from_db()
    assert p.east_branch.area == p.world.east_grid
    with pytest.raises(Refusal):  # a group stays within its branch's grid
        edit(p, p.east_group, area=grid2, who="subdistrict_staff")
    edit(p, p.east, area=p.world.subdistrict, who="subdistrict_staff")  # children still within


def test_it_refuses_an_edit_outside_the_area(p):
    with pytest.raises(NotFound):
        edit(p, p.west_branch, name="改名")
    with pytest.raises(NotFound):
        edit(p, p.east_branch, area=p.world.west_grid)
    assert PartyOrganisation.objects.get(pk=p.west_branch.pk).name == "西第1网格党支部"
