"""Two workers recording the same household at once, on PostgreSQL: one record wins, the
other is told (409), and the row holds one record."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection

from core.models import AuditEntry
from core.refusal import Conflict
from fieldwork.actions import do_launch_campaign, do_record_household, do_start_patrol
from fieldwork.models import CampaignHousehold, Outcome, Patrol
from tests.race import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_it_lets_one_of_two_workers_record_a_household(world: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    from core import timeutil

    today = timeutil.today()
    campaign = do_launch_campaign(
        name="敲门行动",
        area=world.east,
        starts_on=today,
        ends_on=today + dt.timedelta(days=7),
        actor=world.users["community_staff"],
    )
    row = CampaignHousehold.objects.get(campaign=campaign, household=world.east_households[0])
    actors = [world.users["grid_worker"], world.users["community_staff"]]
    outcomes = [Outcome.NOT_HOME, Outcome.VACANT]
    results = race(
        lambda i: do_record_household(row, outcome=outcomes[i], revision=0, actor=actors[i])
    )
    wins = [r for r in results if isinstance(r, CampaignHousehold)]
    losses = [r for r in results if isinstance(r, Conflict)]
    assert len(wins) == 1 and len(losses) == 1, results
    row.refresh_from_db()
    assert row.revision == 1 and row.attempts == 1 and row.outcome == wins[0].outcome
    assert AuditEntry.objects.filter(action__startswith="fieldwork.campaign_household").count() == 1


def test_it_starts_one_of_two_racing_patrols(world: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    worker = world.users["grid_worker"]
    results = race(lambda i: do_start_patrol(world.east_grid, actor=worker))
    assert sum(isinstance(r, Patrol) for r in results) == 1, results
    assert sum(isinstance(r, Conflict) for r in results) == 1, results
    assert Patrol.objects.filter(walker=worker).count() == 1
