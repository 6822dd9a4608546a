"""Consultation pages: what a resident and the office see and do; the published record names
no proposer, supporter or voter and shows no phone."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from volunteering.consultation import actions
from volunteering.consultation.models import Topic, TopicStatus
from volunteering.tests.consultation import meeting, resident_user, scheduled

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(dt.datetime(2026, 3, 10, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def test_it_lets_a_resident_propose_and_a_neighbour_support(world, client) -> None:
    client.force_login(world.users["resident"])
    page = client.get("/volunteering/consultation/")
    assert page.status_code == 200 and 'id="propose"' in page.content.decode()
    r = client.post(
        "/volunteering/consultation/", {"step": "propose", "title": "楼下噪音", "description": ""}
    )
    topic = Topic.objects.get(title="楼下噪音")
    assert r.status_code == 302 and r["Location"].endswith(f"/topics/{topic.pk}/")
    neighbour = resident_user(world, world.east_households[1], "13800000401", "东邻居")
    client.force_login(neighbour)
    body = client.get(f"/volunteering/consultation/topics/{topic.pk}/").content.decode()
    assert 'id="support"' in body and "东居民" not in body and "E居民1" not in body
    client.post(f"/volunteering/consultation/topics/{topic.pk}/support/")
    topic.refresh_from_db()
    assert topic.status == TopicStatus.ELIGIBLE
    assert (
        client.get("/volunteering/consultation/?show=open").content.decode().count("data-topic=")
        == 0
    )


def test_it_hides_the_pages_from_other_communities(world, client) -> None:
    topic = actions.do_propose_topic(title="楼下噪音", actor=world.users["resident"])
    client.force_login(world.users["outsider"])
    assert client.get("/volunteering/consultation/").status_code == 404
    west = resident_user(world, world.west_households[0], "13800000402", "西居民")
    client.force_login(west)
    assert client.get(f"/volunteering/consultation/topics/{topic.pk}/").status_code == 404
    assert (
        client.get(f"/volunteering/consultation/published/?community={world.east.code}").status_code
        == 404
    )


def test_it_lets_the_office_run_a_meeting_to_its_published_record(world, client) -> None:
    staff = world.users["community_staff"]
    m = meeting(world)
    topic = scheduled(world, m, "secret")
    client.force_login(staff)
    assert (
        'id="open-vote"'
        in client.get(f"/volunteering/consultation/topics/{topic.pk}/").content.decode()
    )
    client.post(f"/volunteering/consultation/topics/{topic.pk}/open-vote/")
    client.force_login(world.users["resident"])
    body = client.get(f"/volunteering/consultation/topics/{topic.pk}/").content.decode()
    assert 'id="vote"' in body
    client.post(f"/volunteering/consultation/topics/{topic.pk}/vote/", {"choice": "for"})
    client.force_login(staff)
    client.post(
        f"/volunteering/consultation/topics/{topic.pk}/decide/", {"decision": "同意加装电梯"}
    )
    client.post(
        f"/volunteering/consultation/topics/{topic.pk}/follow-up/",
        {"text": "征求低层住户意见", "owner_name": "物业公司", "deadline": "2026-03-31"},
    )
    client.post(
        f"/volunteering/consultation/meetings/{m.pk}/minute/",
        {"minutes": "讨论充分", "attendance": "21"},
    )
    client.post(f"/volunteering/consultation/meetings/{m.pk}/publish/")
    client.force_login(resident_user(world, world.east_households[1], "13800000403", "东邻居"))
    body = client.get("/volunteering/consultation/published/").content.decode()
    body = body[body.index("<main") : body.index("</main>")]
    assert "同意加装电梯" in body and "征求低层住户意见" in body
    assert "13912345001" not in body and "E居民1" not in body and "东居民" not in body


def test_it_lists_what_each_home_line_counts(world, client) -> None:
    staff = world.users["community_staff"]
    actions.do_raise_topic(world.east, title="垃圾分类", actor=staff)
    meeting(world, held_on=dt.date(2026, 3, 9))
    client.force_login(staff)
    from volunteering.consultation.selectors import home_lines

    for line in home_lines(staff):
        if line.count:
            body = client.get(line.url).content.decode()
            assert (
                body.count("data-topic=")
                + body.count("data-meeting=")
                + body.count("data-follow-up=")
                == line.count
            ), line.key


def test_it_lets_a_follow_up_owner_without_a_home_there_finish_it(world, client) -> None:
    staff = world.users["community_staff"]
    m = meeting(world)
    topic = scheduled(world, m, "none")
    actions.do_decide_topic(topic, decision="同意", actor=staff)
    owner = world.users["outsider"]  # a grid worker of the other community
    follow_up = actions.do_add_topic_follow_up(
        topic,
        text="清理楼道",
        owner_name="西网格",
        owner=owner,
        deadline=dt.date(2026, 3, 20),
        actor=staff,
    )
    client.force_login(owner)
    body = client.get("/volunteering/consultation/?show=mine").content.decode()
    assert f'data-follow-up="{follow_up.pk}"' in body
    client.post(f"/volunteering/consultation/follow-ups/{follow_up.pk}/done/", {"note": "已清理"})
    follow_up.refresh_from_db()
    assert follow_up.status == "done" and follow_up.note == "已清理"


def test_a_follow_ups_owner_reads_the_published_record_they_carry_out(world, client) -> None:
    """A grid worker who reports on a decision's follow-up (no resident record, no office)
    reads the community's published record, which their consultation pages link to."""
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    m = meeting(world)
    topic = scheduled(world, m)
    actions.do_decide_topic(topic, decision="同意设置充电桩", actor=staff)
    actions.do_add_topic_follow_up(
        topic,
        text="选址公示",
        owner_name="网格员",
        owner=worker,
        deadline=dt.date(2026, 3, 31),
        actor=staff,
    )
    actions.do_record_minutes(m, minutes="讨论充分", attendance=12, actor=staff)
    actions.do_publish_meeting(m, actor=staff)
    client.force_login(worker)
    body = client.get("/volunteering/consultation/published/").content.decode()
    assert "同意设置充电桩" in body and "选址公示" in body
    other = f"/volunteering/consultation/published/?community={world.west.code}"
    assert client.get(other).status_code == 404
