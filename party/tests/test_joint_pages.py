"""Joint meeting pages: the body with its units and tasks, a meeting with attendance and
follow-ups, the follow-ups one keeps and the done button; 404 outside."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from party.models import ItemStatus
from party.tests.joint import joint
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(dt.datetime(2026, 5, 3, 2, tzinfo=dt.UTC), tick=False):
        yield


def login(client, user):
    client.login(username=user.phone, password=PASSWORD)
    return client


def test_it_shows_a_body_its_meeting_and_the_overdue_follow_up(p, client):
    j = joint(p)
    login(client, j.staff)
    page = client.get(f"/party/joint/{j.body.pk}/").content.decode()
    assert "东社区党建联席会议" in page and "东小学" in page
    assert f'data-meeting="{j.meeting.pk}"' in page
    page = client.get(f"/party/joint/meetings/{j.meeting.pk}/").content.decode()
    assert "排查东花园小区线路" in page and 'data-status="open"' in page
    assert 'name="add"' in page  # the office adds follow-ups
    assert client.get("/party/joint/").status_code == 200


def test_it_lets_the_contact_mark_a_follow_up_done_from_the_list(p, client):
    j = joint(p)
    login(client, j.contact)
    page = client.get("/party/joint/follow-ups/?when=overdue").content.decode()
    assert f'data-follow-up="{j.follow_up.pk}"' in page
    answer = client.post(
        f"/party/joint/follow-ups/{j.follow_up.pk}/done/",
        {"note": "已完成", "next": "/party/joint/follow-ups/"},
    )
    assert answer.status_code == 302 and answer["Location"] == "/party/joint/follow-ups/"
    j.follow_up.refresh_from_db()
    assert j.follow_up.status == ItemStatus.DONE
    assert client.get(f"/party/joint/meetings/{j.meeting.pk}/").status_code == 200
    assert client.get(f"/party/joint/{j.body.pk}/members/add/").status_code == 404


def test_it_records_a_meeting_through_the_form(p, client):
    j = joint(p)
    login(client, j.staff)
    answer = client.post(
        f"/party/joint/{j.body.pk}/meetings/add/",
        {"held_on": "2026-05-02", "agenda": "二季度任务", "attended": [j.unit.pk, j.school.pk]},
    )
    assert answer.status_code == 302
    assert j.body.meetings.count() == 2
    answer = client.post(
        f"/party/joint/{j.body.pk}/meetings/add/", {"held_on": "2026-06-02", "agenda": "未来"}
    )
    assert answer.status_code == 200 and j.body.meetings.count() == 2  # shown, not stored


def test_it_answers_404_outside(p, client):
    j = joint(p)
    login(client, p.world.users["outsider"])
    for url in (
        f"/party/joint/{j.body.pk}/",
        f"/party/joint/meetings/{j.meeting.pk}/",
        f"/party/joint/{j.body.pk}/meetings/add/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/party/joint/follow-ups/{j.follow_up.pk}/done/").status_code == 404
