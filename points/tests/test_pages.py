import datetime as dt
import re

import pytest
import time_machine

from points.actions import do_adjust_points, do_award_points, do_redeem_item
from points.models import EarningRule, Item, LedgerEntry, Redemption, Store
from points.selectors import balance_of
from points.tests.helpers import give, make_rule, make_store


def test_it_shows_my_points_in_chinese_by_default(world, login):
    make_rule(world, "activity", points=10)
    user = world.users["resident"]
    do_award_points(user, "activity", source="a", source_id="1")
    body = login(user).get("/points/").content.decode()
    assert "我的积分" in body and 'id="balance">10<' in body
    assert "活动" in body


def test_it_warns_of_points_that_expire_when_the_year_ends(world, login, settings):
    settings.LINLI_POINTS_EXPIRE_AFTER_YEARS = 1
    make_rule(world, "activity", points=50)
    user = world.users["resident"]
    sh = dt.timezone(dt.timedelta(hours=8))
    with time_machine.travel(dt.datetime(2025, 3, 1, 9, tzinfo=sh), tick=False):
        do_award_points(user, "activity", source="a", source_id="1")
        assert 'id="expiring"' not in login(user).get("/points/").content.decode()
    with time_machine.travel(dt.datetime(2026, 2, 1, 9, tzinfo=sh), tick=False):
        do_adjust_points(user, -20, reason="兑换", actor=world.users["community_staff"])
        body = login(user).get("/points/").content.decode()
    assert "您有 30 积分将于 2026-12-31 后过期" in body
    settings.LINLI_POINTS_EXPIRE_AFTER_YEARS = 0
    with time_machine.travel(dt.datetime(2026, 2, 1, 9, tzinfo=sh), tick=False):
        assert 'id="expiring"' not in login(user).get("/points/").content.decode()


def test_it_lists_history_in_constant_queries(world, login, django_assert_max_num_queries):
    user = world.users["resident"]
    for _ in range(40):
        give(world, user, 1)
    client = login(user)
    client.get("/points/")  # warm the session
    with django_assert_max_num_queries(12):
        response = client.get("/points/?page=2")
    assert response.status_code == 200 and "2 / 2" in response.content.decode()


def test_it_redeems_from_the_store_page_and_shows_the_code(world, login):
    item = make_store(world, price=30, stock=2)
    user = world.users["resident"]
    give(world, user, 50)
    client = login(user)
    assert "大米5斤" in client.get("/points/store/").content.decode()
    response = client.post(f"/points/items/{item.pk}/redeem/", {"quantity": 1}, follow=True)
    r = Redemption.objects.get()
    assert r.pickup_code in response.content.decode()
    assert client.get(f"/points/redemptions/{r.pk}/").status_code == 200
    # Beyond the balance: a clear message, nothing stored.
    response = client.post(f"/points/items/{item.pk}/redeem/", {"quantity": 1}, follow=True)
    assert "积分不足" in response.content.decode()
    assert Redemption.objects.count() == 1 and balance_of(user) == 20


def test_it_lists_the_store_in_constant_queries(world, login, django_assert_max_num_queries):
    item = make_store(world)
    for n in range(10):
        from points.actions import do_create_item

        do_create_item(
            item.store, kind="service", name=f"理发{n}", price=5, actor=world.users["admin"]
        )
    client = login(world.users["resident"])
    client.get("/points/store/")
    with django_assert_max_num_queries(10):
        assert client.get("/points/store/").status_code == 200


def test_it_hides_other_communities_stores_from_residents(world, login):
    item = make_store(world, community=world.west)
    user = world.users["resident"]
    give(world, user, 100)
    client = login(user)
    assert "西社区" not in client.get("/points/store/").content.decode()
    assert client.post(f"/points/items/{item.pk}/redeem/", {"quantity": 1}).status_code == 404
    assert not Redemption.objects.exists()


