"""The plan page on a phone: both maps draw their grids, over the roads (the area map's layer)."""

from __future__ import annotations

import pytest

from areas.division import actions
from areas.division.engine import Bounds
from areas.division.tests.helpers import populate
from areas.models import Road, RoadClass
from tests.factories import PASSWORD


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_draws_todays_grids_and_the_proposal_on_a_phone(world, page, browser_login) -> None:
    populate(world)
    Road.objects.create(
        code="R1",
        name="江北大道",
        road_class=RoadClass.MAIN,
        area=world.subdistrict,
        geometry={"type": "LineString", "coordinates": [[120.6, 28.005], [120.66, 28.006]]},
    )
    plan = actions.do_draft_plan(world.east, bounds=Bounds(), actor=world.users["community_staff"])
    browser_login(page, world.users["community_staff"].phone, PASSWORD)
    page.goto(f"{page.base}/division/plans/{plan.pk}/")
    # Each map fetches its own GeoJSON; wait for both before counting.
    page.wait_for_selector("#map-proposed path.leaflet-interactive", timeout=30_000)
    page.wait_for_selector("#map-current path.leaflet-interactive", timeout=30_000)
    assert page.locator("#map-proposed path.leaflet-interactive").count() == plan.grid_count
    assert page.locator("#map-current path.leaflet-interactive").count() == 1
    for which in ("current", "proposed"):
        page.wait_for_selector(f"#map-{which}[data-geography='1']", timeout=30_000)
        assert page.locator(f"#map-{which} path.linli-road-main").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
