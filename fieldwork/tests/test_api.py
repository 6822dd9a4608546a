"""The field work API: visits (a retry answers the first), coverage, households due,
pairings with the limit, who looks after a household."""

from __future__ import annotations

from typing import Any

from fieldwork.models import Pairing, Visit


def body(world: Any, **kw: Any) -> dict[str, Any]:
    data = {
        "household_code": world.east_households[0].code,
        "visited_on": "2026-05-20",
        "kind": "care",
        "found": "独居老人身体好",
        "needs": "",
        "lon": 120.6301,
        "lat": 28.0101,
    }
    data.update(kw)
    return data


def test_it_records_a_visit_once_per_idempotency_key(world: Any, login: Any) -> None:
    client = login(world.users["grid_worker"])
    first = client.post(
        "/api/v1/fieldwork/visits",
        body(world),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k-1",
    )
    assert first.status_code == 201, first.content
    again = client.post(
        "/api/v1/fieldwork/visits",
        body(world),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k-1",
    )
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert again.json()["replayed"] is True
    assert Visit.objects.count() == 1
    listed = client.get("/api/v1/fieldwork/visits").json()
    assert listed["count"] == 1 and listed["results"][0]["visitors"] == ["东网格员"]


def test_it_takes_a_photo_in_base64_and_answers_a_signed_address(world: Any, login: Any) -> None:
    import base64
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(out, format="PNG")
    photo = "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()
    client = login(world.users["grid_worker"])
    r = client.post(
        "/api/v1/fieldwork/visits", body(world, photo=photo), content_type="application/json"
    )
    assert r.status_code == 201, r.content
    url = r.json()["photo_url"]
    assert url.startswith("/media/visits/") and "?s=" in url
    assert client.get(url).status_code == 200
    bad = client.post(
        "/api/v1/fieldwork/visits", body(world, photo="%%%"), content_type="application/json"
    )
    assert bad.status_code == 400 and bad.json()["field"] == "photo"


def test_it_refuses_bad_visits(world: Any, login: Any) -> None:
    client = login(world.users["grid_worker"])
    r = client.post(
        "/api/v1/fieldwork/visits", body(world, found=" "), content_type="application/json"
    )
    assert r.status_code == 400 and r.json()["field"] == "found"
    r = client.post(
        "/api/v1/fieldwork/visits",
        body(world, household_code="NOPE"),
        content_type="application/json",
    )
    assert r.status_code == 404
    r = client.post(
        "/api/v1/fieldwork/visits", body(world, kind="x"), content_type="application/json"
    )
    assert r.status_code == 422
    outsider = login(world.users["outsider"])
    r = outsider.post("/api/v1/fieldwork/visits", body(world), content_type="application/json")
    assert r.status_code == 404
    assert not Visit.objects.exists()


def test_it_answers_coverage_and_the_households_due(world: Any, login: Any) -> None:
    client = login(world.users["community_staff"])
    client.post("/api/v1/fieldwork/visits", body(world), content_type="application/json")
    cov = client.get("/api/v1/fieldwork/coverage").json()
    assert (cov["households"], cov["visited"]) == (2, 0)  # staff alone: not the grid's worker
    worker = login(world.users["grid_worker"])
    worker.post("/api/v1/fieldwork/visits", body(world), content_type="application/json")
    cov = worker.get("/api/v1/fieldwork/coverage").json()
    assert (cov["households"], cov["visited"], cov["share"]) == (2, 1, 0.5)
    due = worker.get("/api/v1/fieldwork/visits-due").json()
    assert [h["code"] for h in due["results"]] == [world.east_households[1].code]
    assert worker.get(f"/api/v1/fieldwork/coverage?area={world.west.code}").status_code == 404


def test_it_pairs_up_to_the_limit(world: Any, member: Any, login: Any, settings: Any) -> None:
    settings.LINLI_HOUSEHOLD_LINK_LIMIT = 1
    client = login(world.users["community_staff"])
    made = client.post(
        "/api/v1/fieldwork/pairings",
        {
            "kind": "household_link",
            "person_phone": member.phone,
            "target_code": world.east_households[0].code,
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["target_code"] == world.east_households[0].code
    refused = client.post(
        "/api/v1/fieldwork/pairings",
        {
            "kind": "household_link",
            "person_phone": member.phone,
            "target_code": world.east_households[1].code,
        },
        content_type="application/json",
    )
    assert refused.status_code == 409
    carers = client.get(f"/api/v1/fieldwork/households/{world.east_households[0].code}/carers")
    assert [c["name"] for c in carers.json()] == [member.name]
    cov = client.get("/api/v1/fieldwork/pairing-coverage").json()
    assert cov["households_with_contact"] == 1 and cov["special_residents"] == 1
    ended = client.post(f"/api/v1/fieldwork/pairings/{made.json()['id']}/end")
    assert ended.status_code == 200 and ended.json()["ended_on"] == "2026-05-20"
    assert Pairing.objects.filter(ended_on__isnull=True).count() == 0
    mine = login(member).get("/api/v1/fieldwork/pairings?active=false&mine=true").json()
    assert mine["count"] == 1