def test_it_cancels_from_my_redemptions(world, login):
    item = make_store(world)
    user = world.users["resident"]
    give(world, user, 100)
    r = do_redeem_item(user, item)
    client = login(user)
    assert r.pickup_code in client.get("/points/redemptions/").content.decode()
    client.post(f"/points/redemptions/{r.pk}/cancel/")
    assert Redemption.objects.get().status == "cancelled" and balance_of(user) == 100
    # Someone else's redemption is not found.
    other = login(world.users["grid_worker"])
    assert other.post(f"/points/redemptions/{r.pk}/cancel/").status_code == 404


def test_it_writes_off_at_the_counter_page(world, login):
    item = make_store(world)
    user = world.users["resident"]
    give(world, user, 100)
    r = do_redeem_item(user, item)
    client = login(world.users["community_staff"])
    body = client.post("/points/manage/pickup/", {"code": r.pickup_code}).content.decode()
    assert 'id="done"' in body
    body = client.post("/points/manage/pickup/", {"code": r.pickup_code}).content.decode()
    assert "使用过" in body
    body = client.post("/points/manage/pickup/", {"code": "ABCDEFGH"}).content.decode()
    assert "没有这个取货码" in body


def test_it_says_when_a_code_was_used_in_local_time(world, login):
    """06:42 UTC is 14:42 in Asia/Shanghai, the time every page shows."""
    item = make_store(world)
    user = world.users["resident"]
    give(world, user, 100)
    r = do_redeem_item(user, item)
    client = login(world.users["community_staff"])
    with time_machine.travel(dt.datetime(2026, 12, 6, 6, 42, tzinfo=dt.UTC), tick=False):
        client.post("/points/manage/pickup/", {"code": r.pickup_code})
        body = client.post("/points/manage/pickup/", {"code": r.pickup_code}).content.decode()
    assert "该取货码已于 2026-12-06 14:42 使用过" in body


def test_it_keeps_staff_pages_from_residents(world, login):
    client = login(world.users["resident"])
    for url in (
        "/points/manage/",
        "/points/manage/rules/",
        "/points/manage/pickup/",
        "/points/manage/adjust/",
        "/points/manage/stores/",
        "/points/manage/reports/",
    ):
        assert client.get(url).status_code == 404, url


def test_it_lets_administrators_add_rules_and_refuses_contradictions(world, login):
    client = login(world.users["admin"])
    data = {
        "activity": "activity",
        "unit": "hour",
        "points": 5,
        "daily_cap": 50,
        "yearly_cap": 20,
        "valid_from": "2026-01-01",
    }
    body = client.post("/points/manage/rules/", data).content.decode()
    assert "每日上限不能高于年度上限" in body and not EarningRule.objects.exists()
    data["yearly_cap"] = 500
    assert client.post("/points/manage/rules/", data).status_code == 302
    rule = EarningRule.objects.get()
    assert client.post(f"/points/manage/rules/{rule.pk}/", {**data, "points": 6}).status_code == 302
    assert EarningRule.objects.get().points == 6
    page = client.get("/points/manage/rules/").content.decode()
    assert "每小时 6 分" in page
    client.cookies["django_language"] = "en"
    page = client.get("/points/manage/rules/").content.decode()
    assert "6 per hour" in page and "Daily cap 50" in page
    assert '<label for="id_points">Points per unit</label>' in page
    client.post(f"/points/manage/rules/{rule.pk}/deactivate/")
    assert not EarningRule.objects.get().active
    # Community staff see the rules but cannot change them.
    staff = login(world.users["community_staff"])
    assert "添加规则" not in staff.get("/points/manage/rules/").content.decode()
    assert staff.post("/points/manage/rules/", data).status_code == 404


