"""The dashboard's hotspot section: not on the page's first answer, but a fragment of its own
(`/dashboard/hotspots/`), scoped and checked like the page, with the map's circles in it."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import time_machine

from cases.indicators.tests.fixtures import at, build
from cases.models import Case, Category

PAGE = "/dashboard/"
URL = "/dashboard/hotspots/"
MARCH = "start=2026-03-01&end=2026-03-31"


@pytest.fixture(autouse=True)
def _april() -> Any:
    with time_machine.travel(at(4, 2), tick=False):
        yield


def cluster(world: Any, n: int = 8) -> list[Case]:
    """`n` cases at one spot of the west grid, one category, three days apart through March
    (so a hotspot and a recurring place)."""
    category = Category.objects.get(code="S0101")
    grid = world.west_grid
    return [
        Case.objects.create(
            channel="app",
            category=category,
            description="垃圾",
            lon=120.612,
            lat=28.005,
            area=grid,
            area_code=grid.code,
            status="reported",
            reported_at=at(3, 2 + 3 * i),
        )
        for i in range(n)
    ]


def test_the_page_does_not_look_for_hotspots(world: Any, login: Any, monkeypatch: Any) -> None:
    from dashboard.cockpit import hotspots

    def slow(*args: Any) -> Any:
        raise AssertionError("the page ran the hotspot analysis")

    monkeypatch.setattr(hotspots, "analyse", slow)
    build(world)
    page = login(world.users["subdistrict_staff"]).get(f"{PAGE}?{MARCH}&category=S01")
    assert page.status_code == 200
    text = page.content.decode()
    assert "正在计算热点" in text
    # The section's address keeps the page's area, period and category (the no-JS link).
    found = re.search(r'data-fragment="([^"]+)"', text)
    assert found
    url = found.group(1).replace("&amp;", "&")
    assert url.startswith(URL) and f"area={world.subdistrict.code}" in url
    assert "start=2026-03-01" in url and "end=2026-03-31" in url and "category=S01" in url
    assert f'href="{found.group(1)}"' in text


def test_it_lists_a_hand_made_cluster_with_its_cases(world: Any, login: Any) -> None:
    made = cluster(world)
    client = login(world.users["subdistrict_staff"])
    response = client.get(f"{URL}?area={world.west.code}&{MARCH}")
    assert response.status_code == 200
    text = response.content.decode()
    assert "<html" not in text and text.lstrip().startswith('<section class="card" id="hotspots"')
    (spot, links), *others = response.context["hotspots"]
    assert spot.cases == len(made) and others == []
    assert {c.pk for c in links} == {c.pk for c in made}
    for case in made:
        assert f'href="/cases/{case.pk}/"' in text
    (place, _links), *_ = response.context["places"]
    assert place.cases == len(made) and place.weeks >= 3
    assert 'id="recurring"' in text
    # The map's circles, for cockpit.js.
    points = re.search(r'<script id="cockpit-hotspot-points" type="application/json">(.*?)</', text)
    assert points
    drawn = json.loads(points.group(1))
    assert drawn["radius"] > 0 and drawn["label"] == "热点"
    assert [p["cases"] for p in drawn["points"]] == [len(made)]
    assert abs(drawn["points"][0]["lon"] - 120.6121) < 0.002


def test_a_category_narrows_it(world: Any, login: Any) -> None:
    cluster(world)
    client = login(world.users["subdistrict_staff"])
    response = client.get(f"{URL}?area={world.west.code}&{MARCH}&category=Z9")
    assert response.context["hotspots"] == [] and response.context["n_points"] == 0
    assert "0 件案件中没有热点" in response.content.decode()
    found = re.search(r'"application/json">(.*?)</', response.content.decode())
    assert found and json.loads(found.group(1))["points"] == []
    same = client.get(f"{URL}?area={world.west.code}&{MARCH}&category=S01")
    assert len(same.context["hotspots"]) == 1  # a top category covers its children


def test_a_community_staff_member_gets_only_their_community(world: Any, login: Any) -> None:
    cluster(world)
    client = login(world.users["community_staff"])
    assert client.get(f"{URL}?{MARCH}").context["area"] == world.east  # their own by default
    assert client.get(f"{URL}?area={world.east_grid.code}&{MARCH}").status_code == 200
    for other in (world.west, world.west_grid, world.subdistrict, world.district):
        assert client.get(f"{URL}?area={other.code}&{MARCH}").status_code == 404, other.code


@pytest.mark.parametrize("who", ["resident", "grid_worker", "outsider"])
def test_it_is_hidden_from_non_staff(world: Any, login: Any, who: str) -> None:
    assert login(world.users[who]).get(URL).status_code == 404


def test_it_needs_a_sign_in(client: Any, world: Any) -> None:
    assert client.get(URL).status_code == 302


@pytest.mark.parametrize(
    "asked",
    ["start=2026-13-01", "start=2026-04-01&end=2026-03-01", "indicator=wealth", "by=year"],
)
def test_it_refuses_a_bad_period(world: Any, login: Any, asked: str) -> None:
    response = login(world.users["community_staff"]).get(f"{URL}?{asked}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")


def test_a_link_followed_without_javascript_gets_a_whole_page(world: Any, login: Any) -> None:
    cluster(world)
    client = login(world.users["subdistrict_staff"])
    asked = f"{URL}?area={world.west.code}&{MARCH}&indicator=closure_rate&by=month"
    response = client.get(asked, headers={"Sec-Fetch-Dest": "document"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "<html" in text and 'id="hotspots"' in text and "Sec-Fetch-Dest" in response["Vary"]
    back = f'href="{PAGE}?area={world.west.code}&amp;start=2026-03-01&amp;end=2026-03-31'
    assert back + '&amp;indicator=closure_rate&amp;by=month"' in text
    # Its category form keeps the page's choices.
    assert 'name="indicator" value="closure_rate"' in text and 'name="by" value="month"' in text


def test_it_speaks_chinese(world: Any, login: Any) -> None:
    from tests.i18n import english_words, visible_text

    cluster(world)
    client = login(world.users["district_staff"])
    for area in (world.district, world.west, world.west_grid):
        for headers in ({}, {"Sec-Fetch-Dest": "document"}):
            response = client.get(f"{URL}?area={area.code}&{MARCH}", headers=headers)
            assert english_words(visible_text(response)) == set(), area.code


def test_it_answers_with_a_bounded_number_of_queries(
    world: Any, login: Any, django_assert_max_num_queries: Any
) -> None:
    cluster(world)
    build(world)
    client = login(world.users["subdistrict_staff"])
    client.get(f"{URL}?{MARCH}")
    # The user and session, the area, the points, their categories, the recurring places'
    # buildings and addresses, the linked cases, the category menu.
    with django_assert_max_num_queries(12):
        client.get(f"{URL}?{MARCH}")
