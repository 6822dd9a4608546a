"""Field work personas on top of `world` (tests.factories): the east grid's posted worker
(`grid_worker`), a party member with no role (`member`), community staff who manage
pairings, and the clock frozen on 2026-05-20 in Asia/Shanghai (the first half-year runs)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from core.timeutil import SHANGHAI

NOW = dt.datetime(2026, 5, 20, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _clock() -> Any:
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
