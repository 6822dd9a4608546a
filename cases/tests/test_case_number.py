"""A case's number carries the day it was reported in Asia/Shanghai, as every page shows it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine

from cases.tests.helpers import report
from core.timeutil import SHANGHAI

# 06:30 on 6 December in Shanghai is still 5 December in UTC.
EARLY = dt.datetime(2026, 12, 6, 6, 30, tzinfo=SHANGHAI)


def test_it_numbers_a_case_by_its_local_day(world: Any) -> None:
    with time_machine.travel(EARLY, tick=False):
        case = report(world)
    assert case.number == f"20261206-{case.pk}"
    assert str(case).startswith(f"20261206-{case.pk} ")


def test_it_still_finds_a_case_by_the_utc_day_of_an_earlier_number(world: Any, client) -> None:
    with time_machine.travel(EARLY, tick=False):
        case = report(world)
    old = f"20261205-{case.pk}"
    assert case.is_numbered(old) and case.is_numbered(case.number)
    assert not case.is_numbered(f"20261204-{case.pk}") and not case.is_numbered("")
    for number in (case.number, old):
        found = client.get(f"/open311/v2/requests/{number}.json")
        assert found.status_code == 200, number
        assert found.json()[0]["service_request_id"] == case.number
    assert client.get(f"/open311/v2/requests/20261204-{case.pk}.json").status_code == 404
