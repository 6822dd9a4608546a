"""Many volunteers take the same order at once, and many members claim the same wish: exactly
one wins, the others are told it is gone, and the history holds one take/claim."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from accounts.models import RoleAssignment, User
from accounts.roles import Role
from party.models import PartyMember
from volunteering import actions
from volunteering.models import MicroWish, Order, OrderEvent, OrderStatus, WishEvent
from volunteering.workflow import TransitionError

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

N = 12


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")


def _race(n: int, fn) -> list[str]:
    barrier = threading.Barrier(n)
    results: list[str] = []
    lock = threading.Lock()

    def worker(i: int) -> None:
        try:
            barrier.wait()
            fn(i)
            outcome = "won"
        except TransitionError as exc:
            outcome = f"lost:{exc.code}"
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_it_lets_exactly_one_of_many_volunteers_take_an_order(v) -> None:
    users = []
    for i in range(N):
        u = User.objects.create_user(phone=f"1360000{i:04d}", password="x", name=f"志愿者{i}")
        RoleAssignment.objects.create(user=u, role=Role.VOLUNTEER, area=v.world.east)
        actions.do_register_volunteer(actor=v.staff, community=v.world.east, user=u)
        users.append(u)
    order = v.published()

    results = _race(
        N, lambda i: actions.do_take_order(Order.objects.get(pk=order.pk), actor=users[i])
    )

    assert results.count("won") == 1
    assert results.count("lost:409") == N - 1
    order.refresh_from_db()
    assert order.status == OrderStatus.TAKEN and order.taker.user in users
    assert OrderEvent.objects.filter(order=order, event="take").count() == 1


def test_it_lets_exactly_one_of_many_members_claim_a_wish(v) -> None:
    users = []
    for i in range(N):
        u = User.objects.create_user(phone=f"1350000{i:04d}", password="x", name=f"党员{i}")
        RoleAssignment.objects.create(user=u, role=Role.VOLUNTEER, area=v.world.east)
        PartyMember.objects.create(name=u.name, organisation=v.member.organisation, user=u)
        users.append(u)
    wish = actions.do_post_wish(
        community=v.world.east,
        title="一个书包",
        beneficiary_name="小明",
        beneficiary_kind="child",
        actor=v.staff,
    )

    results = _race(
        N, lambda i: actions.do_claim_wish(MicroWish.objects.get(pk=wish.pk), actor=users[i])
    )

    assert results.count("won") == 1 and results.count("lost:409") == N - 1
    assert WishEvent.objects.filter(wish=wish, event="claim").count() == 1