def test_it_manages_stores_items_and_stock(world, login):
    client = login(world.users["community_staff"])
    response = client.post(
        "/points/manage/stores/", {"community": world.east.code, "name": "东爱心超市"}
    )
    store = Store.objects.get()
    assert response.status_code == 302
    # West is outside: not offered, refused.
    body = client.post("/points/manage/stores/", {"community": world.west.code, "name": "x"})
    assert Store.objects.count() == 1 and body.status_code == 200
    client.post(
        f"/points/manage/stores/{store.pk}/",
        {"kind": "goods", "name": "毛巾", "price": 8, "stock": 4},
    )
    item = Item.objects.get()
    client.post(
        f"/points/manage/items/{item.pk}/", {"form": "restock", "delta": 3, "reason": "捐赠"}
    )
    assert Item.objects.get().stock == 7
    body = client.post(
        f"/points/manage/items/{item.pk}/", {"form": "restock", "delta": -9}
    ).content.decode()
    assert "库存只有" in body and Item.objects.get().stock == 7
    client.post(
        f"/points/manage/items/{item.pk}/",
        {"form": "item", "kind": "goods", "name": "毛巾", "price": 9},
    )
    item = Item.objects.get()
    assert item.price == 9 and not item.active
    west_item = make_store(world, community=world.west)
    assert client.get(f"/points/manage/items/{west_item.pk}/").status_code == 404
    assert client.get(f"/points/manage/stores/{west_item.store_id}/").status_code == 404


def test_it_adjusts_by_phone_within_the_area(world, login):
    client = login(world.users["community_staff"])
    resident = world.users["resident"]
    client.post("/points/manage/adjust/", {"phone": resident.phone, "amount": 12, "reason": "补录"})
    assert balance_of(resident) == 12
    body = client.post(
        "/points/manage/adjust/", {"phone": "13999999999", "amount": 1, "reason": "x"}
    )
    assert "您辖区内没有" in body.content.decode()
    west_resident = world.user("resident", world.west_grid, "13611112222", "西居民")
    client.post(
        "/points/manage/adjust/", {"phone": west_resident.phone, "amount": 5, "reason": "x"}
    )
    assert balance_of(west_resident) == 0 and LedgerEntry.objects.count() == 1


def test_it_masks_names_on_the_resident_leaderboard(world, login):
    make_rule(world, "activity", points=10)
    do_award_points(world.users["resident"], "activity", source="a", source_id="1")
    do_award_points(world.users["grid_worker"], "activity", source="a", source_id="1")
    body = login(world.users["resident"]).get("/points/leaderboard/").content.decode()
    assert "东**" in body and "东网格员" not in body
    staff_body = login(world.users["community_staff"]).get("/points/leaderboard/").content.decode()
    assert "东网格员" in staff_body
    # Another community's board is not reachable for a resident of the east.
    resident = login(world.users["resident"])
    assert resident.get(f"/points/leaderboard/?community={world.west.code}").status_code == 404


def test_it_reports_for_staff(world, login):
    make_rule(world, "activity", points=10)
    do_award_points(world.users["resident"], "activity", source="a", source_id="1")
    item = make_store(world)
    give(world, world.users["resident"], 100)
    do_redeem_item(world.users["resident"], item)
    body = login(world.users["admin"]).get("/points/manage/reports/").content.decode()
    assert "活动" in body and "所有余额都等于" in body
    assert re.search(r"东社区爱心超市", body)
    body = login(world.users["community_staff"]).get("/points/manage/reports/").content.decode()
    assert "东社区爱心超市" in body
    assert login(world.users["admin"]).get("/points/manage/reports/?year=x").status_code == 404


@pytest.mark.parametrize("role", ["resident", "community_staff"])
def test_it_shows_nav_items_per_role(world, login, role):
    body = login(world.users[role]).get("/points/").content.decode()
    assert "爱心超市" in body
    assert ("积分管理" in body) == (role == "community_staff")


def test_it_shows_the_history_in_the_readers_language(world, login):
    from django.utils import translation

    make_rule(world, "volunteer_order", points=10, unit="hour")
    user = world.users["resident"]
    with translation.override("zh-hans"):  # the entries' reasons are written in Chinese
        do_award_points(user, "volunteer_order", quantity=1.5, source="o", source_id="1")
        item = make_store(world, name="Soap", price=5)
        do_redeem_item(user, item)
    client = login(user)
    body = client.get("/points/").content.decode()
    assert "志愿服务订单 · 1.5 小时" in body and "兑换 Soap × 1" in body
    client.cookies["django_language"] = "en"
    body = client.get("/points/").content.decode()
    assert "Volunteer order · 1.5 h" in body and "Redeemed Soap × 1" in body
    assert "小时" not in body
