"""The demo comes out the same whatever moment it is loaded, and walks without a broken page.

Loaded at the awkward moments of a calendar (a Sunday, the Spring Festival holiday, 23:50 on
New Year's Eve in Asia/Shanghai, the first hour of a month that is also a new year, a make-up
working day 调休上班), the demo district has the same rows in the same states as on a plain
Wednesday morning: the same cases waiting at the same levels, the same requests, orders,
wishes and balances. Its open cases read as a real week's: the deadline sweep that starts with
the demo escalates nothing, and the few overdue cases show the deadline they missed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import translation

from linli.demo import generate
from linli.tests.test_demo_walk import case_loop, walk_roles

pytestmark = pytest.mark.django_db

SHANGHAI = "+08:00"
WEDNESDAY = dt.datetime.fromisoformat(f"2026-12-02T10:00:00{SHANGHAI}")
MOMENTS = {
    "sunday": f"2026-12-06T10:00:00{SHANGHAI}",
    "spring_festival": f"2026-02-17T10:00:00{SHANGHAI}",
    "new_years_eve_2350": f"2026-12-31T23:50:00{SHANGHAI}",  # 15:50 UTC
    "first_of_month": f"2027-01-01T00:50:00{SHANGHAI}",  # 16:50 UTC on 31 December
    "makeup_working_day": f"2026-09-20T10:00:00{SHANGHAI}",  # a Sunday worked (国庆节调休)
}
# The case figures' roll-ups have a row per area and day: their rows follow the calendar (the
# deadlines' days); cases/indicators/tests/test_rollup.py holds their sums to the cases.
ROLLUPS = {"cases.CaseDayFigure", "cases.CaseLateFigure"}
APPS = (
    "accounts",
    "areas",
    "party",
    "activities",
    "points",
    "volunteering",
    "cases",
    "dashboard",
    "core",
)


def _load() -> dict[str, Any]:
    # As `load_demo` runs: in the site's language (whatever an earlier test left active).
    with translation.override(settings.LANGUAGE_CODE):
        # Any seed: the demo places the demo worker's overdue case and its extension request.
        return generate(scale=0.002, seed=7).data["users"]


def fingerprint() -> dict[str, Any]:
    """What the demo holds, without its times: every model's row count, the counts of each
    status (and level, for cases), and each account's points."""
    from cases.models import Case, CaseRequest
    from points.models import LedgerEntry

    found: dict[str, Any] = {}
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            key = model._meta.label
            if key in ROLLUPS:
                continue
            found[key] = model._default_manager.count()
            if any(f.name == "status" for f in model._meta.fields):
                found[f"{key}.status"] = sorted(
                    Counter(model._default_manager.values_list("status", flat=True)).items()
                )
    found["cases"] = sorted(
        Counter(Case.objects.values_list("status", "level", "overdue", "channel")).items()
    )
    found["requests"] = sorted(
        CaseRequest.objects.values_list("status", "kind", "approver_level", "requested_by__phone")
    )
    points: Counter[str] = Counter()
    for phone, amount in LedgerEntry.objects.values_list("user__phone", "amount"):
        points[phone] += amount
    found["points"] = sorted(points.items())
    return found


class _Rollback(Exception):
    pass


_reference: dict[str, Any] = {}


def reference() -> dict[str, Any]:
    """The demo's fingerprint on a plain Wednesday morning, loaded once and rolled back."""
    if not _reference:
        try:
            with time_machine.travel(WEDNESDAY, tick=False), transaction.atomic():
                _load()
                _reference.update(fingerprint())
                raise _Rollback
        except _Rollback:
            pass
        cache.clear()
    return _reference


@pytest.mark.parametrize("moment", list(MOMENTS.values()), ids=list(MOMENTS))
def test_it_loads_the_same_demo_and_walks_it_at_any_moment(moment, client):
    expected = reference()
    when = dt.datetime.fromisoformat(moment)
    with time_machine.travel(when, tick=False):
        users = _load()
        assert fingerprint() == expected
        _open_cases_read_as_a_real_week(when)
        broken, english = walk_roles(users, client, levels=2)
        assert broken == []
        assert english == []
        case_loop(users, client)


def _open_cases_read_as_a_real_week(now: dt.datetime) -> None:
    """Nothing is overdue that the demo did not mean to be: the first sweep escalates no case;
    a few running cases are overdue, each having missed a deadline before now, and (below the
    district) has a new deadline ahead at the level it climbed to; the others are on time."""
    from cases.models import Case
    from cases.sweep import sweep_deadlines
    from cases.workflow import RUNNING, Level

    running = Case.objects.filter(status__in=RUNNING)
    overdue = running.filter(overdue=True)
    assert 0 < overdue.count() <= running.count() // 4
    for case in overdue:
        assert case.missed_due and case.missed_due < now
        if case.level < Level.DISTRICT:
            assert case.due_at and case.due_at > now
    for case in running.filter(overdue=False):
        assert case.due_at and case.due_at > now, (case.category.code, case.status)
    assert sweep_deadlines(now) == 0
