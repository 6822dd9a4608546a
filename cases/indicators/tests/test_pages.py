from __future__ import annotations

from typing import Any

import pytest

from accounts.models import ApiToken
from cases.indicators.tests.fixtures import build

URL = "/cases/indicators/"
API = "/api/v1/cases/indicators/"
MARCH = "start=2026-03-01&end=2026-03-31"


def test_it_shows_the_table_and_chart_in_chinese(world: Any, login: Any) -> None:
    build(world)
    client = login(world.users["subdistrict_staff"])
    response = client.get(f"{URL}?{MARCH}")
    assert response.status_code == 200
    text = response.content.decode()
    assert "结案率" in text
    assert "按期结案率" in text
    assert world.east.name in text and world.west.name in text
    assert "indicator-chart" in text
    assert "90.9%" in text  # 10 closed of 11 due in the subdistrict


def test_it_drills_down_to_a_community(world: Any, login: Any) -> None:
    build(world)
    client = login(world.users["community_staff"])
    response = client.get(f"{URL}?area={world.east.code}&{MARCH}")
    assert response.status_code == 200
    assert "90.0%" in response.content.decode()
    assert "70.0%" in response.content.decode()


@pytest.mark.parametrize("who", ["resident", "grid_worker", "outsider"])
def test_it_hides_the_page_from_non_staff(world: Any, login: Any, who: str) -> None:
    assert login(world.users[who]).get(URL).status_code == 404


def test_it_hides_areas_outside_the_users(world: Any, login: Any) -> None:
    client = login(world.users["community_staff"])
    assert client.get(f"{URL}?area={world.west.code}").status_code == 404
    assert client.get(f"{URL}?area={world.subdistrict.code}").status_code == 404
    assert client.get(f"{URL}?area=999").status_code == 404


def test_it_refuses_a_bad_period(world: Any, login: Any) -> None:
    client = login(world.users["community_staff"])
    response = client.get(f"{URL}?start=2026-04-01&end=2026-03-01")
    assert response.status_code == 400
    response = client.get(f"{URL}?start=tomorrow")
    assert response.status_code == 400


def test_it_renders_with_a_fixed_number_of_queries(
    world: Any, login: Any, django_assert_max_num_queries: Any
) -> None:
    build(world)
    client = login(world.users["subdistrict_staff"])
    client.get(URL)
    # Cases' figures, then field work's (visit coverage, patrols and campaigns): fixed, not per area.
    with django_assert_max_num_queries(14):
        client.get(f"{URL}?{MARCH}")


def test_it_answers_the_api_with_a_token(world: Any, client: Any) -> None:
    build(world)
    _token, key = ApiToken.issue(world.users["subdistrict_staff"], "app")
    response = client.get(f"{API}?{MARCH}", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    body = response.json()
    assert body["area_code"] == world.subdistrict.code
    assert body["total"]["due"] == 11
    east = body["rows"][0]
    assert east["closure_rate"] == pytest.approx(0.9)
    assert east["on_time_rate"] == pytest.approx(0.7)
    assert east["rework_rate"] == pytest.approx(0.25)
    assert east["level_shares"]["grid"] == pytest.approx(5 / 9)


def test_it_scopes_the_api(world: Any, login: Any) -> None:
    client = login(world.users["community_staff"])
    assert client.get(f"{API}?area={world.west.code}").status_code == 404
    assert client.get(f"{API}?start=2026-04-01&end=2026-03-01").status_code == 400
    assert client.get(f"{API}?start=nonsense").status_code == 422
    assert login(world.users["resident"]).get(API).status_code == 404


def test_it_lists_the_page_in_the_staff_navigation(world: Any, login: Any) -> None:
    text = login(world.users["community_staff"]).get("/").content.decode()
    assert URL in text
    assert URL not in login(world.users["resident"]).get("/").content.decode()


def test_it_opens_on_the_last_30_days(world: Any, login: Any) -> None:
    """Early in a month "this month" is empty; the page opens on the last 30 days, and says so."""
    import time_machine

    build(world)
    with time_machine.travel("2026-04-02 10:00 +0800", tick=False):
        text = login(world.users["community_staff"]).get(URL).content.decode()
    assert 'name="start" value="2026-03-04"' in text
    assert 'name="end" value="2026-04-02"' in text
    assert '<strong aria-current="true">近 30 天</strong>' in text
    assert "90.0%" in text  # the March cases count, as for the whole of March
