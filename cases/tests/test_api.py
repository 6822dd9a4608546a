import base64
import json
from typing import Any

import pytest
from ninja.renderers import NinjaJSONEncoder

from accounts.models import ApiToken
from cases.models import Case
from cases.tests.helpers import EAST, WEST, jpeg

URL = "/api/v1/cases/"


def body(**kw: Any) -> dict[str, Any]:
    data = {"category": "S0101", "description": "垃圾满了", "lon": EAST[0], "lat": EAST[1]}
    data.update(kw)
    return data


def test_it_creates_once_per_idempotency_key_with_a_token(world: Any, client: Any) -> None:
    _token, key = ApiToken.issue(world.users["resident"], "phone")
    headers = {"Authorization": f"Bearer {key}", "Idempotency-Key": "offline-7"}
    photo = base64.b64encode(jpeg().read()).decode()
    first = client.post(URL, body(photos=[photo]), content_type="application/json", headers=headers)
    assert first.status_code == 201, first.content
    again = client.post(URL, body(), content_type="application/json", headers=headers)
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"] and again.json()["replayed"]
    assert len(first.json()["photos"]) == 1
    assert Case.objects.count() == 1


def test_the_intake_answer_is_what_its_schema_declares(world: Any, client: Any) -> None:
    """The report answer is rendered without a second validation: it must already be
    exactly the schema's shape, for a new case (with photo) and for a replay."""
    from cases.api.schemas import CaseDetailOut

    _token, key = ApiToken.issue(world.users["resident"], "phone")
    headers = {"Authorization": f"Bearer {key}", "Idempotency-Key": "schema-1"}
    photo = base64.b64encode(jpeg().read()).decode()
    for data in (body(photos=[photo], address="东门口"), body()):
        answer = client.post(URL, data, content_type="application/json", headers=headers)
        assert answer.status_code in (200, 201) and answer["Content-Type"] == "application/json"
        got = answer.json()
        declared = CaseDetailOut.model_validate(got).model_dump()
        assert set(got) == set(declared)
        assert got == json.loads(json.dumps(declared, cls=NinjaJSONEncoder))


def test_it_refuses_bad_input_with_clear_errors_and_stores_nothing(world: Any, login: Any) -> None:
    client = login(world.users["resident"])
    for data, code in (
        (body(category="NOPE"), 400),
        (body(lon=500), 422),
        (body(lon=10.0, lat=10.0), 400),
        (body(description="x" * 4001), 422),
        (body(photos=["bm90IGFuIGltYWdl"]), 400),
        (body(photos=["***"]), 400),
        ({"description": "no category"}, 422),
        (body(anonymous="yes"), 422),
    ):
        r = client.post(URL, data, content_type="application/json")
        assert r.status_code == code, (data, r.content)
        assert r.json()["detail"]
    assert Case.objects.count() == 0


def test_it_runs_the_loop_and_maps_conflicts_and_areas(world: Any, client: Any) -> None:
    resident, staff, worker = (
        world.users[k] for k in ("resident", "community_staff", "grid_worker")
    )
    client.force_login(resident)
    case_id = client.post(URL, body(), content_type="application/json").json()["id"]
    client.force_login(world.users["outsider"])
    assert (
        client.post(f"{URL}{case_id}/accept", {}, content_type="application/json").status_code
        == 404
    )
    client.force_login(staff)
    assert (
        client.post(f"{URL}{case_id}/close", {}, content_type="application/json").status_code == 409
    )
    assert (
        client.post(f"{URL}{case_id}/accept", {}, content_type="application/json").status_code
        == 200
    )
    r = client.post(f"{URL}{case_id}/dispatch", {"to": worker.pk}, content_type="application/json")
    assert r.json()["status"] == "dispatched"
    client.force_login(worker)
    r = client.post(f"{URL}{case_id}/handle", {"note": "好了"}, content_type="application/json")
    assert r.status_code == 200
    r = client.post(f"{URL}{case_id}/handle", {"note": "好了"}, content_type="application/json")
    assert r.status_code == 409 and "已处置" in r.json()["detail"]
    client.force_login(staff)
    client.post(f"{URL}{case_id}/verify", {"passed": True}, content_type="application/json")
    r = client.post(f"{URL}{case_id}/close", {}, content_type="application/json")
    assert r.json()["status"] == "closed"
    client.force_login(resident)
    r = client.post(f"{URL}{case_id}/rate", {"score": 5}, content_type="application/json")
    assert r.json() == {"case_id": case_id, "score": 5, "status": "closed"}
    detail = client.get(f"{URL}{case_id}").json()
    assert [t["action"] for t in detail["transitions"]][-2:] == ["close", "rate"]


def test_it_lists_only_what_the_user_may_see(world: Any, login: Any) -> None:
    client = login(world.users["resident"])
    client.post(URL, body(), content_type="application/json")
    client.post(URL, body(lon=WEST[0], lat=WEST[1]), content_type="application/json")
    outsider = login(world.users["outsider"])
    page = outsider.get(URL).json()
    assert page["count"] == 1 and page["results"][0]["area_code"] == world.west_grid.code
    staff = login(world.users["subdistrict_staff"])
    assert staff.get(URL + "?status=reported").json()["count"] == 2


@pytest.mark.parametrize("page", ["0", "100001", str(10**20)])
def test_the_case_list_refuses_pages_out_of_range(world: Any, login: Any, page: str) -> None:
    response = login(world.users["community_staff"]).get(f"/api/v1/cases/?page={page}")
    assert response.status_code == 422


def test_it_declares_error_responses_in_the_schema(client: Any, db: Any) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    post = schema["paths"]["/api/v1/cases/"]["post"]["responses"]
    assert {"201", "200", "400", "409", "422"} <= set(post)
