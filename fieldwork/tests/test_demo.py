"""The demo's visits and pairings: some households overdue, most visited, pairings of each
kind, the same rows relative to the day it is loaded."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import transaction

from core.timeutil import SHANGHAI
from fieldwork.models import Pairing, PairingKind, Visit
from fieldwork.selectors import visits as selectors
from linli.demo import generate

pytestmark = pytest.mark.django_db


def _load(moment: dt.datetime) -> dict[str, Any]:
    with time_machine.travel(moment, tick=False), transaction.atomic():
        generate(scale=0.01, seed=16)
        today = moment.date()
        out = {
            "offsets": sorted(
                ((today - d).days, k) for d, k in Visit.objects.values_list("visited_on", "kind")
            ),
            "pairings": sorted(Pairing.objects.values_list("kind", "started_on")),
            "kinds": set(Pairing.objects.values_list("kind", flat=True)),
            "visits": Visit.objects.count(),
        }
        from accounts.models import User

        admin = User.objects.get(phone="13800000000")
        figures = selectors.coverage(admin)
        out["coverage"] = (figures["total"].households, figures["total"].visited)
        out["overdue"] = selectors.overdue(admin).count()
        transaction.set_rollback(True)
    return out


def test_the_demo_has_a_year_of_visits_some_households_overdue() -> None:
    data = _load(dt.datetime(2026, 12, 2, 10, tzinfo=SHANGHAI))
    households, visited = data["coverage"]
    assert data["visits"] > households
    assert 0 < data["overdue"] < households / 2
    assert 0 < visited < households
    assert data["kinds"] == set(PairingKind.values)
    assert max(offset for offset, _kind in data["offsets"]) <= 365


def test_the_demo_draws_the_same_visits_relative_to_any_day() -> None:
    wednesday = _load(dt.datetime(2026, 12, 2, 10, tzinfo=SHANGHAI))
    new_year = _load(dt.datetime(2026, 12, 31, 23, 50, tzinfo=SHANGHAI))
    assert wednesday["offsets"] == new_year["offsets"]
    assert len(wednesday["pairings"]) == len(new_year["pairings"])
