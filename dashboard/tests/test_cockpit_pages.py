"""The dashboard page: what it shows, who opens which level, its figures equal the
indicators', the drill down from the district to a grid's cases."""

from __future__ import annotations

import re
from typing import Any

import pytest
import time_machine

from cases.indicators.tests.fixtures import at, build

URL = "/dashboard/"
MARCH = "start=2026-03-01&end=2026-03-31"
NOW = at(4, 2)


@pytest.fixture(autouse=True)
def _april() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def test_it_shows_the_level_in_chinese_with_map_charts_and_cards(world: Any, login: Any) -> None:
    build(world)
    response = login(world.users["subdistrict_staff"]).get(f"{URL}?{MARCH}")
    assert response.status_code == 200
    text = response.content.decode()
    assert "驾驶舱" in text
    for part in ("cockpit-map", "cockpit-layers", "hotspots", "trends", "trend-breakdowns"):
        assert part in text, part
    # The cards and the breakdowns come after the first paint, each from its own URL.
    cards = re.search(r'id="cards" data-fragment="([^"]+)"', text)
    assert cards
    fragment = login(world.users["subdistrict_staff"]).get(cards.group(1).replace("&amp;", "&"))
    for part in ("card-visits", "card-campaigns", "card-volunteering", "card-points", "card-party"):
        assert part in fragment.content.decode(), part
    assert "echarts.min.js" in text
    assert world.east.name in text and world.west.name in text
    assert "90.9%" in text  # the indicators' closure rate of the subdistrict


def test_its_figures_are_the_indicators(world: Any, login: Any) -> None:
    build(world)
    client = login(world.users["subdistrict_staff"])
    mine = client.get(f"{URL}?{MARCH}").context
    theirs = client.get(f"/cases/indicators/?{MARCH}").context
    assert mine["report"].total.as_dict() == theirs["report"].total.as_dict()
    assert [u.row.as_dict() for u in mine["units"]] == [
        r.as_dict() for r in theirs["report"].rows if not r.own
    ]


@pytest.mark.parametrize("who", ["resident", "grid_worker", "outsider"])
def test_it_hides_the_dashboard_from_non_staff(world: Any, login: Any, who: str) -> None:
    assert login(world.users[who]).get(URL).status_code == 404


def test_a_community_staff_member_opens_only_their_community(world: Any, login: Any) -> None:
    client = login(world.users["community_staff"])
    assert client.get(URL).context["area"] == world.east  # their own by default
    assert client.get(f"{URL}?area={world.east_grid.code}").status_code == 200
    for other in (world.west, world.west_grid, world.subdistrict, world.district):
        assert client.get(f"{URL}?area={other.code}").status_code == 404, other.code
    assert client.get(f"{URL}?area=999").status_code == 404


def test_it_refuses_a_bad_period_or_indicator(world: Any, login: Any) -> None:
    client = login(world.users["community_staff"])
    assert client.get(f"{URL}?start=2026-04-01&end=2026-03-01").status_code == 400
    assert client.get(f"{URL}?indicator=wealth").status_code == 400
    assert client.get(f"{URL}?by=year").status_code == 400


def test_a_district_leader_drills_down_to_a_case(world: Any, login: Any) -> None:
    cases = build(world)
    client = login(world.users["district_staff"])
    url = f"{URL}?{MARCH}"
    for child in (world.subdistrict, world.east, world.east_grid):
        page = client.get(url)
        assert page.status_code == 200
        found = re.search(rf'href="(\?area={child.code}[^"]*)"', page.content.decode())
        assert found, child.code
        url = URL + found.group(1).replace("&amp;", "&")
    page = client.get(url)
    assert page.context["area"] == world.east_grid
    shown = page.context["grid_cases"]
    assert shown and all(c.area_code.startswith(world.east_grid.code) for c in shown)
    first = shown[0]
    assert f'href="/cases/{first.pk}/"' in page.content.decode()
    assert client.get(f"/cases/{first.pk}/").status_code == 200
    assert cases  # the fixture's cases


