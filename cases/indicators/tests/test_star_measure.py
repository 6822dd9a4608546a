"""The star rating's "cases closed on time" item: the on-time closure rate of the branch's
area in the year, by the indicators' definitions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from cases.indicators.compute import compute
from cases.indicators.selectors import bounds
from cases.indicators.tests.fixtures import START, build
from cases.stars import cases_on_time
from party.models import OrgLevel, PartyOrganisation
from party.stars.measures import get


def test_a_branch_scores_the_on_time_closures_of_its_area(world: Any) -> None:
    build(world)
    east = PartyOrganisation.objects.create(
        name="东网格党支部", level=OrgLevel.BRANCH, area=world.east_grid
    )
    west = PartyOrganisation.objects.create(
        name="西网格党支部", level=OrgLevel.BRANCH, area=world.west_grid
    )
    found = cases_on_time([east, west], START.year)
    # What the indicators page shows for the grid over the whole year (1 Jan – 31 Dec).
    year = compute(world.east_grid, *bounds(dt.date(START.year, 1, 1), dt.date(START.year, 12, 31)))
    assert year.total.due > 0
    assert found[east.pk] == round(Decimal(year.total.on_time * 100) / year.total.due, 2)
    assert found[east.pk] == Decimal("66.67")
    assert cases_on_time([east], START.year - 1) == {east.pk: Decimal(0)}  # nothing due then
    assert get("cases_on_time").compute is cases_on_time
