"""Community staff log in through the real form, walk down to a grid and see its map and
households, on a desktop and on a 390 px phone; another community's grid stays closed."""

from __future__ import annotations

import os
from typing import Any

import pytest

from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page: Any, name: str) -> None:
    folder = os.environ.get("LINLI_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"areas-{name}.png"), full_page=True)


@pytest.mark.parametrize("width", [1280, 390])
def test_it_walks_from_home_to_a_grid_and_shows_its_map_and_households(
    world: Any, page: Any, browser_login: Any, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    staff = world.users["community_staff"]
    browser_login(page, staff.phone, PASSWORD)
    assert page.url == page.base + "/"
    assert staff.name in page.locator("h1").inner_text()

    with page.expect_navigation():  # the home page's panel of the staff's own community
        page.click(f"section[data-panel=staff] a[href='/areas/a/{world.east.code}/']")
    assert world.east.name in page.locator("h1").inner_text()
    page.click(f"table a[href='/areas/a/{world.east_grid.code}/']")
    page.wait_for_url(f"**/areas/a/{world.east_grid.code}/")
    assert world.east_grid.name in page.locator("h1").inner_text()

    # Leaflet drew the grid's boundary and its one building as SVG paths.
    page.wait_for_selector("#area-map[data-ready='1']")
    assert page.locator("#area-map .leaflet-pane svg path.linli-outline").count() == 1
    assert page.locator("#area-map path.linli-building").count() == 1
    box = page.locator("#area-map path.linli-outline").bounding_box()
    assert box is not None and box["width"] > 50 and box["height"] > 50
    # The building marker opens a popup with a link to the building.
    page.locator("#area-map path.linli-building").click()
    popup = page.locator(".leaflet-popup-content a")
    assert popup.inner_text() == world.east_building.name

    households = page.locator("#households").inner_text()
    for h in world.east_households:
        assert h.address in households
    for h in world.west_households:
        assert h.address not in households
    assert world.users["grid_worker"].name in page.locator("#workers").inner_text()
    # Nothing is wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shot(page, f"grid-{width}")

    page.click(f"#households a[href='/areas/h/{world.east_households[0].code}/']")
    assert world.east_households[0].address in page.locator("h1").inner_text()


def test_it_keeps_another_communitys_grid_closed(world: Any, page: Any, browser_login: Any) -> None:
    browser_login(page, world.users["community_staff"].phone, PASSWORD)
    response = page.goto(f"{page.base}/areas/a/{world.west_grid.code}/")
    assert response is not None and response.status == 404
    assert world.west_grid.name not in page.content()
    assert world.west_households[0].address not in page.content()
    page.goto(f"{page.base}/areas/a/{world.subdistrict.code}/")
    assert page.locator("#area-map").count() == 0
