"""Consultation in the API: a proposal supported, scheduled, voted, decided, followed up and
published; the refusals' statuses; nothing names who proposed, supported or voted."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from volunteering.tests.consultation import resident_user

pytestmark = pytest.mark.django_db
API = "/api/v1/volunteering/consultation"
J = "application/json"


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(dt.datetime(2026, 3, 10, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def test_it_runs_a_consultation_through_the_api(world, client) -> None:
    resident = world.users["resident"]
    neighbour = resident_user(world, world.east_households[1], "13800000301", "东邻居")
    staff = world.users["community_staff"]

    client.force_login(resident)
    r = client.post(f"{API}/topics", {"title": "增设充电桩"}, content_type=J)
    assert r.status_code == 201, r.content
    topic = r.json()
    assert topic["status"] == "gathering" and topic["supports"] == 1
    assert topic["my_household_supports"] is False or topic["my_household_supports"] is True
    assert "proposed_by" not in topic and "household" not in topic
    assert client.post(f"{API}/topics/{topic['id']}/support").status_code == 409

    client.force_login(neighbour)
    assert [t["id"] for t in client.get(f"{API}/topics?show=open").json()["results"]] == [
        topic["id"]
    ]
    r = client.post(f"{API}/topics/{topic['id']}/support")
    assert r.status_code == 200 and r.json()["status"] == "eligible"

    client.force_login(staff)
    r = client.post(
        f"{API}/meetings",
        {
            "community_code": world.east.code,
            "title": "三月议事会",
            "held_on": "2026-03-10",
            "participants": ["residents", "property", "owners", "party"],
            "quorum_percent": 50,
        },
        content_type=J,
    )
    assert r.status_code == 201, r.content
    meeting = r.json()
    r = client.post(
        f"{API}/topics/{topic['id']}/schedule",
        {"meeting_id": meeting["id"], "vote_mode": "secret"},
        content_type=J,
    )
    assert r.status_code == 200 and r.json()["status"] == "scheduled"
    assert client.post(f"{API}/topics/{topic['id']}/open-vote").json()["status"] == "voting"

    client.force_login(neighbour)
    r = client.post(f"{API}/topics/{topic['id']}/ballot", {"choice": "for"}, content_type=J)
    assert r.status_code == 201 and r.json() == {"topic_id": topic["id"], "secret": True}
    # A secret vote's running count is shown to nobody, not even the office.
    assert client.get(f"{API}/topics/{topic['id']}").json()["tally"] is None
    again = client.post(f"{API}/topics/{topic['id']}/ballot", {"choice": "for"}, content_type=J)
    assert again.status_code == 409

    client.force_login(staff)
    r = client.post(
        f"{API}/topics/{topic['id']}/decide", {"decision": "在3号楼旁增设"}, content_type=J
    )
    assert r.status_code == 200
    decided = r.json()
    assert decided["carried"] is True and decided["tally"]["votes_for"] == 1
    r = client.post(
        f"{API}/topics/{topic['id']}/follow-ups",
        {"text": "联系供电所", "owner_name": "物业公司", "deadline": "2026-04-01"},
        content_type=J,
    )
    assert r.status_code == 201 and r.json()["status"] == "open"
    follow_up = r.json()["id"]
    r = client.post(
        f"{API}/meetings/{meeting['id']}/minutes",
        {"minutes": "议定", "attendance": 18},
        content_type=J,
    )
    assert r.status_code == 200 and r.json()["status"] == "held"
    assert client.post(f"{API}/meetings/{meeting['id']}/publish").json()["status"] == "published"
    r = client.post(f"{API}/follow-ups/{follow_up}/done", {"note": "已安装"}, content_type=J)
    assert r.status_code == 200 and r.json()["status"] == "done"

    client.force_login(resident)
    published = client.get(f"{API}/published").json()
    assert [m["id"] for m in published] == [meeting["id"]]
    assert published[0]["decisions"][0]["decision"] == "在3号楼旁增设"
    assert published[0]["decisions"][0]["follow_ups"][0]["status"] == "done"
    body = str(published)
    assert "东邻居" not in body and "13800000301" not in body and resident.name not in body


def test_it_answers_refusals_with_their_statuses(world, client) -> None:
    staff = world.users["community_staff"]
    client.force_login(staff)
    assert client.post(f"{API}/topics", {"title": "x"}, content_type=J).status_code == 403
    r = client.post(f"{API}/topics/raise", {"community_code": "nope", "title": "x"}, content_type=J)
    assert r.status_code == 400
    r = client.post(
        f"{API}/topics/raise",
        {"community_code": world.east.code, "title": "垃圾分类"},
        content_type=J,
    )
    topic = r.json()["id"]
    assert client.post(f"{API}/topics/{topic}/open-vote").status_code == 409
    client.force_login(world.users["outsider"])
    assert client.get(f"{API}/topics/{topic}").status_code == 404
    assert client.get(f"{API}/published").status_code == 404
    client.force_login(world.users["resident"])
    assert (
        client.post(f"{API}/topics/{topic}/drop", {"reason": "x"}, content_type=J).status_code
        == 403
    )
    r = client.post(f"{API}/topics/{topic}/ballot", {"choice": "maybe"}, content_type=J)
    assert r.status_code == 422


def test_it_masks_speakers_for_residents(world, client) -> None:
    staff = world.users["community_staff"]
    client.force_login(staff)
    meeting = client.post(
        f"{API}/meetings",
        {
            "community_code": world.east.code,
            "kind": "hearing",
            "title": "停车收费听证会",
            "held_on": "2026-03-20",
        },
        content_type=J,
    ).json()
    client.force_login(world.users["resident"])
    r = client.post(
        f"{API}/meetings/{meeting['id']}/speakers", {"position": "反对"}, content_type=J
    )
    assert r.status_code == 201 and r.json()["name"] == "E***"
    speakers = client.get(f"{API}/meetings/{meeting['id']}").json()["speakers"]
    assert [s["name"] for s in speakers] == ["E***"]
    client.force_login(staff)
    assert client.get(f"{API}/meetings/{meeting['id']}").json()["speakers"][0]["name"] == "E居民1"
