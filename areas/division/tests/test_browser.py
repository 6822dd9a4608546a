"""The plan page on a phone: both maps draw their grids."""

from __future__ import annotations

import pytest

from areas.division import actions
from areas.division.engine import Bounds
from areas.division.tests.helpers import populate
from tests.factories import PASSWORD


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_draws_todays_grids_and_the_proposal_on_a_phone(world, page, browser_login) -> None:
    populate(world)
    plan = actions.do_draft_plan(world.east, bounds=Bounds(), actor=world.users["community_staff"])
    browser_login(page, world.users["community_staff"].phone, PASSWORD)
    page.goto(f"{page.base}/division/plans/{plan.pk}/")
    # Each map fetches its own GeoJSON; wait for both before counting.
    page.wait_for_selector("#map-proposed path.leaflet-interactive", timeout=30_000)
    page.wait_for_selector("#map-current path.leaflet-interactive", timeout=30_000)
    assert page.locator("#map-proposed path.leaflet-interactive").count() == plan.grid_count
    assert page.locator("#map-current path.leaflet-interactive").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
