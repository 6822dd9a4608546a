"""Venue personas on top of `world`: the east community's service centre (managed by its
extended committee, whose secretary is a party member with an account) with a hall for 30 and
a meeting room for 10, and a partner unit's shared room in the west with a keeper; open every
day 08:30-21:00 except the centre on Sundays. `monday` is a Monday a week ahead (Asia/Shanghai),
so slots built from it lie in the future whatever the day the test runs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from accounts.models import User
from accounts.roles import Role
from activities import actions
from activities.models import Booking, Room, Venue, VenueKind
from areas.models import Building, Household, Road, RoadClass, ServiceKind, ServicePoint
from areas.nearby import circle
from core import timeutil
from party.models import OrgLevel, PartnerUnit, PartyMember, PartyOrganisation
from tests.factories import World

WEEKDAYS = [["08:30", "21:00"]] * 6 + [None]


@dataclass
class V:
    world: World
    centre: Venue
    hall: Room
    meeting_room: Room
    shared: Venue
    shared_room: Room
    secretary: User  # the centre's organisation's secretary
    keeper: User  # the partner unit's contact, keeper of the shared room
    volunteer: User
    monday: dt.date

    def user(self, who: str) -> User:
        return self.world.users[who]

    def at(self, day: int, hour: int, minute: int = 0) -> dt.datetime:
        """A moment of the test week (day 0 is its Monday), Asia/Shanghai."""
        return dt.datetime.combine(
            self.monday + dt.timedelta(days=day), dt.time(hour, minute), tzinfo=timeutil.SHANGHAI
        )

    def ask(
        self,
        room: Room | None = None,
        *,
        day: int = 1,
        start: int = 9,
        end: int = 11,
        actor: User | None = None,
        **kw: Any,
    ) -> Booking:
        """A waiting booking of `room` (the hall) on a day of the test week."""
        data = {"purpose": "楼道议事会", "head_count": 8, **kw}
        return actions.do_request_booking(
            room or self.hall,
            starts_at=self.at(day, start),
            ends_at=self.at(day, end),
            actor=actor or self.user("resident"),
            **data,
        )


@pytest.fixture
def v(world: World) -> V:
    org = PartyOrganisation.objects.create(
        code="E1", name="东社区大党委", level=OrgLevel.EXTENDED_COMMITTEE, area=world.east
    )
    secretary = world.user(Role.PARTY_SECRETARY, world.east, "13700000021", "东书记")
    member = PartyMember.objects.create(name="东书记", organisation=org, user=secretary)
    org.secretary = member
    org.save(update_fields=["secretary"])
    centre = Venue.objects.create(
        code="VE1",
        name="东社区党群服务中心",
        kind=VenueKind.SERVICE_CENTRE,
        area=world.east,
        address="东大街1号",
        lon=120.62,
        lat=28.01,
        opening_hours=WEEKDAYS,
        facilities=["投影仪", "空调"],
        organisation=org,
    )
    hall = Room.objects.create(code="VE1R1", venue=centre, name="多功能厅", capacity=30)
    meeting_room = Room.objects.create(code="VE1R2", venue=centre, name="议事室", capacity=10)
    unit = PartnerUnit.objects.create(code="U1", name="县供电所", area=world.west)
    keeper = User.objects.create_user(phone="13700000031", password="x", name="供电所王主任")
    shared = Venue.objects.create(
        code="VW1",
        name="供电所共享会议室",
        kind=VenueKind.SHARED_ROOM,
        area=world.west,
        lon=120.6,
        lat=28.0,
        opening_hours=[["08:30", "21:00"]] * 7,
        partner_unit=unit,
    )
    shared.keepers.add(keeper)
    shared_room = Room.objects.create(code="VW1R1", venue=shared, name="三楼会议室", capacity=20)
    volunteer = world.user(Role.VOLUNTEER, world.east, "13700000041", "东志愿者")
    today = timeutil.today()
    monday = today + dt.timedelta(days=7 - today.weekday())
    return V(
        world, centre, hall, meeting_room, shared, shared_room, secretary, keeper, volunteer, monday
    )


# The service circle's world (activities/tests/test_circle.py): the east community's building
# B1 (2 households) and B2 (3 households), a street at latitude 28.009, a road north along
# longitude 120.635 and a clinic on it (`add_roads` lays the roads).
CLINIC = (120.635, 28.014)


@pytest.fixture
def fresh_networks() -> Any:
    circle.forget_networks()
    yield
    circle.forget_networks()


def add_roads(world: World) -> None:
    for code, line in (
        ("R1", [[120.60, 28.009], [120.66, 28.009]]),
        ("R2", [[120.635, 28.0], [120.635, 28.03]]),
    ):
        Road.objects.create(
            code=code,
            name=code,
            road_class=RoadClass.STREET,
            area=world.subdistrict,
            geometry={"type": "LineString", "coordinates": line},
        )


@pytest.fixture
def place(world: World, fresh_networks: None) -> World:
    ServicePoint.objects.create(
        code="SP1",
        name="东社区卫生服务站",
        kind=ServiceKind.CLINIC,
        area=world.east,
        lon=CLINIC[0],
        lat=CLINIC[1],
    )
    b2 = Building.objects.create(
        code="EC1B2",
        name="东花园2幢",
        community=world.east,
        grid=world.east_grid,
        lon=120.622,
        lat=28.001,
    )
    for n in (1, 2, 3):
        Household.objects.create(
            code=f"EC1B2H{n}", building=b2, grid=world.east_grid, address=f"东花园2幢{n}01室"
        )
    return world


@pytest.fixture
def roads(place: World) -> World:
    add_roads(place)
    return place
