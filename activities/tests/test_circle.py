"""The 15-minute service circle: walks along the roads, the fallback without roads and its
label, a community's coverage counted by hand, who may open whose circle, and the API.

The world's east community holds building B1 (2 households, at 120.63, 28.01) and here B2
(3 households, at 120.622, 28.001). A street runs east-west at latitude 28.009 and a road
north along longitude 120.635; the clinic stands on that road at 28.014: from B1 a hop of
~111 m to the street, ~491 m east, ~557 m north (~1160 m, inside 15 minutes at 80 m a minute,
outside 10); from B2 a hop of ~890 m to the street first, so it lies outside both."""

from __future__ import annotations

from typing import Any

import pytest

from activities.tests.conftest import CLINIC, add_roads
from areas.location import metres
from areas.nearby import circle
from tests.factories import World


def _clinic_share(world: World, minutes: int) -> tuple[int, int, str]:
    cov = circle.coverage(world.east, minutes=minutes)
    [row] = [k for k in cov.kinds if k.kind.key == "clinic"]
    return row.covered, row.households, cov.method.key


def test_it_walks_to_the_clinic_along_the_roads(roads: World) -> None:
    b1 = roads.east_building
    answer = circle.near(b1.lon, b1.lat, minutes=15, scope=roads.subdistrict, community=roads.east)
    assert answer.method.key == "roads"
    [(kind, [found])] = [(k, f) for k, f in answer.groups if k.key == "clinic"]
    hand = 111.2 + metres(120.63, 28.009, 120.635, 28.009) + metres(120.635, 28.009, *CLINIC)
    assert found.metres == pytest.approx(hand, abs=3)
    assert found.metres > metres(b1.lon, b1.lat, *CLINIC) * 1.5
    assert found.minutes == 15
    assert circle.near(b1.lon, b1.lat, minutes=10, scope=roads.subdistrict).groups == []


def test_it_counts_the_coverage_by_hand(roads: World) -> None:
    assert _clinic_share(roads, 15) == (2, 5, "roads")  # B1's two households, not B2's three
    assert _clinic_share(roads, 10) == (0, 5, "roads")


def test_it_falls_back_to_the_straight_line_without_roads(place: World) -> None:
    # B1: ~663 m straight × 1.3 ≈ 862 m: inside 15 minutes, not 10; B2: ~1930 m × 1.3, outside.
    assert _clinic_share(place, 15) == (2, 5, "straight")
    assert _clinic_share(place, 10) == (0, 5, "straight")
    b1 = place.east_building
    answer = circle.near(b1.lon, b1.lat, minutes=15, scope=place.subdistrict, community=place.east)
    assert answer.method.key == "straight" and answer.method.detour == 1.3
    assert "1.3" in answer.method.label


def test_it_rebuilds_the_network_when_a_road_is_added(place: World) -> None:
    assert _clinic_share(place, 15)[2] == "straight"
    add_roads(place)
    assert _clinic_share(place, 15) == (2, 5, "roads")


