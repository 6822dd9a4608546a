"""A district leader drills down the dashboard's map, on a phone and on a desk: from the
district to its subdistrict, a community, a grid, the grid's cases and a case."""

from __future__ import annotations

import os
from typing import Any

import pytest

from cases.indicators.tests.fixtures import build
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def click_area(page: Any, name: str) -> None:
    """Click a coloured area on the map away from its middle (where a hotspot's circle lies)."""
    target = page.locator("#cockpit-map path.linli-filled").first
    page.wait_for_selector("#cockpit-map[data-ready='1']")
    assert name in page.locator("#cockpit-map .linli-area-name").first.inner_text()
    box = target.bounding_box()
    assert box is not None
    with page.expect_navigation():
        target.click(position={"x": box["width"] * 0.12, "y": box["height"] * 0.12})


@pytest.mark.parametrize("width", [390, 1280])
def test_a_district_leader_drills_from_the_map_to_a_case(
    page: Any, browser_login: Any, menu_go: Any, world: Any, settings: Any, width: int
) -> None:
    settings.LINLI_TILE_URL = ""
    build(world)
    page.set_viewport_size({"width": width, "height": 900})
    page.set_default_timeout(60_000)  # a shared, busy machine
    browser_login(page, world.users["district_staff"].phone, PASSWORD)
    menu_go(page, "/dashboard/")
    page.wait_for_selector("#cockpit-map[data-ready='1']")
    assert page.locator("#cockpit-map .leaflet-tile").count() == 0  # no tile server needed
    assert page.locator("#cockpit-legend li").count() >= 2
    assert page.locator("#cockpit-map path.cockpit-own").count() == 1  # the leader's own area
    page.wait_for_selector("[data-chart='flow'] canvas")
    # The breakdowns and the cards come after the first paint, charts drawn.
    page.wait_for_selector(
        "#trend-breakdowns:not([data-fragment]) [data-chart='categories'] canvas"
    )
    page.wait_for_selector("#cards:not([data-fragment]) #card-visits")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    goto = "?start=2026-03-01&end=2026-03-31"
    page.goto(page.base + "/dashboard/" + goto)
    page.wait_for_selector("#cockpit-map[data-ready='1']")
    for name in (world.subdistrict.name, world.east.name, world.east_grid.name):
        click_area(page, name)
    assert world.east_grid.name in page.locator("h1").inner_text()
    page.wait_for_selector("#cockpit-map[data-ready='1']")
    # The hotspots come after the first paint.
    # Their section replaces the placeholder; their circles go on the map and the legend.
    page.wait_for_selector("#hotspots:not([data-fragment]) table")
    page.wait_for_selector("#cockpit-map path.cockpit-hotspot")
    assert page.locator("#legend-hotspot").is_visible()
    if os.environ.get("LINLI_SCREENSHOTS"):
        page.screenshot(
            path=os.path.join(os.environ["LINLI_SCREENSHOTS"], f"dashboard-{width}.png"),
            full_page=True,
        )
    first = page.locator("#grid-cases tbody a").first
    number = first.inner_text()
    with page.expect_navigation():
        first.click()
    assert "/cases/" in page.url
    assert number in page.content()


def test_the_hotspots_come_after_the_page_and_can_be_tried_again(
    page: Any, browser_login: Any, world: Any, settings: Any
) -> None:
    settings.LINLI_TILE_URL = ""
    build(world)
    page.set_default_timeout(60_000)
    failures = [1]

    def once_broken(route: Any) -> None:
        if failures:
            failures.pop()
            route.fulfill(status=500, body="")
        else:
            route.continue_()

    page.route("**/dashboard/hotspots/*", once_broken)
    browser_login(page, world.users["district_staff"].phone, PASSWORD)
    page.goto(
        page.base + f"/dashboard/?area={world.east_grid.code}&start=2026-03-01&end=2026-03-31"
    )
    retry = page.locator("#hotspots [data-failed] a")
    retry.wait_for(state="visible")
    assert not page.locator("#hotspots [data-loading]").is_visible()
    assert page.locator("#cockpit-map path.cockpit-hotspot").count() == 0
    retry.click()
    page.wait_for_selector("#hotspots:not([data-fragment]) table")
    page.wait_for_selector("#cockpit-map path.cockpit-hotspot")
    assert "/dashboard/hotspots/" not in page.url  # tried again in place, not followed
