import datetime as dt

import pytest

from points.actions import do_award_points, do_redeem_item
from points.models import EarningRule, Item, LedgerEntry, Redemption, Store
from points.selectors import balance_of
from points.tests.helpers import give, make_rule, make_store

API = "/api/v1/points"


def test_it_gives_balance_and_history(world, login):
    make_rule(world, "activity", points=10)
    user = world.users["resident"]
    do_award_points(user, "activity", source="a", source_id="1")
    client = login(user)
    me = client.get(f"{API}/me").json()
    assert me["balance"] == 10 and me["earned_this_year"] == 10
    rows = client.get(f"{API}/history?limit=5").json()
    assert rows[0]["amount"] == 10 and rows[0]["kind"] == "credit"
    assert client.get(f"{API}/history?limit=500").status_code == 422


def test_it_needs_authentication(db, client):
    assert client.get(f"{API}/me").status_code == 401


def test_it_redeems_cancels_and_writes_off_through_the_api(world, login):
    item = make_store(world, price=20, stock=2)
    user = world.users["resident"]
    give(world, user, 50)
    client = login(user)
    stores = client.get(f"{API}/stores").json()
    assert [s["id"] for s in stores] == [item.store_id]
    items = client.get(f"{API}/stores/{item.store_id}/items").json()
    assert items[0]["stock"] == 2
    r = client.post(
        f"{API}/items/{item.pk}/redeem", {"quantity": 1}, content_type="application/json"
    )
    assert r.status_code == 201
    code = r.json()["pickup_code"]
    first = r.json()["id"]
    r2 = client.post(f"{API}/items/{item.pk}/redeem", {}, content_type="application/json").json()
    c = client.post(f"{API}/redemptions/{r2['id']}/cancel", {}, content_type="application/json")
    assert c.status_code == 200 and c.json()["status"] == "cancelled"
    assert balance_of(user) == 30
    staff = login(world.users["community_staff"])
    listed = staff.get(f"{API}/manage/redemptions?status=reserved").json()
    assert [x["id"] for x in listed] == [first] and listed[0]["pickup_code"] is None
    ok = staff.post(f"{API}/pickup", {"code": code}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "picked_up"
    again = staff.post(f"{API}/pickup", {"code": code}, content_type="application/json")
    assert again.status_code == 409 and again.json()["field"] == "code"
    forged = staff.post(f"{API}/pickup", {"code": "QQQQQQQQ"}, content_type="application/json")
    assert forged.status_code == 404


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"quantity": 5}, 409),
        ({"quantity": 0}, 422),
        ({"quantity": True}, 422),
        ({"quantity": "1"}, 422),
    ],
)
def test_it_refuses_bad_redemptions_and_stores_nothing(world, login, body, status):
    item = make_store(world, price=20, stock=10)
    user = world.users["resident"]
    give(world, user, 50)
    r = login(user).post(f"{API}/items/{item.pk}/redeem", body, content_type="application/json")
    assert r.status_code == status
    assert not Redemption.objects.exists() and balance_of(user) == 50
    assert Item.objects.get().stock == 10


def test_it_hides_other_communities_from_the_api(world, login):
    item = make_store(world, community=world.west)
    user = world.users["resident"]
    give(world, user, 100)
    client = login(user)
    assert client.get(f"{API}/stores/{item.store_id}/items").status_code == 404
    r = client.post(f"{API}/items/{item.pk}/redeem", {}, content_type="application/json")
    assert r.status_code == 404
    staff = login(world.users["community_staff"])
    r = staff.post(
        f"{API}/manage/items/{item.pk}/restock", {"delta": 5}, content_type="application/json"
    )
    assert r.status_code == 404 and Item.objects.get().stock == 3
    assert staff.get(f"{API}/leaderboard?community={world.west.code}").status_code == 404


def test_it_manages_rules_through_the_api(world, login):
    admin = login(world.users["admin"])
    body = {
        "activity": "consultation",
        "unit": "occurrence",
        "points": 5,
        "daily_cap": 10,
        "yearly_cap": 5,
        "valid_from": "2026-01-01",
    }
    r = admin.post(f"{API}/rules", body, content_type="application/json")
    assert r.status_code == 400 and r.json()["field"] == "daily_cap"
    body["yearly_cap"] = 100
    r = admin.post(f"{API}/rules", body, content_type="application/json")
    assert r.status_code == 201
    rule_id = r.json()["id"]
    clash = admin.post(
        f"{API}/rules", {**body, "valid_from": "2026-05-01"}, content_type="application/json"
    )
    assert clash.status_code == 409
    assert (
        admin.post(
            f"{API}/rules", {**body, "points": True}, content_type="application/json"
        ).status_code
        == 422
    )
    r = admin.patch(f"{API}/rules/{rule_id}", {"points": 7}, content_type="application/json")
    assert r.status_code == 200 and r.json()["points"] == 7 and r.json()["daily_cap"] == 10
    r = admin.patch(
        f"{API}/rules/{rule_id}", {"valid_to": "2025-01-01"}, content_type="application/json"
    )
    assert r.status_code == 400
    assert admin.post(f"{API}/rules/{rule_id}/deactivate").json()["active"] is False
    staff = login(world.users["community_staff"])
    assert len(staff.get(f"{API}/rules").json()) == 1
    assert staff.post(f"{API}/rules", body, content_type="application/json").status_code == 403
    assert login(world.users["resident"]).get(f"{API}/rules").status_code == 404
    assert EarningRule.objects.count() == 1