def test_it_shows_a_resident_the_clinic_near_their_household(roads: World, login: Any) -> None:
    page = login(roads.users["resident"]).get("/activities/circle/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-kind="clinic"' in html and "东社区卫生服务站" in html
    assert 'data-method="roads"' in html
    assert roads.east_households[0].address in html


def test_it_labels_the_fallback_on_the_page(place: World, login: Any) -> None:
    html = login(place.users["resident"]).get("/activities/circle/").content.decode()
    assert 'data-method="straight"' in html


def test_it_keeps_a_resident_to_their_own_household(roads: World, login: Any) -> None:
    client = login(roads.users["resident"])
    assert (
        client.get(f"/activities/circle/?household={roads.west_households[0].code}").status_code
        == 404
    )
    assert (
        client.get(f"/activities/circle/?household={roads.east_households[1].code}").status_code
        == 404
    )
    assert (
        client.get(f"/activities/circle/?household={roads.east_households[0].code}").status_code
        == 200
    )
    assert client.get("/activities/circle/coverage/").status_code == 404


def test_it_keeps_staff_to_their_area(roads: World, login: Any) -> None:
    outsider = login(roads.users["outsider"])
    assert (
        outsider.get(f"/activities/circle/?household={roads.east_households[0].code}").status_code
        == 404
    )
    assert (
        outsider.get(f"/activities/circle/?household={roads.west_households[0].code}").status_code
        == 200
    )
    worker = login(roads.users["grid_worker"])
    assert (
        worker.get(f"/activities/circle/?household={roads.east_households[1].code}").status_code
        == 200
    )
    assert worker.get("/activities/circle/?lon=120.63&lat=28.01").status_code == 200
    assert worker.get("/activities/circle/coverage/").status_code == 404  # not a whole community


def test_it_shows_the_coverage_to_community_staff(roads: World, login: Any) -> None:
    client = login(roads.users["community_staff"])
    html = client.get("/activities/circle/coverage/?kind=clinic").content.decode()
    assert 'data-kind="clinic" data-share="40"' in html
    assert "2 / 5" in html
    assert (
        client.get(f"/activities/circle/coverage/?community={roads.west.code}").status_code == 404
    )
    assert (
        login(roads.users["subdistrict_staff"])
        .get(f"/activities/circle/coverage/?community={roads.west.code}")
        .status_code
        == 200
    )


def test_it_answers_the_api(roads: World, login: Any) -> None:
    client = login(roads.users["resident"])
    body = client.get("/api/v1/activities/circle").json()
    assert body["household"] == roads.east_households[0].code and body["method"]["key"] == "roads"
    [clinic] = [k for k in body["kinds"] if k["kind"] == "clinic"]
    assert (
        clinic["places"][0]["minutes"] == 15 and clinic["places"][0]["name"] == "东社区卫生服务站"
    )
    assert client.get("/api/v1/activities/circle?minutes=7").status_code == 400
    assert (
        client.get(
            f"/api/v1/activities/circle?household={roads.west_households[0].code}"
        ).status_code
        == 404
    )
    assert client.get("/api/v1/activities/circle?lon=120.63&lat=28.01").status_code == 403
    assert (
        client.get(f"/api/v1/activities/circle/coverage?community={roads.east.code}").status_code
        == 404
    )

    staff = login(roads.users["community_staff"])
    near = staff.get("/api/v1/activities/circle?lon=120.63&lat=28.01&minutes=10").json()
    assert near["household"] is None and near["minutes"] == 10 and near["kinds"] == []
    assert staff.get("/api/v1/activities/circle?lon=0&lat=0").status_code == 400
    cov = staff.get(f"/api/v1/activities/circle/coverage?community={roads.east.code}").json()
    [row] = [k for k in cov["kinds"] if k["kind"] == "clinic"]
    assert (row["covered"], row["households"], row["share"]) == (2, 5, 0.4)
    assert (
        staff.get(f"/api/v1/activities/circle/coverage?community={roads.west.code}").status_code
        == 404
    )


def test_it_refuses_someone_without_a_household(world: World, login: Any) -> None:
    from accounts.roles import Role

    volunteer = world.user(Role.VOLUNTEER, world.east, "13700000099")
    client = login(volunteer)
    assert client.get("/activities/circle/").status_code == 404
    assert client.get("/api/v1/activities/circle").status_code == 404


def test_it_reads_the_coverage_in_queries_that_do_not_grow_with_buildings(
    roads: World, login: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from areas.models import Building, Household

    client = login(roads.users["community_staff"])
    url = f"/activities/circle/coverage/?community={roads.east.code}&kind=clinic"
    client.get(url)  # the network is built and kept
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(6):
        b = Building.objects.create(
            code=f"EX{n}", name=f"新楼{n}", community=roads.east, lon=120.63 + n * 0.001, lat=28.012
        )
        Household.objects.create(code=f"EX{n}H1", building=b, address=f"新楼{n}101室")
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert len(many) == len(few)
    assert "/ 11</td>" in page.content.decode()  # the new households are counted


def test_it_links_the_circle_from_a_residents_home(world: World, login: Any) -> None:
    assert "data-circle-link" in login(world.users["resident"]).get("/").content.decode()
    assert "data-circle-link" not in login(world.users["community_staff"]).get("/").content.decode()
