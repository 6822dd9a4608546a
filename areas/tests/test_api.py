from __future__ import annotations

import pytest

from accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def test_it_lists_areas_by_parent_and_level_with_pages(world, login):
    client = login(world.users["subdistrict_staff"])
    data = client.get(f"/api/v1/areas/?parent={world.subdistrict.code}").json()
    assert [a["code"] for a in data["items"]] == [world.east.code, world.west.code]
    assert data["items"][0]["parent_code"] == world.subdistrict.code
    data = client.get("/api/v1/areas/?level=grid&page_size=1&page=2").json()
    assert data["count"] == 2 and data["pages"] == 2
    assert [a["code"] for a in data["items"]] == [world.west_grid.code]


@pytest.mark.parametrize(
    "query",
    ["page=0", "page=100001", f"page={10**20}", "page_size=0", "page_size=201"],
)
def test_it_rejects_bad_list_parameters(world, login, query):
    response = login(world.users["admin"]).get(f"/api/v1/areas/?{query}")
    assert response.status_code == 400
    assert response.json()["detail"]


@pytest.mark.parametrize("query", ["page=two", "level=block"])
def test_it_rejects_malformed_list_parameters(world, login, query):
    response = login(world.users["admin"]).get(f"/api/v1/areas/?{query}")
    assert response.status_code == 422


def test_it_gives_an_area_with_its_boundary_and_counts(world, login):
    data = login(world.users["community_staff"]).get(f"/api/v1/areas/{world.east.code}").json()
    assert data["boundary"]["type"] == "Polygon"
    assert data["households"] == 2 and data["residents"] == 2
    assert [c["code"] for c in data["children"]] == [world.east_grid.code]


def test_it_gives_a_grid_with_its_workers(world, login):
    data = (
        login(world.users["community_staff"])
        .get(f"/api/v1/areas/grids/{world.east_grid.code}")
        .json()
    )
    assert {w["name"] for w in data["workers"]} == {"东网格员"}
    grids = login(world.users["community_staff"]).get("/api/v1/areas/grids").json()
    assert grids["items"][0]["households"] == 2


def test_it_lists_households_of_a_building_with_a_token(world, client):
    _token, key = ApiToken.issue(world.users["grid_worker"], "app")
    response = client.get(
        f"/api/v1/areas/households?building={world.east_building.code}",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 200
    assert response.json()["count"] == 2


def test_it_declares_its_errors_in_the_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    responses = schema["paths"]["/api/v1/areas/households/{code}"]["get"]["responses"]
    assert {"200", "404"} <= set(responses)


def test_it_answers_a_buildings_planned_dwellings_and_its_registered_households_apart(world, login):
    world.east_building.households = 24  # planned dwellings; two households are registered
    world.east_building.save(update_fields=["households"])
    client = login(world.users["community_staff"])
    listed = client.get(f"/api/v1/areas/buildings?area={world.east.code}").json()["items"]
    assert [(b["code"], b["dwellings"]) for b in listed] == [(world.east_building.code, 24)]
    assert "households" not in listed[0]
    data = client.get(f"/api/v1/areas/buildings/{world.east_building.code}").json()
    assert (data["dwellings"], data["households"], data["residents"]) == (24, 2, 2)
