import pytest
from django.utils import translation

from core.models import AuditEntry
from core.refusal import Refusal
from points.actions import (
    do_cancel_redemption,
    do_create_item,
    do_create_store,
    do_pickup_redemption,
    do_redeem_item,
    do_restock_item,
    do_update_item,
)
from points.actions.store import CODE_ALPHABET, CODE_LENGTH
from points.models import Item, LedgerEntry, Redemption
from points.selectors import balance_of, check_ledger
from points.tests.helpers import give, make_store
from tests.i18n import english_words


def test_it_reserves_points_and_stock_at_once_with_a_pickup_code(world):
    item = make_store(world, price=30, stock=3)
    user = world.users["resident"]
    give(world, user, 100)
    r = do_redeem_item(user, item, quantity=2)
    assert r.points == 60 and r.status == "reserved"
    assert len(r.pickup_code) == CODE_LENGTH and set(r.pickup_code) <= set(CODE_ALPHABET)
    assert balance_of(user) == 40
    assert Item.objects.get(pk=item.pk).stock == 1
    debit = LedgerEntry.objects.get(kind="debit")
    assert debit.amount == -60 and debit.source_id == str(r.pk)
    assert check_ledger().ok


def test_it_writes_the_ledger_reason_in_the_sites_language_whoever_redeems(world):
    item = make_store(world, price=30, stock=3)
    user = world.users["resident"]
    give(world, user, 100)
    with translation.override("en"):
        r = do_redeem_item(user, item)
        do_cancel_redemption(r, actor=user)
    reasons = list(LedgerEntry.objects.filter(source="redemption").values_list("reason", flat=True))
    assert len(reasons) == 2 and all(english_words(reason) == set() for reason in reasons)


def test_it_gives_codes_that_differ(world):
    item = make_store(world, price=1, stock=20)
    user = world.users["resident"]
    give(world, user, 20)
    codes = {do_redeem_item(user, item).pickup_code for _ in range(20)}
    assert len(codes) == 20


def test_it_refuses_redeeming_beyond_the_balance_and_stores_nothing(world, settings):
    settings.LANGUAGE_CODE = "en"
    item = make_store(world, price=30, stock=3)
    user = world.users["resident"]
    give(world, user, 50)
    with pytest.raises(Refusal, match="Not enough points") as err:
        do_redeem_item(user, item, quantity=2)
    assert err.value.status == 409
    assert balance_of(user) == 50 and Item.objects.get(pk=item.pk).stock == 3
    assert not Redemption.objects.exists()


def test_it_refuses_redeeming_beyond_the_stock_and_stores_nothing(world, settings):
    settings.LANGUAGE_CODE = "en"
    item = make_store(world, price=10, stock=1)
    user = world.users["resident"]
    give(world, user, 100)
    with pytest.raises(Refusal, match="Not enough in stock"):
        do_redeem_item(user, item, quantity=2)
    assert balance_of(user) == 100 and Item.objects.get(pk=item.pk).stock == 1
    assert not Redemption.objects.exists() and LedgerEntry.objects.count() == 1


@pytest.mark.parametrize("quantity", [0, -1, True, "x", 21])
def test_it_refuses_bad_quantities(world, quantity):
    item = make_store(world)
    user = world.users["resident"]
    give(world, user, 1000)
    with pytest.raises(Refusal):
        do_redeem_item(user, item, quantity=quantity)
    assert not Redemption.objects.exists()


def test_it_refuses_a_store_of_another_community(world):
    item = make_store(world, community=world.west)
    user = world.users["resident"]
    give(world, user, 100)
    with pytest.raises(Refusal) as err:
        do_redeem_item(user, item)
    assert err.value.status == 404
    assert not Redemption.objects.exists()


def test_it_refuses_items_off_sale(world):
    item = make_store(world)
    do_update_item(item, actor=world.users["community_staff"], active=False)
    user = world.users["resident"]
    give(world, user, 100)
    with pytest.raises(Refusal):
        do_redeem_item(user, item)


def test_it_writes_off_by_code_once(world, settings):
    settings.LANGUAGE_CODE = "en"
    item = make_store(world)
    user, staff = world.users["resident"], world.users["community_staff"]
    give(world, user, 100)
    r = do_redeem_item(user, item)
    done = do_pickup_redemption(r.pickup_code.lower(), actor=staff)
    assert done.status == "picked_up" and done.handled_by == staff
    with pytest.raises(Refusal, match="already used") as err:
        do_pickup_redemption(r.pickup_code, actor=staff)
    assert err.value.status == 409
    assert Redemption.objects.get().picked_up_at == done.picked_up_at


def test_it_refuses_forged_codes_and_codes_of_other_areas(world, settings):
    settings.LANGUAGE_CODE = "en"
    item = make_store(world)
    user = world.users["resident"]
    give(world, user, 100)
    r = do_redeem_item(user, item)
    for code in (
        "ABCDEFGH",
        "1",
        "",
        r.pickup_code[:-1] + ("2" if r.pickup_code[-1] != "2" else "3"),
    ):
        with pytest.raises(Refusal):
            do_pickup_redemption(code, actor=world.users["community_staff"])
    # West staff cannot write off an east redemption, even with the right code.
    west_staff = world.user("community_staff", world.west, "13700000099", "西社区干部")
    with pytest.raises(Refusal, match="No redemption has this pickup code"):
        do_pickup_redemption(r.pickup_code, actor=west_staff)
    with pytest.raises(Refusal):
        do_pickup_redemption(r.pickup_code, actor=world.users["grid_worker"])
    assert Redemption.objects.get().status == "reserved"
    assert not AuditEntry.objects.filter(action="points.pickup").exists()


