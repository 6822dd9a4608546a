"""In a 户—队—片—区 deployment the grid API serves zones, pieces and teams: the grid level
("zone") by default, with the household counts of their subtrees."""

from __future__ import annotations

import pytest

from accounts.models import RoleAssignment, User
from accounts.roles import Role
from tests.zones import make_village, use_zones

pytestmark = pytest.mark.django_db


@pytest.fixture
def village(settings):
    use_zones(settings)
    return make_village()


@pytest.fixture
def staff_client(village, client):
    user = User.objects.create_user(phone="13710000001", password="x-y-z-2026", name="村干部")
    RoleAssignment.objects.create(user=user, role=Role.COMMUNITY_STAFF, area=village.village)
    client.force_login(user)
    return client


def test_it_lists_the_grid_level_of_the_deployment_with_subtree_counts(village, staff_client):
    zones = staff_client.get("/api/v1/areas/grids").json()
    assert [(g["code"], g["level"], g["households"]) for g in zones["items"]] == [
        (village.zone.code, "zone", 110)
    ]
    pieces = staff_client.get("/api/v1/areas/grids?level=piece").json()
    assert [(g["name"], g["households"]) for g in pieces["items"]] == [("1片", 100), ("2片", 10)]
    teams = staff_client.get(f"/api/v1/areas/grids?level=team&parent={village.pieces[1].code}")
    assert [(g["name"], g["households"]) for g in teams.json()["items"]] == [("11队", 10)]
    # The deployment's grid levels are the enum of `level`; any other is malformed input.
    assert staff_client.get("/api/v1/areas/grids?level=grid").status_code == 422
    assert staff_client.get("/api/v1/areas/grids?level=community").status_code == 422
    schema = staff_client.get("/api/v1/openapi.json").json()
    (level,) = [
        p
        for p in schema["paths"]["/api/v1/areas/grids"]["get"]["parameters"]
        if p["name"] == "level"
    ]
    assert level["schema"]["anyOf"][0]["enum"] == ["zone", "piece", "team"]


def test_it_shows_any_grid_level_area_as_a_grid(village, staff_client):
    for area in (village.zone, village.pieces[0], village.teams[0]):
        response = staff_client.get(f"/api/v1/areas/grids/{area.code}")
        assert response.status_code == 200, area.level
        assert response.json()["code"] == area.code
    assert staff_client.get(f"/api/v1/areas/grids/{village.village.code}").status_code == 404
