from __future__ import annotations

import io
import json

import pytest
from PIL import Image

from volunteering import actions
from volunteering.models import MicroWish, Need, Order, OrderEvent, OrderStatus, WishStatus

pytestmark = pytest.mark.django_db

BASE = "/api/v1/volunteering"


def post(client, url: str, body: dict | None = None):
    return client.post(BASE + url, json.dumps(body or {}), content_type="application/json")


def test_it_runs_an_order_through_the_api(v, login, client) -> None:
    login(v.resident)
    r = post(client, "/orders", {"service_id": v.item.pk, "description": "周末"})
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    login(v.staff)
    assert post(client, f"/orders/{pk}/publish", {"team_id": None}).status_code == 200
    login(v.vol_user)
    board = client.get(BASE + "/orders/open?lon=120.63&lat=28.01").json()
    assert [o["id"] for o in board] == [pk] and board[0]["distance_m"] == 0
    assert post(client, f"/orders/{pk}/take").status_code == 200
    r = post(client, f"/orders/{pk}/check-out", {"lon": 120.63, "lat": 28.01})
    assert r.status_code == 409
    assert post(client, f"/orders/{pk}/check-in", {"lon": 120.63, "lat": 28.01}).status_code == 200
    assert post(client, f"/orders/{pk}/check-out", {"lon": 120.63, "lat": 28.01}).status_code == 200
    login(v.resident)
    r = post(client, f"/orders/{pk}/confirm", {"rating": 5, "comment": "谢谢"})
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "confirmed" and [e["event"] for e in body["events"]] == [
        "request",
        "publish",
        "take",
        "check_in",
        "check_out",
        "confirm",
    ]


def test_it_answers_409_to_the_second_taker_and_stores_nothing(v, login, client) -> None:
    order = v.published(team=v.team)
    actions.do_add_team_member(v.team, volunteer=v.volunteer, actor=v.staff)
    login(v.vol_user)
    assert post(client, f"/orders/{order.pk}/take").status_code == 200
    events = OrderEvent.objects.count()
    login(v.vol2_user)
    r = post(client, f"/orders/{order.pk}/take")
    assert r.status_code == 409 and r.json()["detail"]
    assert OrderEvent.objects.count() == events


def test_it_rejects_bad_input_with_clear_errors(v, login, client) -> None:
    login(v.resident)
    assert post(client, "/orders", {"title": ""}).status_code == 400
    assert post(client, "/orders", {"service_id": 999}).status_code == 400
    assert post(client, "/orders", {"service_id": True}).status_code == 422
    assert not Order.objects.exists()
    order = actions.do_take_order(v.published(), actor=v.vol_user)
    login(v.vol_user)
    r = post(client, f"/orders/{order.pk}/check-in", {"lon": 999, "lat": 28})
    assert r.status_code == 400
    r = post(client, f"/orders/{order.pk}/check-in", {"lon": True, "lat": 28})
    assert r.status_code == 422
    order.refresh_from_db()
    assert order.status == OrderStatus.TAKEN


def test_it_answers_404_outside_the_users_area(v, login, client) -> None:
    order = actions.do_request_order(requester=v.resident, service=v.item, actor=v.resident)
    login(v.world.users["outsider"])
    assert client.get(f"{BASE}/orders/{order.pk}").status_code == 404
    assert post(client, f"/orders/{order.pk}/publish").status_code == 404
    r = post(
        client, "/needs", {"community_code": v.world.east.code, "title": "x", "category": "other"}
    )
    assert r.status_code == 404
    assert not Need.objects.exists()


def test_it_posts_claims_and_fulfils_a_wish(v, login, client) -> None:
    login(v.staff)
    r = post(
        client,
        "/wishes",
        {
            "community_code": v.world.east.code,
            "title": "一双棉鞋",
            "beneficiary_name": "赵爷爷",
            "beneficiary_kind": "elderly",
            "privacy": "anonymous",
        },
    )
    assert r.status_code == 201 and r.json()["beneficiary"] == "赵爷爷"
    pk = r.json()["id"]
    login(v.vol2_user)
    wall = client.get(BASE + "/wishes").json()
    assert wall[0]["beneficiary"] != "赵爷爷"
    assert post(client, f"/wishes/{pk}/claim").status_code == 200
    buf = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buf, "PNG")
    buf.seek(0)
    buf.name = "p.png"
    r = client.post(f"{BASE}/wishes/{pk}/fulfil", {"photo": buf, "note": "送到了"})
    assert r.status_code == 200, r.content
    login(v.staff)
    assert post(client, f"/wishes/{pk}/confirm").status_code == 200
    assert MicroWish.objects.get().status == WishStatus.CONFIRMED