def test_the_map_colours_the_children_with_a_legend(world: Any, login: Any) -> None:
    build(world)
    client = login(world.users["subdistrict_staff"])
    page = client.get(f"{URL}?{MARCH}&indicator=on_time_rate")
    layer = page.context["layer"]
    assert {u["code"] for u in layer["units"]} == {world.east.code, world.west.code}
    east = next(u for u in layer["units"] if u["code"] == world.east.code)
    assert east["shown"] == "70.0%"
    assert layer["legend"]
    features = page.context["map"]["children"]["features"]
    assert all(f["properties"]["fill"].startswith("#") for f in features)
    assert all(f["properties"]["url"].startswith("/dashboard/?area=") for f in features)
    assert page.context["map"]["own"]["features"][0]["properties"]["code"] == world.subdistrict.code
    # Every grid, coloured, under the subdistrict.
    grids = client.get(f"{URL}?{MARCH}&unit=grid").context["layer"]["units"]
    assert {u["code"] for u in grids} == {world.east_grid.code, world.west_grid.code}


def test_the_old_indicators_page_links_to_the_dashboard(world: Any, login: Any) -> None:
    page = login(world.users["community_staff"]).get("/cases/indicators/")
    assert 'id="to-dashboard"' in page.content.decode()


def test_the_menu_and_the_home_line_lead_an_office_user_to_it(world: Any, login: Any) -> None:
    build(world)
    client = login(world.users["community_staff"])
    home = client.get("/").content.decode()
    assert 'href="/dashboard/"' in home
    assert 'data-line="dashboard.open"' in home
    assert 'href="/dashboard/"' not in login(world.users["resident"]).get("/").content.decode()


def test_it_prints_without_the_menu(world: Any, login: Any) -> None:
    from pathlib import Path

    css = Path("dashboard/static/dashboard/cockpit.css").read_text()
    assert "@media print" in css and "size: A4" in css and ".topbar" in css


def test_it_renders_with_a_bounded_number_of_queries(
    world: Any, login: Any, django_assert_max_num_queries: Any
) -> None:
    build(world)
    client = login(world.users["subdistrict_staff"])
    client.get(URL)
    # Fixed, whatever the cases: the indicators' three queries (and their child areas) for the
    # period and for each of the 12 trend buckets; the cards' own apps' figures.
    with django_assert_max_num_queries(40):
        client.get(f"{URL}?{MARCH}")


def test_the_first_paint_reads_no_breakdown_cards_or_hotspots(
    world: Any, login: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What scans cases or asks other apps waits for its own request; the page's trends are
    the roll-ups' series, and the breakdowns' fragment holds the same buckets' breakdowns as
    the trends API."""
    from dashboard.cockpit import cards, hotspots, trends

    build(world)

    def not_now(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the first paint waited for a later part")

    client = login(world.users["subdistrict_staff"])
    with monkeypatch.context() as m:
        for module, name in ((trends, "break_down"), (cards, "cards"), (hotspots, "analyse")):
            m.setattr(module, name, not_now)
        page = client.get(f"{URL}?{MARCH}&by=month")
    assert page.status_code == 200
    assert set(page.context["trend_chart"]) == {"names", "flow", "rates", "ratings"}
    part = client.get(f"/dashboard/breakdowns/?{MARCH}&by=month")
    assert part.status_code == 200 and 'id="trend-breakdowns"' in part.content.decode()
    chart = part.context["trend_chart"]
    api = client.get(
        f"/api/v1/dashboard/cockpit/trends?area={world.subdistrict.code}&by=month&end=2026-03-31"
    ).json()
    assert sum(map(sum, (s["data"] for s in chart["categories"]))) == sum(
        b["reported"] for b in api["buckets"]
    )
    assert chart["names"] == page.context["trend_chart"]["names"]


@pytest.mark.parametrize("part", ["breakdowns", "cards"])
def test_the_later_parts_are_scoped_and_checked_like_the_page(
    world: Any, login: Any, part: str
) -> None:
    client = login(world.users["community_staff"])
    assert client.get(f"/dashboard/{part}/?area={world.east.code}").status_code == 200
    assert client.get(f"/dashboard/{part}/?area={world.west.code}").status_code == 404
    assert client.get(f"/dashboard/{part}/?start=2026-04-01&end=2026-03-01").status_code == 400
    assert login(world.users["resident"]).get(f"/dashboard/{part}/").status_code == 404


def test_the_page_speaks_chinese(world: Any, login: Any) -> None:
    from tests.i18n import english_words, visible_text

    build(world)
    client = login(world.users["district_staff"])
    for area in (world.district, world.east, world.east_grid):
        for url in (URL, "/dashboard/breakdowns/", "/dashboard/cards/"):
            page = client.get(f"{url}?area={area.code}&{MARCH}")
            assert english_words(visible_text(page)) == set(), (area.code, url)
