"""The indicators page's field work card: patrols per area and campaign progress."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine

from fieldwork.actions import do_launch_campaign, do_record_household, do_start_patrol
from fieldwork.models import CampaignHousehold, Outcome, Patrol

NOW = dt.datetime(2026, 11, 10, 2, 0, tzinfo=dt.UTC)


@time_machine.travel(NOW, tick=False)
def test_it_counts_patrols_per_area_and_shows_campaign_progress(world: Any, login: Any) -> None:
    for worker, grid in (
        (world.users["grid_worker"], world.east_grid),
        (world.users["outsider"], world.west_grid),
    ):
        patrol = do_start_patrol(grid, actor=worker)
        Patrol.objects.filter(pk=patrol.pk).update(status="ended", ended_at=NOW)
    campaign = do_launch_campaign(
        name="冬季安全排查",
        area=world.east,
        starts_on=dt.date(2026, 11, 1),
        ends_on=dt.date(2026, 11, 30),
        actor=world.users["community_staff"],
    )
    row = CampaignHousehold.objects.filter(campaign=campaign).first()
    assert row is not None
    do_record_household(row, outcome=Outcome.VACANT, actor=world.users["grid_worker"])
    page = login(world.users["subdistrict_staff"]).get(
        "/cases/indicators/?start=2026-11-01&end=2026-11-30"
    )
    text = page.content.decode()
    assert 'id="patrol-counts"' in text and "<dd data-patrols>2</dd>" in text
    assert "冬季安全排查" in text and "50.0%" in text