def test_it_matches_needs_and_resources(v, login, client) -> None:
    login(v.staff)
    code = v.world.east.code
    need = post(
        client,
        "/needs",
        {"community_code": code, "title": "老人助餐", "category": "elderly", "households": 30},
    ).json()
    res = post(
        client,
        "/resources",
        {
            "community_code": code,
            "title": "食堂送餐",
            "category": "elderly",
            "partner_unit_id": v.unit.pk,
        },
    ).json()
    r = post(client, "/projects", {"need_id": need["id"], "resource_id": res["id"]})
    assert r.status_code == 201
    pk = r.json()["id"]
    assert (
        post(client, "/projects", {"need_id": need["id"], "resource_id": res["id"]}).status_code
        == 409
    )
    assert post(client, f"/projects/{pk}/complete").status_code == 409
    assert post(client, f"/projects/{pk}/start").status_code == 200
    assert post(client, f"/projects/{pk}/complete", {"note": "已开餐"}).status_code == 200
    assert client.get(BASE + "/needs").json()[0]["status"] == "met"


def test_it_lists_in_service_progress(v, login, client) -> None:
    login(v.staff)
    rows = client.get(BASE + "/in-service?behind=true").json()
    assert [r["name"] for r in rows] == ["东党员"] and rows[0]["behind"] is True


def test_the_schema_declares_error_responses(client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    take = schema["paths"][f"{BASE}/orders/{{pk}}/take"]["post"]["responses"]
    assert {"200", "403", "404", "409", "422"} <= set(take)


def test_it_refuses_wishes_orders_and_matches_of_another_community(v, login, client) -> None:
    from volunteering.tests.test_wishes import post as post_wish

    wish = post_wish(v)
    order = v.published()
    login(v.west_vol_user)  # a volunteer of the west community
    assert client.get(f"{BASE}/wishes/{wish.pk}").status_code == 404
    assert post(client, f"/wishes/{wish.pk}/claim").status_code == 404
    assert post(client, f"/orders/{order.pk}/take").status_code == 404
    assert all(o["id"] != order.pk for o in client.get(f"{BASE}/orders/open").json())
    login(v.world.users["outsider"])  # staff-like grid worker of the west
    body = {
        "community_code": v.world.east.code,
        "title": "x",
        "beneficiary_name": "x",
        "beneficiary_kind": "child",
    }
    assert post(client, "/wishes", body).status_code == 404
    assert post(client, f"/wishes/{wish.pk}/cancel", {"reason": "x"}).status_code == 404
    assert post(client, "/projects", {"need_id": 1, "resource_id": 1}).status_code in (400, 404)
    wish.refresh_from_db()
    order.refresh_from_db()
    assert wish.status == WishStatus.OPEN and wish.claimed_by_id is None
    assert order.status == OrderStatus.PUBLISHED and order.taker_id is None
    assert MicroWish.objects.count() == 1


def test_it_gives_the_beneficiary_only_as_the_resident_agreed(v, login, client) -> None:
    from volunteering.tests.test_wishes import post as post_wish

    hidden = post_wish(v, privacy="anonymous", beneficiary_name="李秀英")
    masked = post_wish(v, privacy="masked", beneficiary_name="张小花")
    login(v.vol2_user)
    shown = {w["id"]: w["beneficiary"] for w in client.get(f"{BASE}/wishes").json()}
    assert shown == {hidden.pk: "匿名", masked.pk: "张**"}
    assert "李秀英" not in client.get(f"{BASE}/wishes/{hidden.pk}").content.decode()
    login(v.staff)
    assert client.get(f"{BASE}/wishes/{hidden.pk}").json()["beneficiary"] == "李秀英"
