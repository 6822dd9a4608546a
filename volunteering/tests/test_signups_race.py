"""Residents race for the last places of an event on PostgreSQL: exactly the capacity hold a
place and the others wait in line; a cancel racing new sign-ups gives the place to exactly
one waiting resident; one resident checking in from two phones earns once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from accounts.models import User
from accounts.roles import Role
from core.timeutil import now
from points.models import EarningRule, LedgerEntry
from tests.race import outcomes
from volunteering import actions
from volunteering.models import Attendance, CommunityEvent, SignUp, SignUpStatus

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

N = 10


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")


def _setup(v, capacity: int, starts_in: dt.timedelta) -> tuple[CommunityEvent, list[User]]:
    users = [
        v.world.user(Role.RESIDENT, v.world.east_grid, f"1380000{i:04d}", f"居民{i}")
        for i in range(N)
    ]
    event = actions.do_create_event(
        community=v.world.east,
        kind="activity",
        title="最后的名额",
        starts_at=now() + starts_in,
        ends_at=now() + starts_in + dt.timedelta(hours=2),
        signup_opens_at=now() - dt.timedelta(days=1) + min(starts_in, dt.timedelta(0)),
        capacity=capacity,
        actor=v.staff,
    )
    return event, users


def test_two_residents_taking_the_last_place_one_holds_it_the_other_waits(v) -> None:
    event, users = _setup(v, capacity=1, starts_in=dt.timedelta(days=1))
    results = outcomes(lambda i: actions.do_sign_up(event, actor=users[i]), 2)
    assert results == ["won", "won"]
    statuses = sorted(SignUp.objects.filter(event=event).values_list("status", flat=True))
    assert statuses == [SignUpStatus.HELD, SignUpStatus.WAITING]


def test_many_residents_at_once_fill_exactly_the_places(v) -> None:
    event, users = _setup(v, capacity=3, starts_in=dt.timedelta(days=1))
    outcomes(lambda i: actions.do_sign_up(event, actor=users[i]), N)
    held = SignUp.objects.filter(event=event, status=SignUpStatus.HELD).count()
    waiting = SignUp.objects.filter(event=event, status=SignUpStatus.WAITING).count()
    assert (held, waiting) == (3, N - 3)


def test_a_cancel_racing_new_sign_ups_moves_up_exactly_one(v) -> None:
    event, users = _setup(v, capacity=2, starts_in=dt.timedelta(days=1))
    for u in users[:4]:
        actions.do_sign_up(event, actor=u)  # two hold, two wait

    def act(i: int) -> None:
        if i == 0:
            actions.do_cancel_sign_up(event, actor=users[0])
        else:
            actions.do_sign_up(event, actor=users[3 + i])

    outcomes(act, 4)
    assert SignUp.objects.filter(event=event, status=SignUpStatus.HELD).count() == 2
    assert SignUp.objects.get(event=event, user=users[2]).status == SignUpStatus.HELD


def test_one_resident_checking_in_twice_at_once_earns_once(v) -> None:
    EarningRule.objects.create(
        activity="activity", unit="occurrence", points=5, valid_from=dt.date(2020, 1, 1)
    )
    event, users = _setup(v, capacity=2, starts_in=dt.timedelta(minutes=-5))
    SignUp.objects.create(event=event, user=users[0], status=SignUpStatus.HELD)
    results = outcomes(
        lambda i: actions.do_check_in_event(event, code=event.checkin_code, actor=users[0]), 4
    )
    assert results.count("won") == 1 and results.count("lost:409") == 3
    assert Attendance.objects.filter(event=event).count() == 1
    assert LedgerEntry.objects.filter(user=users[0], source="volunteering.event").count() == 1
