"""Community events changed and cancelled by staff: the rules, the refusals (which store
nothing) and the staff pages; attendance credited before a cancellation stays."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from core.models import AuditEntry
from core.refusal import Refusal
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


BEFORE = START - dt.timedelta(days=1)
DURING = START + dt.timedelta(hours=1)


def event(v, community=None, title="社区大扫除", hours=None):
    return actions.do_create_event(
        community=community or v.world.east,
        kind="activity",
        title=title,
        place="东社区广场",
        starts_at=START,
        ends_at=START + dt.timedelta(hours=2),
        hours=hours,
        actor=v.staff if community is None else v.world.users["admin"],
    )


def at(moment: dt.datetime):
    return time_machine.travel(moment, tick=False)


def snapshot(e: CommunityEvent) -> tuple:
    e.refresh_from_db()
    return (e.kind, e.title, e.place, e.starts_at, e.ends_at, e.hours, e.cancelled_at)


def test_it_changes_an_event_still_to_come_and_audits_the_change(v) -> None:
    e = event(v)
    with at(BEFORE):
        e = actions.do_update_event(
            e,
            kind="consultation",
            title="  楼道议事会 ",
            starts_at=START + dt.timedelta(hours=1),
            ends_at=START + dt.timedelta(hours=4),
            actor=v.staff,
        )
    e.refresh_from_db()
    assert (e.kind, e.title, e.place) == ("consultation", "楼道议事会", "东社区广场")
    assert e.hours == Decimal("3.00")  # it followed the length, and still does
    entry = AuditEntry.objects.get(action="volunteering.event.update")
    assert entry.changes["title"] == ["社区大扫除", "楼道议事会"]
    assert set(entry.changes) == {"kind", "title", "starts_at", "ends_at", "hours"}


def test_it_keeps_hours_set_by_hand_when_the_times_move(v) -> None:
    e = event(v, hours="1.5")
    with at(BEFORE):
        actions.do_update_event(e, ends_at=START + dt.timedelta(hours=5), actor=v.staff)
        assert snapshot(e)[5] == Decimal("1.50")
        actions.do_update_event(e, hours=None, actor=v.staff)
    assert snapshot(e)[5] == Decimal("5.00")


def test_staff_of_the_area_above_may_change_and_cancel_it(v) -> None:
    e = event(v)
    sub = v.world.users["subdistrict_staff"]
    with at(BEFORE):
        actions.do_update_event(e, place="街道礼堂", actor=sub)
        actions.do_cancel_event(e, reason="场地冲突", actor=sub)
    e.refresh_from_db()
    assert e.place == "街道礼堂" and e.cancelled and e.cancelled_by == sub


def test_it_refuses_changes_that_break_a_rule_and_stores_nothing(v) -> None:
    make_rule(v.world, "activity", points=5)
    e = event(v)
    west = event(v, community=v.world.west, title="西社区活动")
    before, audits = snapshot(e), AuditEntry.objects.count()
    refusals: list[tuple[CommunityEvent, dict[str, Any], Any, int]] = [
        (e, {"title": " "}, v.staff, 400),
        (e, {"kind": "party"}, v.staff, 400),
        (e, {"ends_at": START - dt.timedelta(hours=1)}, v.staff, 400),
        (e, {"hours": "0"}, v.staff, 400),
        (e, {"hours": "25"}, v.staff, 400),
        (e, {"title": "x"}, v.resident, 404),
        (west, {"title": "x"}, v.staff, 404),
    ]
    with at(BEFORE):
        for target, change, actor, code in refusals:
            with pytest.raises(Refusal) as err:
                actions.do_update_event(target, actor=actor, **change)
            assert err.value.status == code, change
    with at(START + dt.timedelta(minutes=1)), pytest.raises(Refusal) as err:
        actions.do_update_event(e, title="开始后改名", actor=v.staff)
    assert err.value.status == 409
    with at(BEFORE):
        actions.do_cancel_event(e, reason="下雨", actor=v.staff)
        audits += 1
        cancelled = snapshot(e)
        with pytest.raises(Refusal) as err:
            actions.do_update_event(e, title="取消后改名", actor=v.staff)
    assert err.value.status == 409
    assert snapshot(e) == cancelled and cancelled[:6] == before[:6]
    assert AuditEntry.objects.count() == audits


def test_it_cancels_with_a_reason_and_takes_no_more_attendance(v) -> None:
    make_rule(v.world, "activity", points=5)
    e = event(v)
    with at(DURING):
        actions.do_record_attendance(e, phone="13700000003", actor=v.staff)
        e = actions.do_cancel_event(e, reason=" 暴雨，活动中止 ", actor=v.staff)
        assert e.cancelled and e.cancel_reason == "暴雨，活动中止"
        with pytest.raises(Refusal) as err:
            actions.do_record_attendance(e, phone="13700000011", actor=v.staff)
        assert err.value.status == 409
    # What was credited stays: the resident took part before it was called off.
    assert balance_of(v.resident) == 5
    assert list(Attendance.objects.values_list("user", flat=True)) == [v.resident.pk]
    entry = AuditEntry.objects.get(action="volunteering.event.cancel")
    assert entry.changes == {"reason": "暴雨，活动中止", "attended": 1}


def test_it_refuses_a_cancellation_without_reason_twice_or_by_outsiders(v) -> None:
    e = event(v)
    west = event(v, community=v.world.west, title="西社区活动")
    audits = AuditEntry.objects.count()
    for target, reason, actor, code in [
        (e, "  ", v.staff, 400),
        (e, "x" * 501, v.staff, 400),
        (e, "下雨", v.resident, 404),
        (west, "下雨", v.staff, 404),
    ]:
        with pytest.raises(Refusal) as err:
            actions.do_cancel_event(target, reason=reason, actor=actor)
        assert err.value.status == code
    assert not CommunityEvent.objects.filter(cancelled_at__isnull=False).exists()
    assert AuditEntry.objects.count() == audits
    actions.do_cancel_event(e, reason="下雨", actor=v.staff)
    first = snapshot(e)
    with pytest.raises(Refusal) as err:
        actions.do_cancel_event(e, reason="再取消", actor=v.world.users["admin"])
    assert err.value.status == 409 and snapshot(e) == first
    assert AuditEntry.objects.count() == audits + 1


def test_staff_pages_change_and_cancel_an_event(v, login) -> None:
    e = event(v)
    client = login(v.staff)
    edit = reverse("volunteering:event_edit", args=[e.pk])
    page = reverse("volunteering:event", args=[e.pk])
    with at(BEFORE):
        body = client.get(page).content.decode()
        assert edit in body
        form = client.get(edit).content.decode()
        assert 'value="2026-05-02T09:00"' in form and "社区大扫除" in form
        r = client.post(
            edit,
            {
                "kind": "patrol",
                "title": "夜间巡防",
                "place": "南门",
                "starts_at": "2026-05-02T19:00",
                "ends_at": "2026-05-02T21:30",
                "hours": "",
            },
        )
        assert r.status_code == 302 and r["Location"] == page
        e.refresh_from_db()
        assert (e.kind, e.title, e.hours) == ("patrol", "夜间巡防", Decimal("2.50"))
        assert e.starts_at == dt.datetime(2026, 5, 2, 19, 0, tzinfo=SH)
        # Bad input: the form comes back with the message, nothing stored.
        r = client.post(
            edit,
            {
                "kind": "patrol",
                "title": "夜间巡防",
                "starts_at": "2026-05-02T19:00",
                "ends_at": "2026-05-02T18:00",
            },
        )
        assert r.status_code == 200 and snapshot(e)[4] == START + dt.timedelta(hours=12.5)
        cancel = reverse("volunteering:event_cancel", args=[e.pk])
        r = client.post(cancel, {"reason": ""}, follow=True)
        assert not snapshot(e)[6]
        r = client.post(cancel, {"reason": "暴雨预警"}, follow=True)
        body = r.content.decode()
        assert 'id="cancelled"' in body and "暴雨预警" in body and edit not in body
        assert client.get(edit).status_code == 302  # no longer to come
        listing = client.get(reverse("volunteering:staff_events")).content.decode()
        assert "badge red" in listing
        resident = login(v.resident)
        assert resident.get(edit).status_code == 404
        assert resident.post(cancel, {"reason": "x"}).status_code == 404
        body = resident.get(reverse("volunteering:events")).content.decode()
        assert "<s>夜间巡防</s>" in body and "暴雨预警" in body


def test_the_edit_page_sends_a_started_event_back(v, login) -> None:
    e = event(v)
    client = login(v.staff)
    with at(DURING):
        r = client.get(reverse("volunteering:event_edit", args=[e.pk]), follow=True)
    assert r.redirect_chain[-1][0] == reverse("volunteering:event", args=[e.pk])
    assert snapshot(e)[1] == "社区大扫除"
