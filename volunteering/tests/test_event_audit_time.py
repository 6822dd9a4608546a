"""The audit log shows an event's times as every page does: in Asia/Shanghai, not UTC."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from core.models import AuditEntry
from volunteering import actions

pytestmark = pytest.mark.django_db

SH = dt.timezone(dt.timedelta(hours=8))
START = dt.datetime(2026, 5, 2, 9, 0, tzinfo=SH)  # 01:00 UTC


def test_it_shows_an_events_times_in_local_time_in_the_audit_log(v, login) -> None:
    with time_machine.travel(dt.datetime(2026, 4, 30, 6, 42, tzinfo=dt.UTC), tick=False):
        event = actions.do_create_event(
            community=v.world.east,
            kind="activity",
            title="邻里节",
            starts_at=START,
            ends_at=START + dt.timedelta(hours=2),
            actor=v.staff,
        )
        actions.do_update_event(
            event, starts_at=START + dt.timedelta(hours=1), actor=v.staff, hours="1"
        )
        page = login(v.staff).get(reverse("areas:audit")).content.decode()
        entry = AuditEntry.objects.filter(action="volunteering.event.create").get()
    assert "2026-05-02 09:00" in page and "2026-05-02 09:00 → 2026-05-02 10:00" in page
    # Not in UTC (the fixture's own entries carry today's real time, so look for the day too).
    assert "2026-05-02 01:00" not in page and "2026-05-02 02:00" not in page
    assert str(entry).startswith("2026-04-30 14:42 ")
