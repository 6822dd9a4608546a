"""Sign-up to community events: capacity and the waiting list, opening and closing times,
area and group limits, check-in with the code, points once, no-shows."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from accounts.models import User
from accounts.roles import Role
from core.models import Notification
from core.refusal import Refusal
from points.models import EarningRule, LedgerEntry
from volunteering import actions
from volunteering.actions.signups import waiting_position
from volunteering.models import Attendance, CommunityEvent, SignUp, SignUpEvent, SignUpStatus
from volunteering.selectors import no_shows_of

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 5, 4, 2, 0, tzinfo=dt.UTC)  # 10:00 in Shanghai
S = SignUpStatus


def _event(v: Any, **kw: Any) -> CommunityEvent:
    options: dict[str, Any] = {
        "community": v.world.east,
        "kind": "activity",
        "title": "包饺子",
        "starts_at": T0 + dt.timedelta(days=3),
        "ends_at": T0 + dt.timedelta(days=3, hours=2),
        "signup_opens_at": T0 - dt.timedelta(days=1),
        "capacity": 2,
        "actor": v.staff,
    }
    options.update(kw)
    return actions.do_create_event(**options)


def _residents(v: Any, n: int, area: Any = None) -> list[User]:
    first = User.objects.filter(phone__startswith="1391111").count()
    return [
        v.world.user(Role.RESIDENT, area or v.world.east_grid, f"1391111{i:04d}", f"居民{i}")
        for i in range(first, first + n)
    ]


def _refused(fn: Any, status: int) -> str:
    with pytest.raises(Refusal) as exc:
        fn()
    assert exc.value.status == status, exc.value
    return str(exc.value)


@time_machine.travel(T0, tick=False)
def test_it_holds_places_while_they_last_then_puts_on_the_waiting_list(v) -> None:
    event = _event(v)
    a, b, c, d = _residents(v, 4)
    assert actions.do_sign_up(event, actor=a).status == S.HELD
    assert actions.do_sign_up(event, actor=b).status == S.HELD
    third = actions.do_sign_up(event, actor=c)
    fourth = actions.do_sign_up(event, actor=d)
    assert third.status == fourth.status == S.WAITING
    assert waiting_position(third) == 1 and waiting_position(fourth) == 2
    _refused(lambda: actions.do_sign_up(event, actor=a), 409)


@time_machine.travel(T0, tick=False)
def test_it_moves_the_first_waiting_up_when_a_place_is_cancelled(v) -> None:
    event = _event(v)
    a, b, c, d = _residents(v, 4)
    for u in (a, b, c, d):
        actions.do_sign_up(event, actor=u)
    actions.do_cancel_sign_up(event, actor=a)
    assert SignUp.objects.get(event=event, user=c).status == S.HELD
    assert waiting_position(SignUp.objects.get(event=event, user=d)) == 1
    assert Notification.objects.filter(user=c, title__contains="包饺子").exists()
    assert SignUpEvent.objects.filter(signup__user=c, event="move_up").count() == 1
    # a waiting resident cancelling frees no place
    actions.do_cancel_sign_up(event, actor=d)
    assert SignUp.objects.filter(event=event, status=S.HELD).count() == 2
    # signing up again after cancelling goes to the end
    assert actions.do_sign_up(event, actor=a).status == S.WAITING


@time_machine.travel(T0, tick=False)
def test_it_moves_waiting_up_when_the_places_grow_and_refuses_fewer_than_held(v) -> None:
    event = _event(v, capacity=1)
    a, b = _residents(v, 2)
    actions.do_sign_up(event, actor=a)
    actions.do_sign_up(event, actor=b)
    actions.do_update_event(event, actor=v.staff, capacity=2)
    assert SignUp.objects.get(user=b).status == S.HELD
    _refused(lambda: actions.do_update_event(event, actor=v.staff, capacity=1), 409)


def test_it_opens_and_closes_sign_up_at_the_set_times(v) -> None:
    with time_machine.travel(T0, tick=False):
        event = _event(
            v,
            signup_opens_at=T0 + dt.timedelta(days=1),
            signup_closes_at=T0 + dt.timedelta(days=2),
        )
        (a,) = _residents(v, 1)
        _refused(lambda: actions.do_sign_up(event, actor=a), 409)
    with time_machine.travel(T0 + dt.timedelta(days=1, minutes=1), tick=False):
        assert actions.do_sign_up(event, actor=a).status == S.HELD
        actions.do_cancel_sign_up(event, actor=a)
    with time_machine.travel(T0 + dt.timedelta(days=2), tick=False):
        _refused(lambda: actions.do_sign_up(event, actor=a), 409)


@time_machine.travel(T0, tick=False)
def test_it_refuses_bad_sign_up_settings(v) -> None:
    _refused(lambda: _event(v, signup_opens_at=T0 + dt.timedelta(days=4)), 400)
    _refused(lambda: _event(v, capacity=0), 400)
    _refused(lambda: _event(v, signup_area=v.world.west_grid), 400)
    _refused(lambda: _event(v, signup_tags=["nobody"]), 400)
    _refused(lambda: _event(v, signup_opens_at=None), 400)  # places without sign-up
    assert CommunityEvent.objects.count() == 0


@time_machine.travel(T0, tick=False)
def test_it_limits_sign_up_to_an_area_and_to_a_group(v) -> None:
    other_grid = v.world.east_grid.__class__.objects.create(
        code=v.world.east.code + "009", name="东九网格", level="grid", parent=v.world.east
    )
    (inside,) = _residents(v, 1)
    outside = v.world.user(Role.RESIDENT, other_grid, "13922220000", "外格居民")
    west = v.world.user(Role.RESIDENT, v.world.west_grid, "13922220001", "西居民")
    event = _event(v, signup_area=v.world.east_grid, capacity=None)
    assert actions.do_sign_up(event, actor=inside).status == S.HELD
    _refused(lambda: actions.do_sign_up(event, actor=outside), 403)
    _refused(lambda: actions.do_sign_up(event, actor=west), 404)  # not even seen

    elderly = _event(v, signup_tags=["elderly_alone"], capacity=None)
    _refused(lambda: actions.do_sign_up(elderly, actor=inside), 403)
    resident = v.resident.resident
    resident.tags = ["elderly_alone"]
    resident.save(update_fields=["tags"])
    assert actions.do_sign_up(elderly, actor=v.resident).status == S.HELD

    members = _event(v, signup_tags=["party_member"], capacity=None)
    member = v.member
    member.user = inside
    member.save(update_fields=["user"])
    assert actions.do_sign_up(members, actor=inside).status == S.HELD


def test_it_checks_in_with_the_right_code_in_time_and_awards_points_once(v) -> None:
    EarningRule.objects.create(
        activity="activity", unit="occurrence", points=10, valid_from=dt.date(2020, 1, 1)
    )
    with time_machine.travel(T0, tick=False):
        event = _event(v)
        a, b, c = _residents(v, 3)
        for u in (a, b, c):
            actions.do_sign_up(event, actor=u)
        code = event.checkin_code
        assert len(code) == 6 and code.isdigit()
    with time_machine.travel(event.starts_at - dt.timedelta(hours=2), tick=False):
        _refused(lambda: actions.do_check_in_event(event, code=code, actor=a), 409)  # too early
    with time_machine.travel(event.starts_at + dt.timedelta(minutes=5), tick=False):
        wrong = "000000" if code != "000000" else "111111"
        _refused(lambda: actions.do_check_in_event(event, code=wrong, actor=a), 400)
        attendance = actions.do_check_in_event(event, code=f" {code} ", actor=a)
        assert attendance.points == 10
        _refused(lambda: actions.do_check_in_event(event, code=code, actor=a), 409)
        _refused(lambda: actions.do_check_in_event(event, code=code, actor=c), 409)  # waiting
        _refused(lambda: actions.do_check_in_event(event, code=code, actor=v.vol_user), 403)
    assert SignUp.objects.get(user=a).status == S.ATTENDED
    assert LedgerEntry.objects.filter(user=a, source="volunteering.event").count() == 1
    # staff recording the same resident again credits nothing more
    _refused(lambda: actions.do_record_attendance(event, phone=a.phone, actor=v.staff), 409)
    assert Attendance.objects.filter(event=event).count() == 1
    # staff may let in someone from the waiting list (a free seat on the day)
    with time_machine.travel(event.starts_at + dt.timedelta(minutes=6), tick=False):
        actions.do_record_attendance(event, phone=c.phone, actor=v.staff)
    assert SignUp.objects.get(user=c).status == S.ATTENDED


def test_it_counts_no_shows_once_check_in_has_closed(v) -> None:
    with time_machine.travel(T0, tick=False):
        event = _event(v)
        a, b = _residents(v, 2)
        actions.do_sign_up(event, actor=a)
        actions.do_sign_up(event, actor=b)
    with time_machine.travel(event.starts_at, tick=False):
        actions.do_check_in_event(event, code=event.checkin_code, actor=a)
        _refused(lambda: actions.do_mark_no_shows(event, actor=v.staff), 409)
        _refused(lambda: actions.do_cancel_sign_up(event, actor=b), 409)  # started
    with time_machine.travel(event.ends_at + dt.timedelta(hours=2), tick=False):
        assert actions.do_mark_no_shows(event, actor=v.staff) == 1
        assert actions.do_mark_no_shows(event) == 0
        _refused(lambda: actions.do_check_in_event(event, code=event.checkin_code, actor=b), 409)
    assert SignUp.objects.get(user=b).status == S.NO_SHOW
    assert no_shows_of(b) == 1 and no_shows_of(a) == 0


@time_machine.travel(T0, tick=False)
def test_it_tells_those_signed_up_when_the_event_is_cancelled(v) -> None:
    event = _event(v)
    (a,) = _residents(v, 1)
    actions.do_sign_up(event, actor=a)
    actions.do_cancel_event(event, reason="下雨", actor=v.staff)
    assert Notification.objects.filter(user=a, body="下雨").exists()
    _refused(lambda: actions.do_sign_up(event, actor=_residents(v, 1)[0]), 409)


def test_the_nightly_sweep_counts_no_shows_and_extends_lecture_schedules(v) -> None:
    from party.models import PartyOrganisation
    from volunteering.models import LectureSchedule
    from volunteering.tasks import event_sweep_task

    with time_machine.travel(T0, tick=False) as tm:
        event = _event(v)
        (a,) = _residents(v, 1)
        actions.do_sign_up(event, actor=a)
        committee = PartyOrganisation.objects.get(name="东社区大党委")
        schedule = actions.do_create_lecture_schedule(
            committee,
            title="睦邻党课",
            days=[5, 20],
            start_time=dt.time(19),
            minutes=90,
            actor=v.staff,
        )
        before = schedule.events.count()
        tm.shift(dt.timedelta(days=20))
        result = event_sweep_task.enqueue()
    done = result.return_value or {}
    assert done["no_shows"] == 1
    assert done["lectures"] >= 1
    assert LectureSchedule.objects.get().events.count() > before
    assert SignUp.objects.get(user=a).status == S.NO_SHOW
