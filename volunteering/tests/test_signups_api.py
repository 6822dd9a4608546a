"""Sign-up through the API and the pages: sign up, wait, cancel, check in, the organiser's
lists, code, QR and export, and lecture schedules."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine

from accounts.roles import Role
from areas.models import Area
from party.models import OrgLevel, PartyMember, PartyOrganisation
from points.models import EarningRule
from volunteering import actions
from volunteering.models import CommunityEvent, EventKind, LectureSchedule, SignUp

pytestmark = pytest.mark.django_db

BASE = "/api/v1/volunteering"
SH = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 5, 4, 10, 0, tzinfo=SH)  # a Monday; nothing here asks the weekday


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=True):
        yield


def post(client, url: str, body: dict | None = None):
    return client.post(BASE + url, json.dumps(body or {}), content_type="application/json")


def _event(v, capacity: int = 1) -> CommunityEvent:
    return actions.do_create_event(
        community=v.world.east,
        kind="activity",
        title="手工课",
        starts_at=NOW + dt.timedelta(days=2),
        ends_at=NOW + dt.timedelta(days=2, hours=2),
        signup_opens_at=NOW - dt.timedelta(hours=1),
        capacity=capacity,
        actor=v.staff,
    )


def test_it_signs_up_waits_moves_up_and_checks_in_through_the_api(v, login, client) -> None:
    EarningRule.objects.create(
        activity="activity", unit="occurrence", points=3, valid_from=dt.date(2020, 1, 1)
    )
    event = _event(v)
    other = v.world.user(Role.RESIDENT, v.world.east_grid, "13933330000", "邻居")
    login(other)
    r = post(client, f"/events/{event.pk}/signup")
    assert r.status_code == 201 and r.json()["status"] == "held", r.content
    assert post(client, f"/events/{event.pk}/signup").status_code == 409
    login(v.resident)
    r = post(client, f"/events/{event.pk}/signup")
    assert r.json()["status"] == "waiting" and r.json()["waiting_position"] == 1
    seen = client.get(f"{BASE}/events/{event.pk}").json()
    assert seen["my_signup"] == "waiting" and seen["places_taken"] == 1 and seen["capacity"] == 1
    login(other)
    assert post(client, f"/events/{event.pk}/signup/cancel").status_code == 200
    login(v.resident)
    assert client.get(f"{BASE}/events/{event.pk}/signup").json()["status"] == "held"
    assert client.get(f"{BASE}/events/{event.pk}/signups").status_code == 404  # not staff
    with time_machine.travel(event.starts_at + dt.timedelta(minutes=1), tick=False):
        login(v.resident)  # a session from two days before may have expired
        assert post(client, f"/events/{event.pk}/check-in", {"code": "x"}).status_code == 400
        r = post(client, f"/events/{event.pk}/check-in", {"code": event.checkin_code})
        assert r.status_code == 201 and r.json()["points"] == 3
        login(v.staff)
        rows = client.get(f"{BASE}/events/{event.pk}/signups").json()
        assert post(client, f"/events/{event.pk}/no-shows").status_code == 409
    assert [(r["name"], r["status"]) for r in rows] == [
        ("邻居", "cancelled"),
        ("东居民", "attended"),
    ]
    assert "****" in rows[0]["phone"]


def test_it_refuses_an_outsider_and_bad_input(v, login, client) -> None:
    event = _event(v)
    login(v.world.users["outsider"])
    assert post(client, f"/events/{event.pk}/signup").status_code == 404
    login(v.staff)
    body = {
        "community_code": v.world.east.code,
        "kind": "activity",
        "title": "x",
        "starts_at": "2026-05-08T09:00:00+08:00",
        "ends_at": "2026-05-08T10:00:00+08:00",
        "capacity": 5,
    }
    r = post(client, "/events", body)
    assert r.status_code == 400  # places without a sign-up opening
    r = post(client, "/events", {**body, "signup_opens_at": "2026-05-05T09:00:00+08:00"})
    assert r.status_code == 201 and r.json()["capacity"] == 5, r.content
    assert post(client, "/events", {**body, "capacity": True}).status_code == 422


def test_the_organiser_page_shows_code_qr_lists_and_exports(v, login, client) -> None:
    event = _event(v)
    actions.do_sign_up(event, actor=v.resident)
    login(v.staff)
    page = client.get(f"/volunteering/staff/events/{event.pk}/").content.decode()
    assert event.checkin_code in page and "<svg" in page and "东居民" in page
    r = client.get(f"/volunteering/staff/events/{event.pk}/signups.csv")
    assert r.status_code == 200 and "东居民" in r.content.decode("utf-8-sig")
    r = client.get(f"/volunteering/staff/events/{event.pk}/signups.xlsx")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    login(v.resident)
    assert client.get(f"/volunteering/staff/events/{event.pk}/").status_code == 404
    assert client.get(f"/volunteering/staff/events/{event.pk}/signups.csv").status_code == 404


def test_the_resident_signs_up_and_cancels_on_the_pages(v, login, client) -> None:
    event = _event(v)
    login(v.resident)
    page = client.get("/volunteering/events/").content.decode()
    assert "手工课" in page
    client.post(f"/volunteering/events/{event.pk}/sign-up/")
    assert SignUp.objects.get(event=event, user=v.resident).status == "held"
    page = client.get(f"/volunteering/events/{event.pk}/").content.decode()
    assert 'id="cancel-signup"' in page
    client.post(f"/volunteering/events/{event.pk}/cancel/")
    assert SignUp.objects.get(event=event, user=v.resident).status == "cancelled"
    # the QR's address shows a form; a GET checks nobody in
    r = client.get(f"/volunteering/events/{event.pk}/check-in/?code={event.checkin_code}")
    assert r.status_code == 200 and event.checkin_code in r.content.decode()


def test_it_lists_this_weeks_sign_ups_as_the_home_line_counts(v, login, client) -> None:
    from volunteering.selectors import my_events_this_week, signed_up_lines

    event = _event(v)
    actions.do_sign_up(event, actor=v.resident)
    (line,) = signed_up_lines(v.resident)
    assert line.count == 1 == my_events_this_week(v.resident).count()
    login(v.resident)
    page = client.get(line.url).content.decode()
    assert page.count('class="card event"') == line.count


def _branch(v) -> PartyOrganisation:
    committee = PartyOrganisation.objects.get(name="东社区大党委")
    return PartyOrganisation.objects.create(
        name="东一网格支部", level=OrgLevel.BRANCH, area=v.world.east_grid, parent=committee
    )


def test_a_lecture_schedule_generates_lectures_on_its_days(v, login, client) -> None:
    branch = _branch(v)
    secretary = v.world.user(Role.PARTY_SECRETARY, v.world.east_grid, "13944440000", "支书")
    login(secretary)
    body = {
        "organisation_id": branch.pk,
        "title": "睦邻党课",
        "days": [5, 20],
        "start_time": "19:00:00",
        "minutes": 90,
        "capacity": 30,
    }
    r = post(client, "/lectures", body)
    assert r.status_code == 201, r.content
    schedule = LectureSchedule.objects.get()
    lectures = list(schedule.events.order_by("starts_at"))
    days = [e.starts_at.astimezone(SH).date() for e in lectures]
    assert days[:3] == [dt.date(2026, 5, 5), dt.date(2026, 5, 20), dt.date(2026, 6, 5)]
    first = lectures[0]
    assert first.kind == EventKind.PARTY_LECTURE and first.organisation == branch
    assert first.community == v.world.east and first.signup_area == v.world.east_grid
    assert first.organiser == secretary
    # generating again adds nothing
    from volunteering.actions.lectures import generate_all_lectures

    assert generate_all_lectures() == 0
    # the secretary runs its lectures; a resident sees the schedule and signs up
    assert client.get(f"/volunteering/staff/events/{first.pk}/").status_code == 200
    login(v.resident)
    assert [s["title"] for s in client.get(BASE + "/lectures").json()] == ["睦邻党课"]
    assert "睦邻党课" in client.get("/volunteering/lectures/").content.decode()
    assert post(client, f"/events/{first.pk}/signup").status_code == 201
    # residents and outsiders do not see the organisation to set its schedule
    assert post(client, "/lectures", body).status_code == 404
    login(v.world.users["outsider"])
    assert post(client, "/lectures", body).status_code == 404


def test_a_members_only_lecture_takes_party_members(v, login, client) -> None:
    committee = PartyOrganisation.objects.get(name="东社区大党委")
    schedule = actions.do_create_lecture_schedule(
        committee,
        title="微党校",
        days=[5],
        start_time=dt.time(15, 0),
        minutes=60,
        members_only=True,
        actor=v.staff,
    )
    lecture = schedule.events.order_by("starts_at")[0]
    assert lecture.signup_area is None and lecture.signup_tags == ["party_member"]
    login(v.resident)
    assert post(client, f"/events/{lecture.pk}/signup").status_code == 403
    PartyMember.objects.create(name="东居民", organisation=committee, user=v.resident)
    assert post(client, f"/events/{lecture.pk}/signup").status_code == 201
    assert Area.objects.filter(pk=lecture.community_id, level="community").exists()


def test_the_organisers_lectures_today_count_in_the_events_today_line(v, login, client) -> None:
    """A grid branch's secretary runs the lectures of their schedule without running the
    community's volunteering: the home page's "events today" line counts them."""
    from volunteering.selectors import home_lines

    branch = _branch(v)
    secretary = v.world.user(Role.PARTY_SECRETARY, v.world.east_grid, "13944440001", "支书")
    actions.do_create_lecture_schedule(
        branch,
        title="睦邻党课",
        days=[NOW.day],
        start_time=dt.time(19, 0),
        minutes=90,
        actor=secretary,
    )
    (line,) = [x for x in home_lines(secretary) if x.key == "volunteering.events_today"]
    assert line.count == 1
    login(secretary)
    page = client.get(line.url).content.decode()
    assert page.count('class="card event"') == line.count and "睦邻党课" in page
