"""A grid worker of one community cannot see another's registers, through pages or the API."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def east_urls(world):
    h = world.east_households[0]
    r = h.residents.first()
    return [
        reverse("areas:area", args=[world.east.code]),
        reverse("areas:area", args=[world.east_grid.code]),
        reverse("areas:special", args=[world.east_grid.code]),
        reverse("areas:building", args=[world.east_building.code]),
        reverse("areas:household", args=[h.code]),
        reverse("areas:resident", args=[r.code]),
        f"/api/v1/areas/{world.east_grid.code}",
        f"/api/v1/areas/grids/{world.east_grid.code}",
        f"/api/v1/areas/buildings/{world.east_building.code}",
        f"/api/v1/areas/households/{h.code}",
        f"/api/v1/areas/households?area={world.east_grid.code}",
    ]


def test_it_hides_another_communitys_registers_from_a_grid_worker(world, login):
    client = login(world.users["outsider"])
    for url in east_urls(world):
        assert client.get(url).status_code == 404, url


def test_it_shows_the_own_communitys_registers_to_its_grid_worker(world, login):
    client = login(world.users["grid_worker"])
    for url in east_urls(world)[1:]:
        assert client.get(url).status_code == 200, url


def test_it_leaves_other_communities_out_of_api_lists(world, login):
    client = login(world.users["outsider"])
    households = client.get("/api/v1/areas/households").json()
    assert {h["code"] for h in households["items"]} == {h.code for h in world.west_households}
    buildings = client.get("/api/v1/areas/buildings").json()
    assert [b["code"] for b in buildings["items"]] == [world.west_building.code]
    areas = client.get("/api/v1/areas/").json()
    assert [a["code"] for a in areas["items"]] == [world.west_grid.code]


def test_it_refuses_the_reveal_outside_the_area(world, login):
    r = world.east_households[0].residents.first()
    client = login(world.users["outsider"])
    assert client.post(reverse("areas:reveal", args=[r.code])).status_code == 404
    assert client.post(f"/api/v1/areas/residents/{r.code}/reveal").status_code == 404


def test_it_gives_residents_no_area_pages(world, login):
    client = login(world.users["resident"])
    assert client.get(reverse("areas:area", args=[world.east_grid.code])).status_code == 404
    assert client.get("/api/v1/areas/households").json()["count"] == 0


def test_it_requires_login(client, world):
    page = client.get(reverse("areas:area", args=[world.east_grid.code]))
    assert page.status_code == 302
    assert client.get(f"/api/v1/areas/{world.east_grid.code}").status_code == 401


@pytest.mark.parametrize("register", ["areas", "compounds", "buildings", "households", "residents"])
def test_it_leaves_other_communities_out_of_exports(world, login, register):
    from areas.registers.tests.helpers import read_csv, read_xlsx

    client = login(world.users["outsider"])
    east = {
        world.east.code,
        world.east_grid.code,
        "EC1",
        world.east_building.code,
        *(h.code for h in world.east_households),
        *(f"{h.code}P1" for h in world.east_households),
    }
    exports = [
        read_csv(b"".join(client.get(f"/registers/{register}/export.csv").streaming_content)),
        read_xlsx(b"".join(client.get(f"/registers/{register}/export.xlsx").streaming_content)),
        read_csv(
            b"".join(
                client.get(f"/api/v1/registers/{register}/export?format=csv").streaming_content
            )
        ),
    ]
    for rows in exports:
        # The own grid's rows are there (compounds belong to the community, above the grid).
        assert len(rows) > 1 or register == "compounds", register
        cells = {str(v) for row in rows for v in row}
        assert not cells & east, (register, cells & east)
