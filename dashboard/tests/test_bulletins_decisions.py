"""Published results show the consultations' decisions of the resident's community, decided at
a published meeting, with how many of their follow-ups are done; nothing of who proposed,
supported or voted."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from dashboard.tests.bulletin_world import APRIL, bw  # noqa: F401
from volunteering.consultation import actions
from volunteering.tests.consultation import meeting, scheduled

pytestmark = pytest.mark.django_db


def test_the_results_show_a_published_decision_and_its_follow_ups(bw, client) -> None:  # noqa: F811
    staff = bw.world.users["community_staff"]
    with time_machine.travel(APRIL, tick=False):
        m = meeting(bw.world, held_on=dt.date(2026, 4, 1))
        topic = scheduled(bw.world, m)
        actions.do_decide_topic(topic, decision="增设非机动车充电桩", actor=staff)
        for text in ("选址公示", "施工"):
            actions.do_add_topic_follow_up(
                topic, text=text, owner_name="物业", deadline=dt.date(2026, 5, 1), actor=staff
            )
        first = topic.follow_ups.order_by("pk").first()
        assert first is not None
        actions.do_move_topic_follow_up(first, "done", actor=staff)
        client.force_login(bw.users["resident"])
        unpublished: Any = client.get("/api/v1/dashboard/results").json()
        assert unpublished["decisions"] == []
        actions.do_record_minutes(m, minutes="讨论充分", attendance=15, actor=staff)
        actions.do_publish_meeting(m, actor=staff)
        answer: Any = client.get("/api/v1/dashboard/results").json()
        page = client.get("/dashboard/results/", follow=True).content.decode()
    assert answer["decisions"] == [
        {
            "subject": topic.title,
            "decision": "增设非机动车充电桩",
            "held_on": "2026-04-01",
            "follow_ups": 2,
            "done": 1,
        }
    ]
    assert "增设非机动车充电桩" in page and "已完成 1 项，共 2 项" in page
