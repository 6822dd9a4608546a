"""双向领办 in the API: claim, deliver, rate; the refusals' statuses."""

from __future__ import annotations

import pytest

from volunteering.tests.claims import need, unit_worker

pytestmark = pytest.mark.django_db
API = "/api/v1/volunteering"


def test_it_claims_delivers_and_rates_through_the_api(v, client) -> None:
    n = need(v)
    worker = unit_worker(v)
    client.force_login(worker)
    assert {"kind": "need", "id": n.pk, "title": n.title, "community_code": "330324001001"} in (
        client.get(f"{API}/claimable").json()
    )
    r = client.post(
        f"{API}/claims",
        {"need_id": n.pk, "partner_unit_id": v.unit.pk, "plan": "周末来修"},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    claim = r.json()
    assert claim["claimant"] == v.unit.name and claim["status"] == "claimed"
    r = client.post(
        f"{API}/claims/{claim['id']}/deliver",
        {"report": "换了灯"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["status"] == "delivered"
    assert client.post(
        f"{API}/claims/{claim['id']}/rate", {"score": 5}, content_type="application/json"
    ).status_code in (403, 404)

    client.force_login(v.staff)
    assert [c["id"] for c in client.get(f"{API}/claims?show=to_rate").json()["results"]] == [
        claim["id"]
    ]
    r = client.post(
        f"{API}/claims/{claim['id']}/rate",
        {"score": 4, "comment": "好"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["score"] == 4 and r.json()["status"] == "rated"
    assert [e["event"] for e in r.json()["events"]] == ["claim", "deliver", "rate"]

    client.force_login(v.world.users["resident"])
    r = client.post(
        f"{API}/claims/{claim['id']}/ratings", {"stars": 5}, content_type="application/json"
    )
    assert r.status_code == 201
    r = client.post(
        f"{API}/claims/{claim['id']}/ratings", {"stars": 5}, content_type="application/json"
    )
    assert r.status_code == 409
    assert client.get(f"{API}/claims/{claim['id']}").json()["rating_count"] == 1


def test_it_answers_409_to_the_second_claimant_and_404_outside(v, client) -> None:
    n = need(v)
    client.force_login(v.vol2_user)
    body = {"need_id": n.pk, "plan": "我来"}
    assert client.post(f"{API}/claims", body, content_type="application/json").status_code == 201
    client.force_login(unit_worker(v))
    body = {"need_id": n.pk, "partner_unit_id": v.unit.pk, "plan": "我们来"}
    assert client.post(f"{API}/claims", body, content_type="application/json").status_code == 409
    client.force_login(v.world.users["outsider"])
    assert client.post(f"{API}/claims", body, content_type="application/json").status_code == 404
    claim_id = n.claims.get().pk
    assert client.get(f"{API}/claims/{claim_id}").status_code == 404


def test_it_refuses_a_claim_without_a_plan(v, client) -> None:
    n = need(v)
    client.force_login(v.vol2_user)
    r = client.post(
        f"{API}/claims", {"need_id": n.pk, "plan": " "}, content_type="application/json"
    )
    assert r.status_code == 400 and r.json()["field"] == "plan"
