"""In a 户—队—片—区 deployment a case goes to the deepest of zone, piece and team that
holds its point; it is a grid-level case (微事不出格), and the grid level is the zone."""

from __future__ import annotations

import pytest

from accounts.models import RoleAssignment, User
from accounts.roles import Role
from cases import routing
from cases.actions import do_report_case
from cases.actions._base import desk_users
from cases.models import Category
from cases.seed import seed_categories
from cases.tests.helpers import category
from cases.workflow import Level, area_level, code_length, level_of_area
from tests.zones import make_village, use_zones

pytestmark = pytest.mark.django_db

IN_TEAM_1 = (120.602, 28.002)  # piece 1, inside team 1's own boundary
IN_PIECE_1 = (120.61, 28.03)  # piece 1, in no team with a boundary
IN_PIECE_2 = (120.63, 28.02)


@pytest.fixture
def village(settings):
    use_zones(settings)
    seed_categories(Category)
    return make_village()


def test_it_maps_the_grid_case_level_to_the_configured_grid_level(village):
    assert area_level(Level.GRID) == "zone"
    assert code_length(Level.GRID) == len(village.zone.code) == 14
    assert code_length(Level.COMMUNITY) == 12
    assert {level_of_area(name) for name in ("zone", "piece", "team")} == {Level.GRID}
    assert level_of_area("community") == Level.COMMUNITY
    head = User.objects.create_user(phone="13710000009", password="x", name="区长")
    RoleAssignment.objects.create(user=head, role=Role.COMMUNITY_STAFF, area=village.zone)
    assert list(desk_users(village.teams[0].code + "H01", Level.GRID)) == [head.pk]


def test_it_places_a_point_in_the_deepest_grid_level_that_holds_it(village):
    routing.invalidate()
    placed = [routing.place(*point) for point in (IN_TEAM_1, IN_PIECE_1, IN_PIECE_2)]
    assert [(p.area_code, p.level, p.outside_grid) for p in placed if p] == [
        (village.teams[0].code, "team", False),
        (village.pieces[0].code, "piece", False),
        (village.pieces[1].code, "piece", False),
    ]
    assert routing.place(120.7, 28.5) is None


def test_it_reports_a_case_into_a_team_as_a_grid_case(village):
    resident = User.objects.create_user(phone="13710000008", password="x", name="村民")
    RoleAssignment.objects.create(user=resident, role=Role.RESIDENT, area=village.teams[0])
    case = do_report_case(
        actor=resident,
        category=category("S0101"),
        description="村口路灯不亮",
        lon=IN_TEAM_1[0],
        lat=IN_TEAM_1[1],
    )
    assert case.area == village.teams[0] and not case.outside_grid
    assert case.level == Level.GRID
    higher = do_report_case(
        actor=resident,
        category=category("B0102"),
        description="河道有垃圾",
        lon=IN_PIECE_2[0],
        lat=IN_PIECE_2[1],
    )
    assert higher.area == village.pieces[1] and higher.level == Level.COMMUNITY
