"""The organisational-life endpoints under /api/v1/party/: rules, meetings and compliance,
what they answer and refuse (a refused request stores nothing)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from party.life.models import Meeting, MeetingKind, seed_default_rules
from party.tests.life import at, branch_secretary, record

pytestmark = pytest.mark.django_db
API = "/api/v1/party/"


@pytest.fixture(autouse=True)
def _clock():
    seed_default_rules()
    with time_machine.travel(at("2026-03-20T10:00"), tick=False):
        yield


def body(p, **change):
    return {
        "organisation_id": p.east_branch.pk,
        "kind": "theme_day",
        "held_on": "2026-03-18",
        "place": "党群服务中心",
        "agenda": "学习党章",
        "present": [p.member.pk],
        "absences": [{"member_id": p.retired.pk, "reason": "出差"}],
        **change,
    }


def test_it_lists_the_rules(p, login):
    rules = login(p.secretary).get(API + "life/rules").json()
    assert {
        "level": "group",
        "kind": "group_meeting",
        "frequency": "month",
        "active": True,
    } in rules
    assert login(p.world.users["resident"]).get(API + "life/rules").status_code == 404


def test_it_records_a_meeting_and_answers_it(p, login):
    client = login(branch_secretary(p))
    response = client.post(API + "meetings", body(p), content_type="application/json")
    assert response.status_code == 201
    data = response.json()
    assert data["kind"] == "theme_day" and data["counts_for"] == "2026-03-18"
    assert (data["present"], data["due"]) == (1, 2)
    assert {a["name"]: (a["present"], a["reason"]) for a in data["attendance"]} == {
        p.member.name: (True, ""),
        p.retired.name: (False, "出差"),
    }
    detail = client.get(API + f"meetings/{data['id']}").json()
    assert detail == data


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"kind": "group_meeting"}, 400, "kind"),
        ({"held_on": "2026-03-21"}, 400, "held_on"),
        ({"present": []}, 400, "present"),
        ({"absences": [{"member_id": 999999, "reason": ""}]}, 400, "absences"),
        ({"kind": "dinner"}, 422, None),
        ({"held_on": "yesterday"}, 422, None),
    ],
)
def test_it_refuses_a_bad_meeting_and_stores_nothing(p, login, change, status, field):
    client = login(p.secretary)
    response = client.post(API + "meetings", body(p, **change), content_type="application/json")
    assert response.status_code == status
    if field:
        assert response.json()["field"] == field
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("who", ["grid_worker", "outsider", "resident"])
def test_it_answers_404_to_those_who_may_not_record(p, login, who):
    client = login(p.world.users[who])
    response = client.post(API + "meetings", body(p), content_type="application/json")
    assert response.status_code == 404
    assert not Meeting.objects.exists()


def test_it_lists_and_shows_meetings_only_where_the_organisation_is_seen(p, login):
    meeting = record(p, held_on=dt.date(2026, 3, 18))
    west = login(p.world.user("party_secretary", p.world.west, "13700000041"))
    assert west.get(API + "meetings").json()["count"] == 0
    assert west.get(API + f"meetings/{meeting.pk}").status_code == 404
    staff = login(p.world.users["subdistrict_staff"])
    items = staff.get(API + "meetings?kind=theme_day&since=2026-03-01").json()["items"]
    assert [m["id"] for m in items] == [meeting.pk]
    assert staff.get(API + "meetings?kind=lecture").json()["count"] == 0


def test_it_corrects_a_meeting(p, login):
    meeting = record(p, held_on=dt.date(2026, 3, 18))
    client = login(p.secretary)
    url = API + f"meetings/{meeting.pk}"
    change = body(p, place="小区广场", present=[p.member.pk, p.retired.pk], absences=[])
    response = client.put(url, change, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["place"] == "小区广场" and response.json()["present"] == 2
    refused = client.put(url, body(p, agenda=" "), content_type="application/json")
    assert refused.status_code == 400 and refused.json()["field"] == "agenda"
    assert Meeting.objects.get().place == "小区广场"


def test_it_answers_compliance_of_a_committee_and_its_branches(p, login):
    record(p, held_on=dt.date(2026, 3, 18))
    record(p, held_on=dt.date(2026, 3, 1), counts_for=dt.date(2026, 2, 20))
    client = login(p.secretary)
    data = client.get(API + f"organisations/{p.east.pk}/compliance?periods=2").json()
    assert [o["code"] for o in data["items"]] == ["E1B1", "E1B1G1"]
    branch = {(r["kind"], r["period_start"]): r["status"] for r in data["items"][0]["obligations"]}
    assert branch[("theme_day", "2026-03-01")] == "held"
    assert branch[("theme_day", "2026-02-01")] == "late"
    assert branch[("committee_meeting", "2026-02-01")] == "missing"
    assert branch[("lecture", "2026-01-01")] == "due"
    group = data["items"][1]["obligations"]
    assert [(r["kind"], r["status"]) for r in group] == [("group_meeting", "missing")] + [
        ("group_meeting", "due")
    ]
    on = client.get(API + f"organisations/{p.east.pk}/compliance?on=2026-01-15").json()
    january = {r["kind"]: r["status"] for r in on["items"][0]["obligations"]}
    assert january == {  # the months ended empty; the quarter still runs
        "committee_meeting": "missing",
        "theme_day": "missing",
        "members_meeting": "due",
        "lecture": "due",
    }
    assert client.get(API + f"organisations/{p.west.pk}/compliance").status_code == 404
    assert client.get(API + f"organisations/{p.east.pk}/compliance?periods=13").status_code == 422


def test_it_declares_a_meeting_kind_enum(p, login):
    schema = login(p.secretary).get("/api/v1/openapi.json").json()
    kinds = schema["components"]["schemas"]["MeetingNewIn"]["properties"]["kind"]
    assert set(kinds["enum"]) == set(MeetingKind.values)
