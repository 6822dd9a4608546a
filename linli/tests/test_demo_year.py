"""The demo district's two subdistricts and its year of cases (issue 16): each subdistrict has its
own communities, grids, roads, services, working committee and staff; the year's cases are
seasonal, come back to their hotspots, are mostly on time and at the grid, and are the rows
the actions and the sweep would have left."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.utils import translation

from accounts.models import User
from areas.models import Area, Road, ServiceKind, ServicePoint
from cases.deadlines import Calendar, deadline
from cases.demo_year import DAYS, _season
from cases.models import Case, CaseTransition, Rating
from cases.workflow import Level, Status, transition
from core.timeutil import SHANGHAI
from linli.demo import generate
from party.models import OrgLevel, PartyOrganisation

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 31, 23, 50, tzinfo=SHANGHAI)


@pytest.fixture
def demo() -> Any:
    with time_machine.travel(NOW, tick=False), translation.override(settings.LANGUAGE_CODE):
        yield generate(scale=0.03, seed=7)


def year_cases() -> Any:
    """The year's cases: every case ended before the recent ones began (the recent writer's
    cases have the demo's first ids)."""
    recent = Case.objects.order_by("pk").values_list("pk", flat=True)[: max(30, int(400 * 0.03))]
    return Case.objects.exclude(pk__in=list(recent))


def test_it_makes_two_subdistricts_side_by_side_each_with_its_own_town(demo) -> None:
    subdistricts = list(Area.objects.filter(level="subdistrict").order_by("code"))
    assert [(s.code, s.name) for s in subdistricts] == [
        ("330324001", "瓯北街道"),
        ("330324002", "东瓯街道"),
    ]
    west, east = subdistricts
    assert west.boundary and east.boundary
    for s in subdistricts:
        communities = Area.objects.filter(parent=s, level="community")
        assert communities.count() >= 5
        assert all(c.code.startswith(s.code) and len(c.code) == 12 for c in communities)
        assert Area.objects.filter(level="grid", parent__parent=s).count() >= communities.count()
        assert Road.objects.filter(code__startswith=f"{s.code}R").exists()
        assert ServicePoint.objects.filter(area=s, kind=ServiceKind.CLINIC).count() == 1
        assert ServicePoint.objects.filter(
            area__parent=s, kind=ServiceKind.PARTY_CENTRE
        ).count() == (communities.count())
        committee = PartyOrganisation.objects.get(area=s, level=OrgLevel.WORKING_COMMITTEE)
        assert (
            PartyOrganisation.objects.filter(
                parent=committee, level=OrgLevel.EXTENDED_COMMITTEE
            ).count()
            == communities.count()
        )
        assert year_cases().filter(area_code__startswith=s.code).count() > 10
    # The second subdistrict's staff account sees its own cases, not the other's.
    staff = User.objects.get(phone="13800000012")
    assert staff.role_assignments.get().area == east
    seen = Case.objects.visible_to(staff)
    assert seen.exists() and not seen.exclude(area_code__startswith=east.code).exists()
    assert User.objects.get(phone="13800000002").role_assignments.get().area == west


def test_the_year_of_cases_is_shaped_like_a_real_one(demo) -> None:
    cases = list(year_cases().select_related("category"))
    assert len(cases) >= 60
    now = NOW.astimezone(dt.UTC)
    assert all(now - dt.timedelta(days=DAYS + 3) < c.reported_at < now for c in cases)
    assert all(c.status in (Status.CLOSED, Status.REJECTED) for c in cases)
    closed = [c for c in cases if c.status == Status.CLOSED]
    on_time = [c for c in closed if c.handle_due is None or c.closed_at <= c.handle_due]
    assert 0.8 <= len(on_time) / len(closed) <= 0.97
    assert 0 < sum(c.overdue for c in closed) <= 0.15 * len(closed)
    assert Counter(c.closed_level for c in closed).most_common(1)[0][0] == Level.GRID
    assert sum(c.closed_level == Level.GRID for c in closed) >= 0.5 * len(closed)
    assert sum(c.resolved_on_spot for c in closed) >= 0.2 * len(closed)
    assert len({c.channel for c in cases}) == 4
    scores = list(Rating.objects.filter(case__in=cases).values_list("score", flat=True))
    assert scores and sum(s >= 4 for s in scores) >= 0.7 * len(scores)
    # Hotspots: some place has cases on at least three different weeks.
    weeks: dict[str, set[int]] = {}
    for c in cases:
        weeks.setdefault(c.address, set()).add(c.reported_at.isocalendar()[1])
    assert max(len(w) for w in weeks.values()) >= 3


def test_the_seasons_weigh_the_categories() -> None:
    assert _season("S0601", dt.date(2026, 6, 20)) > 3 * _season("S0601", dt.date(2026, 1, 10))
    assert _season("B0401", dt.date(2026, 8, 20)) > 3 * _season("B0401", dt.date(2026, 3, 10))
    assert _season("Z0202", dt.date(2026, 12, 20)) > 3 * _season("Z0202", dt.date(2026, 7, 10))
    assert _season("S0101", dt.date(2026, 2, 10)) > 3 * _season("S0101", dt.date(2026, 5, 10))
    assert _season("Z0104", dt.date(2027, 1, 10)) > 3 * _season("Z0104", dt.date(2026, 6, 10))


def test_the_year_rows_are_what_the_actions_and_the_sweep_leave(demo) -> None:
    cal = Calendar.load()
    steps: dict[int, list[CaseTransition]] = {}
    for t in CaseTransition.objects.filter(case__in=year_cases()).order_by("at", "pk"):
        steps.setdefault(t.case_id, []).append(t)
    for c in year_cases().select_related("category", "area"):
        cat = c.category
        assert c.area_code == c.area.code and c.area.level == "grid"
        assert c.accept_due == deadline(c.reported_at, cat.accept_limit, cat.accept_unit, cal)
        history = steps[c.pk]
        assert history[0].action == "report" and history[0].at == c.reported_at
        status = ""
        for t in history[1:]:
            if t.action == "overdue":
                assert t.from_status == t.to_status == status == Status.IN_PROGRESS
                assert t.from_level is not None and t.to_level == t.from_level + 1 == c.level
                assert t.at == c.missed_due
                continue
            assert transition(t.action, status or Status.REPORTED) == t.to_status
            status = t.to_status
        assert status == c.status
        assert [t.at for t in history] == sorted(t.at for t in history)
        if c.overdue:
            first = deadline(c.accepted_at, cat.handle_limit, cat.handle_unit, cal)
            assert c.missed_due == first
            assert c.handle_due == deadline(first, cat.handle_limit, cat.handle_unit, cal)
            assert c.missed_due < c.closed_at <= c.handle_due
        elif c.accepted_at:
            assert c.handle_due == deadline(c.accepted_at, cat.handle_limit, cat.handle_unit, cal)
        if c.status == Status.CLOSED:
            assert c.closed_level == c.level and c.due_at is None
            assert c.closed_at == history[-1].at
            if c.reporter_id:
                assert c.rating == Rating.objects.get(case=c).score
