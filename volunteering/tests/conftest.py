"""Volunteering personas on top of `world`: two east volunteers (one a party member), a team,
a menu item, and a west volunteer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from accounts.models import RoleAssignment, User
from accounts.roles import Role
from party.models import OrgLevel, PartnerUnit, PartyMember, PartyOrganisation
from tests.factories import PASSWORD, World
from volunteering import actions
from volunteering.models import Order, ServiceItem, Team, Volunteer


@dataclass
class V:
    world: World
    staff: User
    resident: User
    vol_user: User
    vol2_user: User
    west_vol_user: User
    volunteer: Volunteer
    volunteer2: Volunteer
    west_volunteer: Volunteer
    member: PartyMember
    team: Team
    item: ServiceItem
    unit: PartnerUnit
    password: str = PASSWORD

    def published(self, **kw: Any) -> Order:
        order = actions.do_request_order(
            requester=self.resident, service=self.item, actor=self.resident
        )
        return actions.do_publish_order(order, actor=self.staff, **kw)


def _volunteer_user(world: World, phone: str, name: str, area: Any) -> User:
    user = User.objects.create_user(phone=phone, password=PASSWORD, name=name)
    RoleAssignment.objects.create(user=user, role=Role.VOLUNTEER, area=area)
    return user


@pytest.fixture
def v(world: World) -> V:
    staff = world.users["community_staff"]
    vol_user = _volunteer_user(world, "13700000011", "东志愿者", world.east)
    vol2_user = _volunteer_user(world, "13700000012", "东党员", world.east)
    west_user = _volunteer_user(world, "13700000013", "西志愿者", world.west)
    org = PartyOrganisation.objects.create(
        name="东社区大党委", level=OrgLevel.EXTENDED_COMMITTEE, area=world.east
    )
    member = PartyMember.objects.create(
        name="东党员",
        organisation=org,
        user=vol2_user,
        in_service=True,
        home_community=world.east,
        workplace="县医院",
    )
    volunteer = actions.do_register_volunteer(
        actor=staff, community=world.east, user=vol_user, skills=["维修"]
    )
    volunteer2 = actions.do_register_volunteer(actor=staff, community=world.east, user=vol2_user)
    west_volunteer = actions.do_register_volunteer(
        actor=world.users["admin"], community=world.west, user=west_user
    )
    team = actions.do_create_team(
        community=world.east,
        name="东党员先锋队",
        kind="party_member",
        organisation=org,
        actor=staff,
    )
    actions.do_add_team_member(team, volunteer=volunteer2, is_leader=True, actor=staff)
    item = actions.do_add_service_item(
        community=world.east, title="上门理发", category="elderly", team=team, actor=staff
    )
    unit = PartnerUnit.objects.create(name="瓯北供电所", area=world.subdistrict)
    return V(
        world=world,
        staff=staff,
        resident=world.users["resident"],
        vol_user=vol_user,
        vol2_user=vol2_user,
        west_vol_user=west_user,
        volunteer=volunteer,
        volunteer2=volunteer2,
        west_volunteer=west_volunteer,
        member=member,
        team=team,
        item=item,
        unit=unit,
    )
