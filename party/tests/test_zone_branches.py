"""支部建在网格上 in a 户—队—片—区 deployment: a grid branch is built on a zone, piece or
team, not on the village itself."""

from __future__ import annotations

import pytest

from accounts.models import RoleAssignment, User
from accounts.roles import Role
from core.refusal import Refusal
from party.actions import do_create_organisation
from party.models import BranchKind, OrgLevel, PartyOrganisation
from tests.zones import make_village, use_zones

pytestmark = pytest.mark.django_db


def test_it_builds_grid_branches_on_the_configured_grid_levels(settings):
    use_zones(settings)
    village = make_village()
    secretary = User.objects.create_user(phone="13710000007", password="x", name="村书记")
    RoleAssignment.objects.create(user=secretary, role=Role.PARTY_SECRETARY, area=village.village)
    top = PartyOrganisation.objects.create(
        code="G1", name="瓯北街道党工委", level=OrgLevel.WORKING_COMMITTEE, area=village.subdistrict
    )
    committee = PartyOrganisation.objects.create(
        code="V1",
        name="马岙村党委",
        level=OrgLevel.EXTENDED_COMMITTEE,
        area=village.village,
        parent=top,
    )
    for n, area in enumerate((village.zone, village.pieces[0], village.teams[0])):
        branch = do_create_organisation(
            code=f"V1B{n}",
            name=f"{area.name}党支部",
            level=OrgLevel.BRANCH,
            kind=BranchKind.GRID,
            area=area,
            parent=committee,
            actor=secretary,
        )
        assert branch.area == area
    with pytest.raises(Refusal) as err:
        do_create_organisation(
            code="V1BX",
            name="村网格党支部",
            level=OrgLevel.BRANCH,
            kind=BranchKind.GRID,
            area=village.village,
            parent=committee,
            actor=secretary,
        )
    assert "area" in err.value.errors
