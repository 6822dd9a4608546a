"""The patrols and campaigns demo: the same rows whatever day it is loaded, each part there."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
import time_machine
from django.db import transaction

from fieldwork.models import CampaignHousehold, CheckIn, KeySpot, Patrol, TrackPoint

pytestmark = pytest.mark.django_db


class _Rollback(Exception):
    pass


def _load(moment: str) -> dict[str, Any]:
    from accounts.models import User
    from fieldwork.campaigns.selectors import running_campaigns, to_reach
    from linli.demo import generate

    found: dict[str, Any] = {}
    try:
        with (
            time_machine.travel(dt.datetime.fromisoformat(moment), tick=False),
            transaction.atomic(),
        ):
            generate(scale=0.002, seed=16)
            worker = User.objects.get(phone="13800000004")
            found = {
                "patrols": Patrol.objects.count(),
                "ended": Patrol.objects.filter(status="ended").count(),
                "points": TrackPoint.objects.count(),
                "check_ins": CheckIn.objects.count(),
                "spots": KeySpot.objects.count(),
                "outcomes": sorted(
                    Counter(CampaignHousehold.objects.values_list("outcome", flat=True)).items()
                ),
                "running": running_campaigns(worker).count(),
                "to_reach": to_reach(worker).count(),
                "km": round(sum(Patrol.objects.values_list("distance", flat=True)) / 1000),
            }
            raise _Rollback
    except _Rollback:
        pass
    return found


def test_it_loads_the_same_patrols_and_campaigns_on_any_day() -> None:
    wednesday = _load("2026-12-02T10:00:00+08:00")
    assert wednesday == _load("2026-12-31T23:50:00+08:00")
    assert wednesday["patrols"] == wednesday["ended"] > 100
    assert wednesday["points"] > 10 * wednesday["patrols"] and wednesday["check_ins"] > 0
    assert wednesday["running"] >= 1 and wednesday["to_reach"] > 0
    assert wednesday["km"] * 1000 > 300 * wednesday["patrols"]  # a walk, not a stroll
