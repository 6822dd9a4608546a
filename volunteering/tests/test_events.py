"""Community events: creation, attendance and the points it earns under the kind's rule."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from core.models import AuditEntry
from core.refusal import Refusal
from points.models import LedgerEntry
from points.selectors import balance_of
from points.tests.helpers import make_rule
from volunteering import actions
from volunteering.models import Attendance, CommunityEvent

pytestmark = pytest.mark.django_db

SH = dt.timezone(dt.timedelta(hours=8))
START = dt.datetime(2026, 5, 2, 9, 0, tzinfo=SH)


@pytest.fixture(autouse=True)
def _after_the_event():
    """Each test starts two days after the event, whatever the day it runs, and goes back to
    the moments it tries: a login made before a move forward of more than SESSION_COOKIE_AGE
    would be signed out, as a login from a wall clock months before the event was."""
    with time_machine.travel(START + dt.timedelta(days=2), tick=True):
        yield


def event(v, kind="activity", start=START, hours=None, community=None, title="社区大扫除"):
    return actions.do_create_event(
        community=community or v.world.east,
        kind=kind,
        title=title,
        place="东社区广场",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        hours=hours,
        actor=v.staff if community is None else v.world.users["admin"],
    )


def at(moment: dt.datetime):
    return time_machine.travel(moment, tick=False)


def test_it_credits_one_occurrence_under_the_activity_rule(v) -> None:
    make_rule(v.world, "activity", points=5)
    e = event(v)
    assert e.hours == Decimal("2.00")
    with at(START + dt.timedelta(hours=1)):
        a = actions.do_record_attendance(e, phone=" 137 0000 0003 ", actor=v.staff)
    assert a.user == v.resident and a.points == 5 and a.recorded_by == v.staff
    assert balance_of(v.resident) == 5
    entry = LedgerEntry.objects.get(user=v.resident)
    assert (entry.activity, entry.source, entry.source_id) == (
        "activity",
        "volunteering.event",
        str(e.pk),
    )
    assert entry.earned_on == dt.date(2026, 5, 2)
    assert AuditEntry.objects.filter(action="volunteering.event.attend").count() == 1


def test_it_credits_the_event_hours_under_a_per_hour_rule(v) -> None:
    make_rule(v.world, "patrol", unit="hour", points=3)
    e = event(v, kind="patrol", hours="1.5")
    with at(START + dt.timedelta(hours=3)):
        a = actions.do_record_attendance(e, phone="13700000003", actor=v.staff)
    assert a.points == 4  # 3 × 1.5 rounded down
    assert LedgerEntry.objects.get(user=v.resident).quantity == Decimal("1.50")


def test_it_records_attendance_without_points_when_no_rule_counts_it(v) -> None:
    e = event(v, kind="consultation")
    with at(START + dt.timedelta(hours=1)):
        a = actions.do_record_attendance(e, phone="13700000003", actor=v.staff)
    assert a.points == 0 and balance_of(v.resident) == 0


def test_it_applies_the_daily_and_yearly_caps(v) -> None:
    make_rule(v.world, "consultation", points=5, daily_cap=8, yearly_cap=12)
    morning = event(v, kind="consultation", title="议事会上午")
    evening = event(v, kind="consultation", start=START + dt.timedelta(hours=8), title="晚上")
    next_day = event(v, kind="consultation", start=START + dt.timedelta(days=1), title="次日")
    third = event(v, kind="consultation", start=START + dt.timedelta(days=2), title="第三天")
    with at(START + dt.timedelta(days=3)):
        points = [
            actions.do_record_attendance(e, phone="13700000003", actor=v.staff).points
            for e in (morning, evening, next_day, third)
        ]
    assert points == [5, 3, 4, 0]  # daily cap 8 on the first day; yearly cap 12 after
    assert balance_of(v.resident) == 12
    assert Attendance.objects.filter(user=v.resident).count() == 4


def test_it_refuses_the_same_resident_twice_and_changes_nothing(v) -> None:
    make_rule(v.world, "activity", points=5)
    e = event(v)
    with at(START + dt.timedelta(hours=1)):
        actions.do_record_attendance(e, phone="13700000003", actor=v.staff)
        audits = AuditEntry.objects.count()
        with pytest.raises(Refusal) as err:
            actions.do_record_attendance(e, phone="13700000003", actor=v.staff)
    assert err.value.status == 409 and v.resident.name in err.value.message
    assert Attendance.objects.count() == 1 and balance_of(v.resident) == 5
    assert AuditEntry.objects.count() == audits


def test_it_refuses_attendance_before_the_event_starts(v) -> None:
    make_rule(v.world, "activity", points=5)
    e = event(v)
    with at(START - dt.timedelta(minutes=1)), pytest.raises(Refusal) as err:
        actions.do_record_attendance(e, phone="13700000003", actor=v.staff)
    assert err.value.status == 409
    assert not Attendance.objects.exists() and balance_of(v.resident) == 0


def test_it_refuses_residents_and_events_outside_the_area(v) -> None:
    e = event(v)
    west = event(v, community=v.world.west, title="西社区活动")
    with at(START + dt.timedelta(hours=1)):
        # A resident of another community, and a phone nobody has.
        for phone in (v.west_vol_user.phone, "13999999999"):
            with pytest.raises(Refusal) as err:
                actions.do_record_attendance(e, phone=phone, actor=v.staff)
            assert err.value.status == 400
        # East staff may not touch the west's event.
        with pytest.raises(Refusal) as err:
            actions.do_record_attendance(west, phone=v.west_vol_user.phone, actor=v.staff)
        assert err.value.status == 404
    assert not Attendance.objects.exists()


def test_it_lets_only_staff_of_the_community_create_events(v) -> None:
    with pytest.raises(Refusal) as err:
        actions.do_create_event(
            community=v.world.east,
            kind="activity",
            title="x",
            starts_at=START,
            ends_at=START + dt.timedelta(hours=1),
            actor=v.resident,
        )
    assert err.value.status == 403
    with pytest.raises(Refusal) as err:
        actions.do_create_event(
            community=v.world.west,
            kind="activity",
            title="x",
            starts_at=START,
            ends_at=START + dt.timedelta(hours=1),
            actor=v.staff,
        )
    assert err.value.status == 404
    bads: list[dict[str, Any]] = [
        {"kind": "party"},
        {"ends": START},
        {"hours": "0"},
        {"hours": "25"},
    ]
    for bad in bads:
        with pytest.raises(Refusal) as err:
            actions.do_create_event(
                community=v.world.east,
                kind=bad.get("kind", "activity"),
                title="x",
                starts_at=START,
                ends_at=bad.get("ends", START + dt.timedelta(hours=1)),
                hours=bad.get("hours"),
                actor=v.staff,
            )
        assert err.value.status == 400
    assert CommunityEvent.objects.filter(community=v.world.east).count() == 0


def test_staff_pages_create_an_event_and_record_attendance(v, login) -> None:
    make_rule(v.world, "activity", points=5)
    client = login(v.staff)
    assert client.get(reverse("volunteering:staff_events")).status_code == 200
    with at(START - dt.timedelta(days=1)):
        r = client.post(
            reverse("volunteering:staff_events"),
            {
                "community": v.world.east.pk,
                "kind": "activity",
                "title": "邻里节",
                "place": "活动室",
                "starts_at": "2026-05-02T09:00",
                "ends_at": "2026-05-02T11:00",
            },
        )
    e = CommunityEvent.objects.get(title="邻里节")
    assert r.status_code == 302 and r["Location"] == reverse("volunteering:event", args=[e.pk])
    url = reverse("volunteering:event", args=[e.pk])
    with at(START + dt.timedelta(hours=1)):
        r = client.post(url, {"phone": "13700000003"}, follow=True)
        body = r.content.decode()
        assert "137****0003" in body and "13700000003" not in body
        r = client.post(url, {"phone": "13700000003"}, follow=True)
        assert r.status_code == 200 and Attendance.objects.count() == 1
    assert balance_of(v.resident) == 5
    assert login(v.resident).get(url).status_code == 404


def test_residents_see_upcoming_and_attended_events(v, login) -> None:
    make_rule(v.world, "activity", points=5)
    past = event(v, title="已办活动")
    event(v, start=START + dt.timedelta(days=10), title="将办活动")
    event(v, community=v.world.west, title="西社区活动")
    with at(START + dt.timedelta(hours=1)):
        actions.do_record_attendance(past, phone="13700000003", actor=v.staff)
    with at(START + dt.timedelta(days=1)):
        body = login(v.resident).get(reverse("volunteering:events")).content.decode()
        assert "已办活动" in body and "将办活动" in body and "西社区活动" not in body
        assert "+5" in body
        points = login(v.resident).get(reverse("points:mine")).content.decode()
    entry = LedgerEntry.objects.get(user=v.resident)
    assert entry.reason in points and "+5" in points
