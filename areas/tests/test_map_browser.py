"""The maps in the browser: a grid's map draws its service points with the legend and, zoomed
in, the buildings' footprints instead of their dots; the desk's case map draws the roads under
its grids with the area map's code and legend."""

from __future__ import annotations

from typing import Any

import pytest

from areas.models import Building, Road, RoadClass, ServiceKind, ServicePoint
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLAB = {
    "type": "Polygon",
    "coordinates": [
        [
            [120.6296, 28.0098],
            [120.6304, 28.0098],
            [120.6304, 28.0102],
            [120.6296, 28.0102],
            [120.6296, 28.0098],
        ]
    ],
}


def _town(world: Any) -> None:
    Road.objects.create(
        code="R1",
        name="江北大道",
        road_class=RoadClass.MAIN,
        area=world.subdistrict,
        geometry={"type": "LineString", "coordinates": [[120.6, 28.005], [120.66, 28.006]]},
    )
    ServicePoint.objects.create(
        code="S1",
        name="东社区党群服务中心",
        kind=ServiceKind.PARTY_CENTRE,
        area=world.east,
        lon=120.632,
        lat=28.012,
    )
    Building.objects.filter(pk=world.east_building.pk).update(footprint=SLAB, floors=18)


def test_a_grid_map_draws_service_points_and_footprints_close_in(
    world: Any, page: Any, browser_login: Any
) -> None:
    _town(world)
    browser_login(page, world.users["community_staff"].phone, PASSWORD)
    page.goto(f"{page.base}/areas/a/{world.east_grid.code}/")
    page.wait_for_selector("#area-map[data-ready='1']")
    assert page.locator("#area-map path.linli-service-party_centre").count() == 1
    assert "党群服务中心" in page.locator(".linli-legend").inner_text()
    assert "楼栋" in page.locator(".linli-legend").inner_text()
    footprint = page.locator("#area-map path.linli-footprint")
    dot = page.locator("#area-map path.linli-building")
    while not page.evaluate(
        "document.getElementById('area-map').classList.contains('linli-show-footprints')"
    ):
        page.locator(".leaflet-control-zoom-in").click()
        page.wait_for_timeout(350)
    assert footprint.is_visible() and not dot.is_visible()
    footprint.hover()
    assert "18层" in page.locator(".leaflet-tooltip").inner_text()


def test_the_case_map_draws_the_roads_under_its_grids(
    world: Any, page: Any, browser_login: Any
) -> None:
    _town(world)
    browser_login(page, world.users["community_staff"].phone, PASSWORD)
    page.goto(f"{page.base}/cases/desk/map/")
    page.wait_for_selector("#cases-map[data-geography='1']", timeout=20_000)
    assert page.locator("#cases-map path.linli-road-main").count() == 1
    assert "主干道" in page.locator("#cases-map .linli-legend").inner_text()
    # The roads lie in a pane below the grids and the cases.
    assert page.locator("#cases-map .leaflet-linli-geography-pane path.linli-road").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
