"""Organisational-life pages: what is due for a secretary, an organisation's obligations and
meetings, a committee's compliance table, the record form (it validates and refuses, and a
refused form stores nothing) and the home page's line."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine

from party.life.models import Meeting, MeetingKind, seed_default_rules
from party.tests.life import at, branch_secretary, record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock():
    seed_default_rules()
    with time_machine.travel(at("2026-03-20T10:00"), tick=False):
        yield


def form(p, **change):
    data = {
        "kind": MeetingKind.THEME_DAY,
        "held_on": "2026-03-18",
        "place": "党群服务中心",
        "agenda": "学习党章",
        f"present_{p.member.pk}": "on",
        f"reason_{p.retired.pk}": "住院",
        **change,
    }
    return {k: v for k, v in data.items() if v is not None}


def test_it_shows_a_branch_secretary_what_is_due(p, login):
    record(p, held_on=dt.date(2026, 3, 5))
    page = login(branch_secretary(p)).get("/party/life/").content.decode()
    assert p.east_branch.name in page and p.east_group.name in page
    assert p.west_branch.name not in page
    assert page.count('data-status="due"') == 4  # committee, members' meeting, lecture, group
    assert page.count('data-status="held"') == 1


def test_it_lists_a_secretarys_due_meetings_on_the_home_page(p, login):
    page = login(branch_secretary(p)).get("/").content.decode()
    line = re.search(r'data-line="meetings-due"><a href="/party/life/">\D*(\d+)', page)
    assert line and line.group(1) == "5"  # four of the branch's, one of the group's
    assert (
        'data-line="meetings-due"'
        not in login(p.world.users["grid_worker"]).get("/").content.decode()
    )


def test_it_shows_an_extended_committee_its_branches_compliance(p, login):
    record(p, held_on=dt.date(2026, 2, 10))
    client = login(p.secretary)
    page = client.get(f"/party/org/{p.east.pk}/life/?on=2026-02").content.decode()
    assert 'data-org="E1B1"' in page and 'data-org="E1B1G1"' in page
    assert 'data-org="W1B1"' not in page
    assert page.count('data-status="held"') == 1
    assert page.count('data-status="missing"') == 2  # February's committee and group meetings
    assert client.get(f"/party/org/{p.west.pk}/life/").status_code == 404


def test_it_shows_an_organisations_obligations_and_meetings(p, login):
    meeting = record(p, held_on=dt.date(2026, 3, 18), decisions="开展志愿服务")
    client = login(p.world.users["subdistrict_staff"])
    page = client.get(f"/party/org/{p.east_branch.pk}/life/").content.decode()
    assert f"/party/meetings/{meeting.pk}/" in page
    assert 'data-period="2026-03-01" data-kind="theme_day"' in page
    detail = client.get(f"/party/meetings/{meeting.pk}/").content.decode()
    assert "开展志愿服务" in detail and "住院" in detail and p.member.name in detail
    assert (
        login(p.world.users["grid_worker"]).get(f"/party/meetings/{meeting.pk}/").status_code == 404
    )


def test_it_records_a_meeting_through_the_form(p, login):
    client = login(branch_secretary(p))
    url = f"/party/org/{p.east_branch.pk}/meetings/add/"
    page = client.get(url).content.decode()
    assert p.member.name in page and "小组会" not in page  # a branch holds no group meeting
    response = client.post(url, form(p))
    assert response.status_code == 302
    assert response["Location"] == f"/party/org/{p.east_branch.pk}/life/"
    meeting = Meeting.objects.get()
    assert {a.member_id: (a.present, a.reason) for a in meeting.attendance.all()} == {
        p.member.pk: (True, ""),
        p.retired.pk: (False, "住院"),
    }


@pytest.mark.parametrize(
    "change",
    [
        {"held_on": "2026-03-21"},  # the future
        {"counts_for": "2026-04-01"},  # a later period
        {"place": ""},
        {"kind": MeetingKind.GROUP_MEETING},  # not a branch's
    ],
)
def test_it_refuses_a_bad_form_and_stores_nothing(p, login, change):
    client = login(p.secretary)
    url = f"/party/org/{p.east_branch.pk}/meetings/add/"
    response = client.post(url, form(p, **change))
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert not Meeting.objects.exists()


def test_it_refuses_a_form_with_nobody_present(p, login):
    client = login(p.secretary)
    data = form(p)
    del data[f"present_{p.member.pk}"]
    response = client.post(f"/party/org/{p.east_branch.pk}/meetings/add/", data)
    assert response.status_code == 200
    assert "Tick who attended" in response.content.decode() or "勾选" in response.content.decode()
    assert not Meeting.objects.exists()


def test_it_keeps_the_form_from_those_who_may_not_record(p, login):
    for who in ("grid_worker", "outsider"):
        client = login(p.world.users[who])
        assert client.get(f"/party/org/{p.east_branch.pk}/meetings/add/").status_code == 404
    assert login(p.secretary).get(f"/party/org/{p.east.pk}/meetings/add/").status_code == 404


def test_it_corrects_a_meeting_through_the_form(p, login):
    meeting = record(p, held_on=dt.date(2026, 3, 18))
    client = login(p.secretary)
    url = f"/party/meetings/{meeting.pk}/edit/"
    page = client.get(url).content.decode()
    assert 'value="住院"' in page and "社区党群服务中心" in page
    response = client.post(url, form(p, place="小区广场", **{f"present_{p.retired.pk}": "on"}))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.place == "小区广场" and meeting.attendance.filter(present=True).count() == 2
