"""The demo district's map with no tile layer, as a newcomer first sees it: its two subdistricts
named side by side, the road names readable, the river showing, an office in every community;
a subdistrict's map draws its own communities with their service centres; a screenshot
is kept when LINLI_SCREENSHOTS names a folder. That the grids are not stripes is checked by the
geometry (`test_demo_town.stripe`), not by the pixels."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.conf import settings
from django.utils import translation
from shapely.geometry import shape

from areas.models import Area
from areas.tests.test_demo_town import stripe
from linli.demo import DEMO_PASSWORD, generate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_district_map_reads_as_a_town_without_tiles(
    page: Any, browser_login: Any, settings_tiles: None
) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        ctx = generate(scale=0.002, seed=7)
    subdistricts = ctx.data["subdistricts"]
    page.set_viewport_size({"width": 1280, "height": 900})
    browser_login(page, ctx.data["users"]["admin"].phone, DEMO_PASSWORD)
    page.goto(f"{page.base}/areas/a/{ctx.data['district'].code}/")
    page.wait_for_selector("#area-map[data-ready='1']")
    assert page.locator("#area-map .leaflet-tile").count() == 0  # no tile layer
    # Two subdistricts, side by side, each named on the map.
    assert page.locator("#area-map path.linli-boundary").count() == len(subdistricts) == 2
    named = page.locator("#area-map .linli-child-label")
    at = {named.nth(i).inner_text(): named.nth(i).bounding_box() for i in range(named.count())}
    assert set(at) == {"瓯北街道", "东瓯街道"}
    west, east = at["瓯北街道"], at["东瓯街道"]
    assert west and east and west["x"] + west["width"] <= east["x"]  # side by side, 瓯北 west
    labels = page.locator("#area-map .linli-road-label-main span")
    assert labels.count() >= 4
    names = {labels.nth(i).inner_text() for i in range(labels.count())}
    assert {"江北大道", "罗浮大街", "东瓯大道"} <= names
    # Each main road's name is on the map, not clipped away.
    box = page.locator("#area-map").bounding_box()
    assert box is not None
    shown = 0
    for i in range(labels.count()):
        at = labels.nth(i).bounding_box()
        if at and box["x"] <= at["x"] <= box["x"] + box["width"]:
            shown += 1
    assert shown >= 2
    water = page.locator("#area-map path.linli-water")
    assert water.count() == 1
    river = water.bounding_box()
    assert river is not None and river["y"] < box["y"] + box["height"]  # the river is in view
    assert page.locator("#area-map path.linli-service-party_centre").count() == len(
        ctx.data["communities"]
    )
    # Far out, the offices only: the other service points wait for zoom 15.
    assert page.locator("#area-map path.linli-service-bus_stop").count() > 0
    assert not page.locator("#area-map path.linli-service-bus_stop").first.is_visible()
    folder = os.environ.get("LINLI_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, "areas-district-map.png"))
    # A subdistrict's map: its own communities, an office in each.
    subdistrict = subdistricts[-1]
    own = [c for c in ctx.data["communities"] if c.parent_id == subdistrict.pk]
    page.goto(f"{page.base}/areas/a/{subdistrict.code}/")
    page.wait_for_selector("#area-map[data-ready='1']")
    assert page.locator("#area-map path.linli-boundary").count() == len(own) > 0
    assert page.locator("#area-map .linli-child-label").count() == 0  # names on hover there
    for grid in Area.objects.filter(level="grid").select_related("parent"):
        assert grid.parent is not None
        assert not stripe(shape(grid.boundary), shape(grid.parent.boundary)), grid.code


@pytest.fixture
def settings_tiles(settings: Any) -> None:
    settings.LINLI_TILE_URL = ""
