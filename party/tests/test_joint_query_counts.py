"""Joint meeting and 两新 pages and lists read in a fixed number of queries, however many
units, follow-ups and organisations."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from party.joint import actions
from party.neworgs import actions as neworgs
from party.tests.joint import joint

pytestmark = pytest.mark.django_db
PAGES = [
    "/party/joint/",
    "/party/joint/{body}/",
    "/party/joint/meetings/{meeting}/",
    "/party/joint/follow-ups/",
    "/party/neworgs/",
    "/api/v1/party/joint/follow-ups",
    "/api/v1/party/joint/bodies/{body}",
    "/api/v1/party/neworgs",
]


def grow(j, start, n):
    for i in range(start, start + n):
        unit = actions.do_add_joint_member(j.body, name=f"单位{i}", contact=j.staff, actor=j.staff)
        actions.do_add_unit_task(unit, year=2026, text="任务", actor=j.staff)
        actions.do_add_follow_up(
            j.meeting, text=f"事项{i}", owner=unit, deadline=dt.date(2026, 5, 1), actor=j.staff
        )
        neworgs.do_add_new_organisation(
            j.p.world.east,
            name=f"公司{i}",
            kind="enterprise",
            employees=10,
            coverage="joint",
            party_organisation=j.p.east,
            actor=j.staff,
        )


def counts(client, j):
    found = {}
    for page in PAGES:
        url = page.format(body=j.body.pk, meeting=j.meeting.pk)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        found[url] = len(queries)
    return found


@time_machine.travel(dt.datetime(2026, 4, 20, 2, tzinfo=dt.UTC), tick=False)
def test_its_pages_read_in_a_fixed_number_of_queries(p, login):
    j = joint(p)
    client = login(j.staff)
    grow(j, 0, 2)
    few = counts(client, j)
    grow(j, 2, 5)
    assert counts(client, j) == few
