"""Field work personas on top of `world` (tests.factories): the east grid's posted worker
(`grid_worker`), a party member with no role (`member`), community staff who manage
pairings, and the clock frozen on 2026-05-20 in Asia/Shanghai (the first half-year runs) for
the visits and pairings tests; the patrol and campaign tests set their own clocks. `spot` is a
key spot of the east grid for patrols."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from core.timeutil import SHANGHAI

NOW = dt.datetime(2026, 5, 20, 10, 0, tzinfo=SHANGHAI)


# Modules from the patrols and campaigns side: they freeze the clock themselves where needed.
OWN_CLOCK = {
    "test_campaigns",
    "test_language",
    "test_patrols",
    "test_patrols_api",
    "test_patrols_browser",
    "test_patrols_demo",
    "test_patrols_pages",
    "test_race",
    "test_registers",
}


@pytest.fixture(autouse=True)
def _clock(request: Any) -> Any:
    if request.module.__name__.rsplit(".", 1)[-1] in OWN_CLOCK:
        yield
        return
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def member(world: Any) -> Any:
    """A party member of the east with an account but no role."""
    from accounts.models import User
    from party.models import BranchKind, OrgLevel, PartyMember, PartyOrganisation

    org = PartyOrganisation.objects.create(
        name="东网格党支部", level=OrgLevel.BRANCH, kind=BranchKind.GRID, area=world.east_grid
    )
    user = User.objects.create_user(phone="13700000100", password="x", name="党员甲")
    PartyMember.objects.create(name="党员甲", organisation=org, user=user)
    return user


@pytest.fixture
def spot(world: Any) -> Any:
    from fieldwork.models import KeySpot

    return KeySpot.objects.create(
        code="KS1", name="东花园配电房", grid=world.east_grid, kind="配电房", lon=120.63, lat=28.012
    )
