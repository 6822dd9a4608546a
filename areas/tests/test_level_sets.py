"""The level set is a per-deployment setting: a 户—队—片—区 tree (10 households a team,
10 teams a piece) below the community works like grids do."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts import access
from accounts.models import RoleAssignment, User
from accounts.roles import Capability, Role
from areas.models import Area, Building, Household, grid_levels
from areas.registers.actions import do_import_register
from areas.registers.tests.helpers import HOUSEHOLD_HEADER, csv_bytes
from areas.registers.workflow import JobStatus

pytestmark = pytest.mark.django_db

ZONES = [
    ("district", 6),
    ("subdistrict", 3),
    ("community", 3),
    ("zone", 2),
    ("piece", 2),
    ("team", 2),
]


@pytest.fixture
def village(settings):
    """Village 330324001001 → zone 01 → pieces 01 and 02 → 10 teams in piece 01 and one in
    piece 02, 10 households each."""
    settings.LINLI_AREA_LEVELS = ZONES

    def area(code, level, parent, name):
        node = Area(code=code, level=level, parent=parent, name=name)
        node.full_clean()
        node.save()
        return node

    district = area("330324", "district", None, "永嘉县")
    sub = area("330324001", "subdistrict", district, "瓯北街道")
    village = area("330324001001", "community", sub, "马岙村")
    zone = area("33032400100101", "zone", village, "一区")
    pieces = [area(f"{zone.code}0{n}", "piece", zone, f"{n}片") for n in (1, 2)]
    teams = [area(f"{pieces[0].code}{n:02d}", "team", pieces[0], f"{n}队") for n in range(1, 11)]
    teams.append(area(f"{pieces[1].code}01", "team", pieces[1], "11队"))
    building = Building.objects.create(
        code="MA1", name="马岙1号", community=village, lon=120.6, lat=28.0
    )
    Household.objects.bulk_create(
        Household(code=f"{t.code}H{n:02d}", building=building, grid=t, address=f"{t.name}{n}号")
        for t in teams
        for n in range(1, 11)
    )
    return village, zone, pieces, teams


def _user(phone, role, area):
    user = User.objects.create_user(phone=phone, password="x-y-z-2026", name=f"{role}-{phone}")
    RoleAssignment.objects.create(user=user, role=role, area=area)
    return user


def test_it_checks_codes_and_parents_against_the_configured_levels(village):
    _village, zone, pieces, teams = village
    assert grid_levels() == ["zone", "piece", "team"]
    with pytest.raises(ValidationError) as err:
        Area(code=f"{pieces[0].code}011", level="team", parent=pieces[0], name="x").full_clean()
    assert "code" in err.value.message_dict  # a team code adds 2 digits, not 3
    with pytest.raises(ValidationError) as err:
        Area(code=f"{zone.code}0901", level="team", parent=zone, name="x").full_clean()
    assert "parent" in err.value.message_dict  # a team sits in a piece
    assert list(teams[0].ancestors().values_list("level", flat=True)) == [
        "district",
        "subdistrict",
        "community",
        "zone",
        "piece",
    ]


def test_it_rolls_household_counts_up_the_tree_on_pages(village, client):
    village_area, zone, pieces, teams = village
    client.force_login(_user("13710000001", Role.COMMUNITY_STAFF, village_area))
    body = client.get(reverse("areas:area", args=[zone.code])).content.decode()
    assert "1片" in body and "2片" in body
    assert ">100<" in body and ">10<" in body  # piece 1: 10 teams of 10; piece 2: one team
    team = client.get(reverse("areas:area", args=[teams[0].code])).content.decode()
    assert 'id="households"' in team and "1队1号" in team and "2队1号" not in team


def test_it_scopes_a_piece_workers_view_to_its_teams(village, client):
    _village, _zone, pieces, teams = village
    worker = _user("13710000002", Role.GRID_WORKER, pieces[1])
    visible = Household.objects.filter(
        access.scope_q(worker, "grid__code", Capability.VIEW_REGISTERS)
    )
    assert visible.count() == 10 and {h.grid_id for h in visible} == {teams[-1].pk}
    client.force_login(worker)
    assert client.get(reverse("areas:area", args=[teams[-1].code])).status_code == 200
    assert client.get(reverse("areas:area", args=[teams[0].code])).status_code == 404


def test_it_imports_households_into_teams(village):
    village_area, _zone, _pieces, teams = village
    staff = _user("13710000003", Role.COMMUNITY_STAFF, village_area)
    rows = [HOUSEHOLD_HEADER, ["MA-NEW-1", "MA1", teams[2].code, 1, 1, "", "3队新户"]]
    job = do_import_register("households", filename="h.csv", content=csv_bytes(rows), actor=staff)
    assert job.status == JobStatus.DONE, job.errors
    assert Household.objects.get(code="MA-NEW-1").grid == teams[2]


def test_it_reads_the_level_set_from_the_environment():
    from linli.settings import parse_levels

    assert parse_levels("district:6, subdistrict:3,community:3,zone:2,piece:2,team:2") == ZONES
    for bad in ("district:6,grid", "district:x", "district:6,district:3", "district:0"):
        with pytest.raises(ValueError):
            parse_levels(bad)


def test_it_refuses_to_load_the_grid_shaped_demo_into_another_level_set(settings):
    from django.core.management import CommandError, call_command

    settings.LINLI_AREA_LEVELS = ZONES
    with pytest.raises(CommandError, match="default levels"):
        call_command("load_demo", "--scale", "0.01")
    assert not Area.objects.exists()
