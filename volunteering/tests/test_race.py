"""Many volunteers take the same order at once, and many members claim the same wish: exactly
one wins, the others are told it is gone, and the history holds one take/claim."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection

from accounts.models import RoleAssignment, User
from accounts.roles import Role
from core.timeutil import now
from party.models import PartyMember
from points.models import EarningRule, LedgerEntry
from tests.race import outcomes, race
from volunteering import actions
from volunteering.models import Attendance, MicroWish, Order, OrderEvent, OrderStatus, WishEvent

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

N = 12


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")


def test_it_lets_exactly_one_of_many_volunteers_take_an_order(v) -> None:
    users = []
    for i in range(N):
        u = User.objects.create_user(phone=f"1360000{i:04d}", password="x", name=f"志愿者{i}")
        RoleAssignment.objects.create(user=u, role=Role.VOLUNTEER, area=v.world.east)
        actions.do_register_volunteer(actor=v.staff, community=v.world.east, user=u)
        users.append(u)
    order = v.published()

    results = outcomes(
        lambda i: actions.do_take_order(Order.objects.get(pk=order.pk), actor=users[i]), N
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

    results = outcomes(
        lambda i: actions.do_claim_wish(MicroWish.objects.get(pk=wish.pk), actor=users[i]), N
    )

    assert results.count("won") == 1 and results.count("lost:409") == N - 1
    assert WishEvent.objects.filter(wish=wish, event="claim").count() == 1


def test_many_api_clients_take_one_order_and_redeem_the_last_items_at_once(v) -> None:
    """Volunteers take one order and residents buy the last three items, all in one burst of
    HTTP requests; afterwards one taker, three sales, stock 0 and a ledger that adds up."""
    from django.test import Client

    from points.models import Item, LedgerEntry, Redemption
    from points.selectors import balance_of, check_ledger
    from points.tests.helpers import give, make_store

    n = 8
    order = v.published()
    item = make_store(v.world, price=10, stock=3)
    takers, buyers = [], []
    for i in range(n):
        u = User.objects.create_user(phone=f"1340000{i:04d}", password="x", name=f"志愿者{i}")
        RoleAssignment.objects.create(user=u, role=Role.VOLUNTEER, area=v.world.east)
        actions.do_register_volunteer(actor=v.staff, community=v.world.east, user=u)
        takers.append(u)
        buyer = v.world.user("resident", v.world.east_grid, f"1330000{i:04d}")
        give(v.world, buyer, 10)
        buyers.append(buyer)
    clients = []
    for u in takers + buyers:
        c = Client()
        c.force_login(u)
        clients.append(c)
    calls: list[tuple[str, dict[str, int]]] = [
        (f"/api/v1/volunteering/orders/{order.pk}/take", {})
    ] * n + [(f"/api/v1/points/items/{item.pk}/redeem", {"quantity": 1})] * n

    def post(i: int) -> tuple[str, int]:
        url, body = calls[i]
        status = clients[i].post(url, body, content_type="application/json").status_code
        return url.rsplit("/", 1)[1], status

    codes = race(post, 2 * n)

    assert sorted(s for what, s in codes if what == "take") == [200] + [409] * (n - 1)
    assert sorted(s for what, s in codes if what == "redeem") == [201] * 3 + [409] * (n - 3)
    order.refresh_from_db()
    assert order.status == OrderStatus.TAKEN and order.taker.user in takers
    assert OrderEvent.objects.filter(order=order, event="take").count() == 1
    assert Item.objects.get(pk=item.pk).stock == 0 and Redemption.objects.count() == 3
    debits = LedgerEntry.objects.filter(kind="debit").values_list("amount", flat=True)
    assert sorted(debits) == [-10, -10, -10]
    assert sum(balance_of(b) for b in buyers) == 10 * n - 30
    assert check_ledger().ok


def test_it_records_a_resident_once_when_many_staff_record_them_at_once(v) -> None:
    EarningRule.objects.create(
        activity="patrol", unit="occurrence", points=3, valid_from=dt.date(2020, 1, 1)
    )
    event = actions.do_create_event(
        community=v.world.east,
        kind="patrol",
        title="夜间巡防",
        starts_at=now() - dt.timedelta(hours=1),
        ends_at=now() + dt.timedelta(hours=1),
        actor=v.staff,
    )
    results = outcomes(
        lambda i: actions.do_record_attendance(event, phone=v.resident.phone, actor=v.staff), N
    )
    assert sorted(results) == ["lost:409"] * (N - 1) + ["won"]
    assert Attendance.objects.filter(event=event).count() == 1
    assert list(LedgerEntry.objects.filter(user=v.resident).values_list("amount", flat=True)) == [3]


def test_it_lets_exactly_one_of_many_claimants_claim_a_need(v) -> None:
    """双向领办: in-service members registered here and a partner unit's members claim one
    need at once; one claim is stored, the others are refused with a Conflict."""
    from volunteering.models import Claim, ClaimEvent, Need, NeedStatus

    users: list[User] = []
    claimants: list[dict[str, Any]] = []
    for i in range(N):
        u = User.objects.create_user(phone=f"1320000{i:04d}", password="x", name=f"领办{i}")
        m = PartyMember.objects.create(
            name=u.name,
            organisation=v.member.organisation,
            user=u,
            in_service=True,
            home_community=v.world.east,
            workplace=v.unit.name,
        )
        users.append(u)
        claimants.append({"member": m} if i % 2 else {"partner_unit": v.unit})
    need = actions.do_add_need(
        community=v.world.east, title="楼道灯坏", category="repair", actor=v.staff
    )

    results = outcomes(
        lambda i: actions.do_claim(
            need=Need.objects.get(pk=need.pk), plan="我来", actor=users[i], **claimants[i]
        ),
        N,
    )

    assert results.count("won") == 1 and results.count("lost:409") == N - 1
    assert Claim.objects.filter(need=need).count() == 1
    assert ClaimEvent.objects.filter(claim__need=need, event="claim").count() == 1
    need.refresh_from_db()
    assert need.status == NeedStatus.CLAIMED


def test_it_lets_exactly_one_of_many_units_claim_a_project(v) -> None:
    """A project holds no status of its own for claims: its row's lock and the partial unique
    index keep it to one claim."""
    from party.models import PartnerUnit
    from volunteering.models import Claim, Project

    need = actions.do_add_need(
        community=v.world.east, title="助餐", category="elderly", actor=v.staff
    )
    resource = actions.do_add_resource(
        community=v.world.east, title="食堂", category="elderly", partner_unit=v.unit, actor=v.staff
    )
    project = actions.do_match(need=need, resource=resource, actor=v.staff)
    units = [PartnerUnit.objects.create(name=f"单位{i}", area=v.world.east) for i in range(N)]

    results = outcomes(
        lambda i: actions.do_claim(
            project=Project.objects.get(pk=project.pk),
            partner_unit=units[i],
            plan="配送",
            actor=v.staff,
        ),
        N,
    )

    assert results.count("won") == 1 and results.count("lost:409") == N - 1
    assert Claim.objects.filter(project=project).count() == 1
