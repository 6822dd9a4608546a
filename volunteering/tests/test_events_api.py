"""Community events in the API: list, create, record attendance, and the declared errors."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine

from points.selectors import balance_of
from points.tests.helpers import make_rule
from volunteering.models import Attendance

pytestmark = pytest.mark.django_db

BASE = "/api/v1/volunteering"
SH = dt.timezone(dt.timedelta(hours=8))
START = dt.datetime(2026, 5, 2, 9, 0, tzinfo=SH)


@pytest.fixture(autouse=True)
def _after_the_event():
    """Each test starts two days after the event, whatever the day it runs, and goes back to
    the moments it tries: a login made before a move forward of more than SESSION_COOKIE_AGE
    would be signed out, as a login from a wall clock months before the event was."""
    with time_machine.travel(START + dt.timedelta(days=2), tick=True):
        yield


BODY = {
    "community_code": "",
    "kind": "patrol",
    "title": "夜间巡防",
    "place": "东门",
    "starts_at": "2026-05-02T09:00:00+08:00",
    "ends_at": "2026-05-02T11:30:00+08:00",
}


def post(client, url: str, body: dict | list | None = None):
    return client.post(BASE + url, json.dumps(body or {}), content_type="application/json")


def test_it_creates_an_event_and_records_attendance_through_the_api(v, login, client) -> None:
    make_rule(v.world, "patrol", unit="hour", points=2)
    login(v.staff)
    with time_machine.travel(START - dt.timedelta(days=1), tick=False):
        r = post(client, "/events", {**BODY, "community_code": v.world.east.code})
        assert r.status_code == 201, r.content
        pk = r.json()["id"]
        assert r.json()["hours"] == "2.50" and r.json()["kind"] == "patrol"
        # Not started yet.
        r = post(client, f"/events/{pk}/attendances", {"phone": v.resident.phone})
        assert r.status_code == 409
    with time_machine.travel(START + dt.timedelta(hours=3), tick=False):
        r = post(client, f"/events/{pk}/attendances", {"phone": v.resident.phone})
        assert r.status_code == 201, r.content
        assert r.json()["points"] == 5 and r.json()["phone"] == "137****0003"
        assert (
            post(client, f"/events/{pk}/attendances", {"phone": v.resident.phone}).status_code
            == 409
        )
        assert (
            post(client, f"/events/{pk}/attendances", {"phone": "13999999999"}).status_code == 400
        )
        listed = client.get(f"{BASE}/events/{pk}/attendances").json()
        assert [a["name"] for a in listed] == [v.resident.name]
        staff_list = client.get(BASE + "/events").json()
        assert staff_list[0]["attendance_count"] == 1
        login(v.resident)
        mine = client.get(BASE + "/events").json()
        assert [(e["id"], e["attended"], e["attendance_count"]) for e in mine] == [(pk, True, None)]
        assert (
            post(client, f"/events/{pk}/attendances", {"phone": v.resident.phone}).status_code
            == 403
        )
        assert client.get(f"{BASE}/events/{pk}/attendances").status_code == 404
    assert balance_of(v.resident) == 5 and Attendance.objects.count() == 1


def test_it_answers_the_declared_errors(v, login, client) -> None:
    r = post(client, "/events", BODY)
    assert r.status_code == 401
    login(v.resident)
    assert post(client, "/events", {**BODY, "community_code": v.world.east.code}).status_code == 403
    login(v.staff)
    assert post(client, "/events", {**BODY, "community_code": v.world.west.code}).status_code == 404
    assert post(client, "/events", {**BODY, "starts_at": "2026-05-02T09:00"}).status_code == 422
    assert post(client, "/events", {"title": True}).status_code == 422
    assert post(client, "/events/999999/attendances", {"phone": "1"}).status_code == 404
    schema = client.get("/api/v1/openapi.json").json()
    ops = schema["paths"][BASE + "/events/{pk}/attendances"]["post"]["responses"]
    assert {"201", "400", "401", "403", "404", "409", "422"} <= set(ops)
    assert {"401", "403", "404", "422"} <= set(
        schema["paths"][BASE + "/events"]["post"]["responses"]
    )


def patch(client, url: str, body: dict):
    return client.patch(BASE + url, json.dumps(body), content_type="application/json")


def test_it_reads_one_event_as_the_list_shows_it(v, login, client) -> None:
    login(v.staff)
    with time_machine.travel(START - dt.timedelta(days=1), tick=False):
        pk = post(client, "/events", {**BODY, "community_code": v.world.east.code}).json()["id"]
        one = client.get(f"{BASE}/events/{pk}")
        assert one.status_code == 200
        assert one.json() == client.get(BASE + "/events").json()[0]
        assert one.json()["attendance_count"] == 0 and one.json()["cancelled"] is False
        login(v.resident)
        mine = client.get(f"{BASE}/events/{pk}").json()
        assert mine["title"] == "夜间巡防" and mine["attendance_count"] is None
        # Another community's member and a stranger see nothing, as in the list.
        login(v.west_vol_user)
        assert client.get(f"{BASE}/events/{pk}").status_code == 404
        assert client.get(BASE + "/events").json() == []
        assert client.get(f"{BASE}/events/999999").status_code == 404
        client.logout()
        assert client.get(f"{BASE}/events/{pk}").status_code == 401


def test_it_changes_and_cancels_an_event_through_the_api(v, login, client) -> None:
    login(v.staff)
    with time_machine.travel(START - dt.timedelta(days=1), tick=False):
        pk = post(client, "/events", {**BODY, "community_code": v.world.east.code}).json()["id"]
        r = patch(client, f"/events/{pk}", {"title": "夜巡", "hours": "1.5"})
        assert r.status_code == 200, r.content
        assert (r.json()["title"], r.json()["hours"], r.json()["place"]) == ("夜巡", "1.50", "东门")
        for bad in ({"title": None}, {"title": " "}, {"ends_at": "2026-05-01T09:00:00+08:00"}):
            r = patch(client, f"/events/{pk}", bad)
            assert r.status_code == 400 and r.json()["detail"], bad
        assert patch(client, f"/events/{pk}", {"hours": True}).status_code == 422
        assert post(client, f"/events/{pk}/cancel", {"reason": ""}).status_code == 400
        login(v.resident)
        assert patch(client, f"/events/{pk}", {"title": "x"}).status_code == 403
        assert post(client, f"/events/{pk}/cancel", {"reason": "x"}).status_code == 403
        login(v.west_vol_user)
        assert patch(client, f"/events/{pk}", {"title": "x"}).status_code == 404
        login(v.staff)
        r = post(client, f"/events/{pk}/cancel", {"reason": "台风"})
        assert r.status_code == 200 and r.json()["cancelled"] is True
        assert r.json()["cancel_reason"] == "台风"
        assert post(client, f"/events/{pk}/cancel", {"reason": "再次"}).status_code == 409
        assert patch(client, f"/events/{pk}", {"title": "x"}).status_code == 409
        assert client.get(f"{BASE}/events/{pk}").json()["title"] == "夜巡"
    with time_machine.travel(START + dt.timedelta(hours=1), tick=False):
        login(v.staff)
        r = post(client, f"/events/{pk}/attendances", {"phone": v.resident.phone})
        assert r.status_code == 409
    assert not Attendance.objects.exists()
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    assert {"200", "401", "404", "422"} <= set(paths[BASE + "/events/{pk}"]["get"]["responses"])
    for op in (paths[BASE + "/events/{pk}"]["patch"], paths[BASE + "/events/{pk}/cancel"]["post"]):
        assert {"200", "400", "401", "403", "404", "409", "422"} <= set(op["responses"])
