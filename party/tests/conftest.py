"""Party personas on top of `world`: a working committee on the subdistrict, an extended
committee, a grid branch and a group in each community, members, a partner unit with an
agreement, and a party secretary of the east community."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from accounts.models import User
from accounts.roles import Role
from party.models import (
    BranchKind,
    OrgLevel,
    PartnershipAgreement,
    PartnerUnit,
    PartyMember,
    PartyOrganisation,
)
from tests.factories import World


@dataclass
class P:
    world: World
    secretary: User  # party secretary of the east community
    committee: PartyOrganisation
    east: PartyOrganisation
    east_branch: PartyOrganisation
    east_group: PartyOrganisation
    west: PartyOrganisation
    west_branch: PartyOrganisation
    member: PartyMember  # east branch, in service, registered at home in the east
    retired: PartyMember  # east branch
    west_member: PartyMember
    unit: PartnerUnit  # on the east community
    agreement: PartnershipAgreement

    def user(self, who: str) -> User:
        return self.secretary if who == "secretary" else self.world.users[who]


def org(code: str, name: str, level: str, area: Any, parent: Any = None, kind: str = "") -> Any:
    return PartyOrganisation.objects.create(
        code=code, name=name, level=level, area=area, parent=parent, kind=kind
    )


@pytest.fixture
def p(world: World) -> P:
    secretary = world.user(Role.PARTY_SECRETARY, world.east, "13700000021", "东书记")
    committee = org("G1", "瓯北街道党工委", OrgLevel.WORKING_COMMITTEE, world.subdistrict)
    east = org("E1", "东社区大党委", OrgLevel.EXTENDED_COMMITTEE, world.east, committee)
    east_branch = org(
        "E1B1", "东第1网格党支部", OrgLevel.BRANCH, world.east_grid, east, BranchKind.GRID
    )
    east_group = org("E1B1G1", "东第1网格党小组", OrgLevel.GROUP, world.east_grid, east_branch)
    west = org("W1", "西社区大党委", OrgLevel.EXTENDED_COMMITTEE, world.west, committee)
    west_branch = org(
        "W1B1", "西第1网格党支部", OrgLevel.BRANCH, world.west_grid, west, BranchKind.GRID
    )
    member = PartyMember.objects.create(
        code="M1",
        name="东在职党员",
        organisation=east_branch,
        phone="13811112222",
        in_service=True,
        workplace="县医院",
        home_community=world.east,
        registered_on=dt.date(2026, 3, 1),
        joined_on=dt.date(2000, 7, 1),
    )
    retired = PartyMember.objects.create(
        code="M2", name="东退休党员", organisation=east_branch, phone="13811113333"
    )
    west_member = PartyMember.objects.create(
        code="M3", name="西党员", organisation=west_branch, phone="13811114444"
    )
    unit = PartnerUnit.objects.create(
        code="U1", name="县供电所", area=world.east, contact="王主任", phone="13900001111"
    )
    agreement = PartnershipAgreement.objects.create(
        code="A1",
        unit=unit,
        organisation=east,
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2027, 12, 31),
        commitments="志愿服务、资源共享",
    )
    return P(
        world,
        secretary,
        committee,
        east,
        east_branch,
        east_group,
        west,
        west_branch,
        member,
        retired,
        west_member,
        unit,
        agreement,
    )
