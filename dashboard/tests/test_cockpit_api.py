"""The dashboard's API: answers for the caller's areas, refusals elsewhere."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine

from accounts.models import ApiToken
from cases.indicators.tests.fixtures import at, build

API = "/api/v1/dashboard/cockpit"
MARCH = "start=2026-03-01&end=2026-03-31"


@pytest.fixture(autouse=True)
def _april() -> Any:
    with time_machine.travel(at(4, 2), tick=False):
        yield


def bearer(user: Any) -> dict[str, str]:
    _token, key = ApiToken.issue(user, "app")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_the_level_view_equals_the_indicators(world: Any, client: Any) -> None:
    build(world)
    auth = bearer(world.users["subdistrict_staff"])
    mine = client.get(f"{API}/view?{MARCH}", **auth)
    assert mine.status_code == 200
    theirs = client.get(f"/api/v1/cases/indicators/?{MARCH}", **auth).json()
    body = mine.json()
    assert body["area_code"] == world.subdistrict.code and body["level"] == "subdistrict"
    assert body["total"] == theirs["total"]
    assert [c["figures"] for c in body["children"]] == [
        r for r in theirs["rows"] if not r["own_area"]
    ]
    east = body["children"][0]
    assert east["households"] == 2
    assert east["reported_per_100"] == pytest.approx(east["figures"]["reported"] * 100 / 2)


def test_the_map_layer_hotspots_trends_and_cards(world: Any, client: Any) -> None:
    build(world)
    auth = bearer(world.users["district_staff"])
    layer = client.get(f"{API}/map?area={world.subdistrict.code}&{MARCH}&indicator=open", **auth)
    assert layer.status_code == 200
    assert {u["code"] for u in layer.json()["units"]} == {world.east.code, world.west.code}
    assert layer.json()["legend"]
    grids = client.get(f"{API}/map?{MARCH}&unit=grid", **auth).json()
    assert {u["code"] for u in grids["units"]} == {world.east_grid.code, world.west_grid.code}
    spots = client.get(f"{API}/hotspots?{MARCH}", **auth)
    assert spots.status_code == 200
    reported = client.get(f"{API}/view?{MARCH}", **auth).json()["total"]["reported"]
    assert spots.json()["cases"] == reported and "kernel density" in spots.json()["method"]
    # The fixture's east cases share one place: a hotspot holds them.
    assert 10 <= spots.json()["hotspots"][0]["cases"] <= reported
    other = client.get(f"{API}/hotspots?{MARCH}&category=Z9", **auth).json()
    assert other["cases"] == 0 and other["hotspots"] == []
    trend = client.get(f"{API}/trends?by=month&end=2026-03-31", **auth)
    assert trend.status_code == 200
    march = trend.json()["buckets"][-1]
    assert march["start"] == "2026-03-01" and march["reported"] == reported
    cards = client.get(f"{API}/cards", **auth)
    assert cards.status_code == 200
    assert set(cards.json()) >= {"visits", "campaigns", "volunteering", "points", "party"}


def test_it_refuses_areas_outside_the_callers_and_bad_input(world: Any, client: Any) -> None:
    auth = bearer(world.users["community_staff"])
    for path in ("view", "map", "hotspots", "trends", "cards"):
        assert client.get(f"{API}/{path}?area={world.west.code}", **auth).status_code == 404
        assert client.get(f"{API}/{path}?area={world.district.code}", **auth).status_code == 404
        assert client.get(f"{API}/{path}", **auth).status_code == 200, path
    assert client.get(f"{API}/map?indicator=wealth", **auth).status_code == 400
    assert client.get(f"{API}/map?unit=house", **auth).status_code == 400
    assert client.get(f"{API}/trends?by=year", **auth).status_code == 400
    assert client.get(f"{API}/view?start=2026-04-01&end=2026-03-01", **auth).status_code == 400
    assert client.get(f"{API}/view?start=x", **auth).status_code == 422
    resident = bearer(world.users["resident"])
    assert client.get(f"{API}/view", **resident).status_code == 404
    assert client.get(f"{API}/view").status_code in (401, 403)
