"""The joint meeting API: bodies, meetings, follow-ups and their moves; what it refuses."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from party.tests.joint import joint

JSON = "application/json"


class Api:
    def __init__(self, client):
        self.client = client

    def get(self, url):
        return self.client.get(url)

    def post(self, url, data):
        return self.client.post(url, data, content_type=JSON)


@pytest.fixture
def api(login):
    return lambda user: Api(login(user))


pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(dt.datetime(2026, 5, 3, 2, tzinfo=dt.UTC), tick=False):
        yield


def test_it_lists_bodies_and_answers_a_body_with_its_units(p, api):
    j = joint(p)
    found = api(j.staff).get("/api/v1/party/joint/bodies").json()
    assert [b["name"] for b in found["items"]] == ["东社区党建联席会议"]
    body = api(j.staff).get(f"/api/v1/party/joint/bodies/{j.body.pk}").json()
    assert body["may_run"] and {m["name"] for m in body["members"]} == {j.unit.name, "东小学"}
    assert (
        api(p.world.users["outsider"]).get(f"/api/v1/party/joint/bodies/{j.body.pk}").status_code
        == 404
    )


def test_it_records_a_meeting_and_a_follow_up(p, api):
    j = joint(p)
    client = api(j.staff)
    answer = client.post(
        f"/api/v1/party/joint/bodies/{j.body.pk}/meetings",
        {"held_on": "2026-05-01", "agenda": "二季度", "attended": [j.school.pk]},
    )
    assert answer.status_code == 201, answer.json()
    meeting = answer.json()
    assert meeting["attended"] == [j.school.pk]
    answer = client.post(
        f"/api/v1/party/joint/meetings/{meeting['id']}/follow-ups",
        {"text": "开放操场", "owner_id": j.school.pk, "deadline": "2026-06-01"},
    )
    assert answer.status_code == 201
    bad = client.post(
        f"/api/v1/party/joint/meetings/{meeting['id']}/follow-ups",
        {"text": "x", "owner_id": 999999, "deadline": "2026-06-01"},
    )
    assert bad.status_code == 400 and bad.json()["field"] == "owner_id"
    bad = client.post(
        f"/api/v1/party/joint/bodies/{j.body.pk}/meetings",
        {"held_on": "2026-05-01", "agenda": "x", "attended": [999999]},
    )
    assert bad.status_code == 400


def test_it_lets_the_owner_finish_and_refuses_twice(p, api):
    j = joint(p)
    client = api(j.contact)
    kept = client.get("/api/v1/party/joint/follow-ups?when=overdue").json()
    assert [f["id"] for f in kept["items"]] == [j.follow_up.pk]
    answer = client.post(f"/api/v1/party/joint/follow-ups/{j.follow_up.pk}/done", {"note": "好"})
    assert answer.status_code == 200 and answer.json()["status"] == "done"
    again = client.post(f"/api/v1/party/joint/follow-ups/{j.follow_up.pk}/done", {})
    assert again.status_code == 409
    outsider = api(p.world.users["outsider"])
    assert (
        outsider.post(f"/api/v1/party/joint/follow-ups/{j.follow_up.pk}/start", {}).status_code
        == 404
    )