def test_it_stops_guessing_codes_after_too_many_misses(world, settings):
    settings.LANGUAGE_CODE = "en"
    from points.actions.store import BAD_CODE_LIMIT

    item = make_store(world)
    user, staff = world.users["resident"], world.users["community_staff"]
    give(world, user, 100)
    r = do_redeem_item(user, item)
    for _ in range(BAD_CODE_LIMIT):
        with pytest.raises(Refusal):
            do_pickup_redemption("ZZZZZZZZ", actor=staff)
    with pytest.raises(Refusal, match="Too many") as err:
        do_pickup_redemption(r.pickup_code, actor=staff)
    assert err.value.status == 429
    assert Redemption.objects.get().status == "reserved"


def test_it_cancels_before_pickup_refunding_points_and_stock(world):
    item = make_store(world, price=30, stock=3)
    user = world.users["resident"]
    give(world, user, 100)
    r = do_redeem_item(user, item)
    do_cancel_redemption(r, actor=user)
    assert balance_of(user) == 100 and Item.objects.get(pk=item.pk).stock == 3
    assert Redemption.objects.get().status == "cancelled"
    refund = LedgerEntry.objects.get(kind="refund")
    assert refund.amount == 30 and refund.source_id == str(r.pk)
    with pytest.raises(Refusal):
        do_cancel_redemption(r, actor=user)
    with pytest.raises(Refusal):
        do_pickup_redemption(r.pickup_code, actor=world.users["community_staff"])
    assert balance_of(user) == 100 and check_ledger().ok


def test_it_refuses_cancelling_after_pickup_or_by_strangers(world):
    item = make_store(world)
    user = world.users["resident"]
    give(world, user, 100)
    r = do_redeem_item(user, item)
    with pytest.raises(Refusal) as err:
        do_cancel_redemption(r, actor=world.users["outsider"])
    assert err.value.status == 404
    do_pickup_redemption(r.pickup_code, actor=world.users["community_staff"])
    with pytest.raises(Refusal):
        do_cancel_redemption(r, actor=user)
    assert balance_of(user) == 70


def test_it_lets_staff_cancel_with_a_notice(world):
    item = make_store(world)
    user = world.users["resident"]
    give(world, user, 100)
    r = do_redeem_item(user, item)
    do_cancel_redemption(r, actor=world.users["community_staff"], reason="缺货")
    assert user.notifications.filter(body="缺货").exists()


def test_it_restocks_but_never_below_zero(world):
    item = make_store(world, stock=2)
    staff = world.users["community_staff"]
    do_restock_item(item, 5, reason="捐赠", actor=staff)
    assert Item.objects.get(pk=item.pk).stock == 7
    with pytest.raises(Refusal):
        do_restock_item(item, -8, actor=staff)
    with pytest.raises(Refusal):
        do_restock_item(item, 0, actor=staff)
    assert Item.objects.get(pk=item.pk).stock == 7


def test_it_keeps_store_management_within_the_staff_area(world):
    west_store_item = make_store(world, community=world.west)
    staff = world.users["community_staff"]
    with pytest.raises(Refusal):
        do_create_store(world.west, name="x", actor=staff)
    with pytest.raises(Refusal):
        do_create_store(world.east_grid, name="x", actor=staff)
    with pytest.raises(Refusal):
        do_create_item(west_store_item.store, kind="goods", name="x", price=1, actor=staff)
    with pytest.raises(Refusal):
        do_restock_item(west_store_item, 5, actor=staff)
    with pytest.raises(Refusal):
        do_create_store(world.east, name="x", actor=world.users["resident"])
    assert Item.objects.count() == 1


@pytest.mark.parametrize(
    "values",
    [
        {"price": 0},
        {"price": -3},
        {"price": 2**63},
        {"stock": -1},
        {"stock": 10**9},
        {"kind": "car"},
        {"name": " "},
    ],
)
def test_it_refuses_bad_items(world, values):
    store = make_store(world).store
    fields = {"kind": "goods", "name": "肥皂", "price": 5, "stock": 1, **values}
    with pytest.raises(Refusal):
        do_create_item(store, actor=world.users["community_staff"], **fields)
    assert Item.objects.count() == 1


def test_it_refuses_a_redemption_at_a_price_that_just_changed(world, settings):
    settings.LANGUAGE_CODE = "en"
    item = make_store(world, price=10, stock=5)
    user = world.users["resident"]
    give(world, user, 100)
    seen = Item.objects.select_related("store__community").get(pk=item.pk)
    do_update_item(item, actor=world.users["community_staff"], price=20)
    with pytest.raises(Refusal, match="price has just changed"):
        do_redeem_item(user, seen)
    assert balance_of(user) == 100 and not Redemption.objects.exists()
    assert Item.objects.get(pk=item.pk).stock == 5
