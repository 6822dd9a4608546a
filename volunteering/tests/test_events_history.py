"""A resident's points history names the event each attendance credit came from, in the
reader's language around the event's title (page and API)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from points.models import LedgerEntry
from points.tests.helpers import make_rule
from volunteering import actions

pytestmark = pytest.mark.django_db

SH = dt.timezone(dt.timedelta(hours=8))
START = dt.datetime(2026, 5, 2, 9, 0, tzinfo=SH)


def attended(v, kind: str, title: str, hours: str | None = None) -> None:
    e = actions.do_create_event(
        community=v.world.east,
        kind=kind,
        title=title,
        starts_at=START,
        ends_at=START + dt.timedelta(hours=2),
        hours=hours,
        actor=v.staff,
    )
    with time_machine.travel(START + dt.timedelta(hours=1), tick=False):
        actions.do_record_attendance(e, phone=v.resident.phone, actor=v.staff)


def test_the_history_names_the_event_in_the_readers_language(v, login) -> None:
    make_rule(v.world, "activity", points=5)
    make_rule(v.world, "patrol", unit="hour", points=2)
    attended(v, "activity", "邻里节·百家宴")
    attended(v, "patrol", "夜间平安巡防", hours="1.5")
    stored = LedgerEntry.objects.get(activity="activity")
    assert stored.subject == "邻里节·百家宴" and "邻里节·百家宴" in stored.reason
    client = login(v.resident)
    client.cookies["django_language"] = "en"
    body = client.get(reverse("points:mine")).content.decode()
    assert "Activity: 邻里节·百家宴" in body and "Patrol: 夜间平安巡防 · 1.5 h" in body
    labels = {e["subject"]: e["label"] for e in client.get("/api/v1/points/history").json()}
    assert labels == {
        "邻里节·百家宴": "Activity: 邻里节·百家宴",
        "夜间平安巡防": "Patrol: 夜间平安巡防 · 1.5 h",
    }
    client.cookies["django_language"] = "zh-hans"
    body = client.get(reverse("points:mine")).content.decode()
    assert "活动：邻里节·百家宴" in body and "巡查：夜间平安巡防 · 1.5 小时" in body
    history = client.get("/api/v1/points/history").json()
    assert "活动：邻里节·百家宴" in [e["label"] for e in history]