def test_it_manages_stores_and_items_through_the_api(world, login):
    staff = login(world.users["community_staff"])
    r = staff.post(
        f"{API}/manage/stores",
        {"community_code": world.east.code, "name": "东超市"},
        content_type="application/json",
    )
    assert r.status_code == 201
    store_id = r.json()["id"]
    r = staff.post(
        f"{API}/manage/stores",
        {"community_code": world.west.code, "name": "x"},
        content_type="application/json",
    )
    assert r.status_code == 404
    r = staff.post(
        f"{API}/manage/stores/{store_id}/items",
        {"kind": "service", "name": "理发", "price": 15, "stock": 5},
        content_type="application/json",
    )
    assert r.status_code == 201
    item_id = r.json()["id"]
    bad = staff.post(
        f"{API}/manage/stores/{store_id}/items",
        {"kind": "service", "name": "x", "price": -1},
        content_type="application/json",
    )
    assert bad.status_code == 400
    r = staff.post(
        f"{API}/manage/items/{item_id}/restock", {"delta": -6}, content_type="application/json"
    )
    assert r.status_code == 409
    r = staff.patch(
        f"{API}/manage/items/{item_id}",
        {"price": 12, "active": False},
        content_type="application/json",
    )
    assert r.json()["price"] == 12 and r.json()["active"] is False
    r = staff.patch(
        f"{API}/manage/stores/{store_id}",
        {"opening_hours": "9:00-17:00"},
        content_type="application/json",
    )
    assert r.json()["opening_hours"] == "9:00-17:00"
    assert [s["id"] for s in staff.get(f"{API}/manage/stores").json()] == [store_id]
    assert Store.objects.count() == 1 and Item.objects.count() == 1


def test_it_adjusts_and_checks_the_ledger_through_the_api(world, login):
    staff = login(world.users["community_staff"])
    resident = world.users["resident"]
    r = staff.post(
        f"{API}/adjustments",
        {"phone": resident.phone, "amount": 8, "reason": "补录"},
        content_type="application/json",
    )
    assert r.status_code == 201 and balance_of(resident) == 8
    r = staff.post(
        f"{API}/adjustments",
        {"phone": resident.phone, "amount": -9, "reason": "x"},
        content_type="application/json",
    )
    assert r.status_code == 409
    r = staff.post(
        f"{API}/adjustments",
        {"phone": resident.phone, "amount": 3, "reason": ""},
        content_type="application/json",
    )
    assert r.status_code == 400
    assert LedgerEntry.objects.count() == 1
    assert staff.get(f"{API}/ledger/check").status_code == 404
    check = login(world.users["admin"]).get(f"{API}/ledger/check").json()
    assert check["ok"] and check["entries"] == 1


def test_it_reports_and_ranks(world, login):
    make_rule(world, "activity", points=10)
    do_award_points(world.users["resident"], "activity", source="a", source_id="1")
    item = make_store(world)
    give(world, world.users["resident"], 100)
    r = do_redeem_item(world.users["resident"], item)
    staff = login(world.users["community_staff"])
    staff.post(f"{API}/pickup", {"code": r.pickup_code}, content_type="application/json")
    report = staff.get(f"{API}/reports?year={dt.date.today().year}").json()
    assert report["stores"][0]["picked_up"] == 1 and report["stores"][0]["points_spent"] == 30
    ranks = login(world.users["resident"]).get(f"{API}/leaderboard").json()
    assert ranks[0]["me"] and ranks[0]["name"].startswith("东") and "*" in ranks[0]["name"]


def test_it_lists_the_points_endpoints_in_the_schema(db, client):
    schema = client.get("/api/v1/openapi.json").json()
    paths = [p for p in schema["paths"] if p.startswith(API)]
    assert f"{API}/items/{{item_id}}/redeem" in paths and f"{API}/pickup" in paths
    responses = schema["paths"][f"{API}/pickup"]["post"]["responses"]
    assert {"200", "404", "409", "422", "429"} <= set(responses)


def test_every_volunteering_and_points_operation_declares_its_errors(client, db):
    """401 without credentials, 404 for an id in the path, 400/422 for a body, 422 for a query."""
    schema = client.get("/api/v1/openapi.json").json()
    undeclared = []
    for path, operations in schema["paths"].items():
        if not path.startswith(("/api/v1/points/", "/api/v1/volunteering/")):
            continue
        for method, operation in operations.items():
            codes = set(operation["responses"])
            where = {p["in"] for p in operation.get("parameters", [])}
            needed = {"401"}
            if "path" in where:
                needed.add("404")
            if "query" in where or "requestBody" in operation:
                needed.add("422")
            if not needed <= codes:
                undeclared.append((method, path, sorted(needed - codes)))
    assert undeclared == []
    assert client.get("/api/v1/points/me").status_code == 401
