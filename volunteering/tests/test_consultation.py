"""Consultation's rules: proposals and their supports, the vote (one per household, secret,
quorum), decisions and follow-ups, publication; every refusal stores nothing."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from core.models import AuditEntry, Notification
from core.refusal import Conflict, Forbidden, Invalid, NotFound
from volunteering.consultation import actions, selectors
from volunteering.consultation.models import Ballot, MeetingStatus, Topic, TopicStatus
from volunteering.tests.consultation import meeting, resident_user, scheduled

pytestmark = pytest.mark.django_db
DAY = dt.datetime(2026, 3, 10, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(DAY, tick=False):
        yield


def test_it_asks_a_share_of_the_households_at_least_a_few(world, settings) -> None:
    assert selectors.support_threshold(world.east) == 2  # 2 households: all of them
    settings.LINLI_CONSULT_SUPPORT_MIN = 1
    assert selectors.support_threshold(world.east) == 1


def test_it_makes_a_proposal_eligible_at_its_threshold_and_tells_the_office(world) -> None:
    resident = world.users["resident"]
    neighbour = resident_user(world, world.east_households[1], "13800000201", "东邻居")
    topic = actions.do_propose_topic(title="小区停车难", description="晚上车位不够", actor=resident)
    assert topic.status == TopicStatus.GATHERING and topic.threshold == 2
    assert selectors.support_count(topic) == 1  # the proposer's household
    assert list(selectors.open_for_me(neighbour)) == [topic]
    assert list(selectors.open_for_me(resident)) == []

    actions.do_support_topic(topic, actor=neighbour)

    topic.refresh_from_db()
    assert topic.status == TopicStatus.ELIGIBLE
    staff = world.users["community_staff"]
    assert list(selectors.eligible_topics(staff)) == [topic]
    assert Notification.objects.filter(user=staff, title__contains="小区停车难").exists()
    assert not Notification.objects.filter(user=world.users["subdistrict_staff"]).exists()


def test_it_counts_one_support_per_household(world) -> None:
    resident = world.users["resident"]
    same_home = resident_user(world, world.east_households[0], "13800000202", "东家人")
    topic = actions.do_propose_topic(title="小区停车难", actor=resident)
    with pytest.raises(Conflict):
        actions.do_support_topic(topic, actor=same_home)
    assert selectors.support_count(topic) == 1


def test_it_refuses_support_from_outside_the_community_and_staff(world) -> None:
    topic = actions.do_propose_topic(title="小区停车难", actor=world.users["resident"])
    west = resident_user(world, world.west_households[0], "13800000203", "西居民")
    with pytest.raises(NotFound):
        actions.do_support_topic(topic, actor=west)
    with pytest.raises(Forbidden):
        actions.do_support_topic(topic, actor=world.users["community_staff"])
    with pytest.raises(Forbidden):
        actions.do_propose_topic(title="x", actor=world.users["community_staff"])
    with pytest.raises(Invalid):
        actions.do_propose_topic(title="  ", actor=world.users["resident"])


def test_it_raises_a_topic_from_the_needs_list(world) -> None:
    from volunteering.models import Need

    staff = world.users["community_staff"]
    need = Need.objects.create(community=world.east, title="楼道灯不亮", category="repair")
    topic = actions.do_raise_topic(world.east, title="", need=need, actor=staff)
    assert (topic.title, topic.source, topic.status) == ("楼道灯不亮", "need", "eligible")
    with pytest.raises(NotFound):
        actions.do_raise_topic(world.east, title="x", actor=world.users["outsider"])
    other = Need.objects.create(community=world.west, title="西", category="repair")
    with pytest.raises(Invalid):
        actions.do_raise_topic(world.east, title="x", need=other, actor=staff)


def test_it_lets_each_household_vote_once_in_the_open(world) -> None:
    m = meeting(world)
    topic = scheduled(world, m, "open")
    staff = world.users["community_staff"]
    resident = world.users["resident"]
    same_home = resident_user(world, world.east_households[0], "13800000204", "东家人")
    with pytest.raises(Conflict):
        actions.do_cast_ballot(topic, choice="for", actor=resident)  # not open yet
    actions.do_open_vote(topic, actor=staff)
    actions.do_cast_ballot(topic, choice="for", actor=resident)
    with pytest.raises(Conflict):
        actions.do_cast_ballot(topic, choice="against", actor=same_home)
    with pytest.raises(Invalid):
        actions.do_cast_ballot(topic, choice="maybe", actor=resident)
    topic.refresh_from_db()
    counted = selectors.tally(topic)
    assert counted is not None
    assert (counted.votes_for, counted.against, counted.needed) == (1, 0, 1)
    assert Ballot.objects.get(topic=topic).choice == "for"


def test_it_keeps_a_secret_ballot_without_its_choice(world) -> None:
    m = meeting(world)
    topic = scheduled(world, m, "secret")
    staff = world.users["community_staff"]
    actions.do_open_vote(topic, actor=staff)
    neighbour = resident_user(world, world.east_households[1], "13800000205", "东邻居")
    actions.do_cast_ballot(topic, choice="against", actor=world.users["resident"])
    actions.do_cast_ballot(topic, choice="for", actor=neighbour)

    assert set(Ballot.objects.filter(topic=topic).values_list("choice", flat=True)) == {""}
    entries = AuditEntry.objects.filter(action="volunteering.topic.ballot")
    assert entries.count() == 2
    assert all("for" not in str(e.changes) and "against" not in str(e.changes) for e in entries)
    topic.refresh_from_db()
    counted = selectors.tally(topic)
    assert counted is not None
    assert (counted.votes_for, counted.against, counted.total) == (1, 1, 2)
    with pytest.raises(Conflict):
        actions.do_cast_ballot(topic, choice="for", actor=neighbour)


def test_it_does_not_carry_a_vote_below_its_quorum(world) -> None:
    m = meeting(world, quorum=100)
    topic = scheduled(world, m, "open")
    staff = world.users["community_staff"]
    actions.do_open_vote(topic, actor=staff)
    actions.do_cast_ballot(topic, choice="for", actor=world.users["resident"])
    done = actions.do_decide_topic(topic, decision="同意加装", actor=staff)
    assert done.status == TopicStatus.DECIDED and done.carried is False
    counted = selectors.tally(done)
    assert counted is not None
    assert counted.needed == 2 and not counted.quorate


def test_it_carries_a_vote_with_its_quorum_and_a_majority(world) -> None:
    m = meeting(world, quorum=50)
    topic = scheduled(world, m, "open")
    staff = world.users["community_staff"]
    actions.do_open_vote(topic, actor=staff)
    actions.do_cast_ballot(topic, choice="for", actor=world.users["resident"])
    assert actions.do_decide_topic(topic, decision="同意加装", actor=staff).carried is True


def test_it_decides_at_the_meeting_not_before(world) -> None:
    m = meeting(world, held_on=dt.date(2026, 3, 20))
    topic = scheduled(world, m, "none")
    staff = world.users["community_staff"]
    with pytest.raises(Conflict):
        actions.do_decide_topic(topic, decision="x", actor=staff)
    with pytest.raises(Conflict):
        actions.do_open_vote(topic, actor=staff)  # not put to the vote
    with pytest.raises(Conflict):
        actions.do_record_minutes(m, minutes="x", attendance=3, actor=staff)


def test_it_refuses_the_office_steps_to_residents_and_other_areas(world) -> None:
    m = meeting(world)
    topic = scheduled(world, m)
    with pytest.raises(Forbidden):
        actions.do_decide_topic(topic, decision="x", actor=world.users["resident"])
    with pytest.raises(NotFound):
        actions.do_decide_topic(topic, decision="x", actor=world.users["outsider"])
    with pytest.raises(NotFound):
        actions.do_plan_meeting(
            world.east, title="x", held_on=dt.date(2026, 3, 1), actor=world.users["resident"]
        )
    with pytest.raises(Invalid):
        meeting(world, quorum=0)
    assert Topic.objects.get(pk=topic.pk).status == TopicStatus.SCHEDULED


def test_it_follows_a_decision_up_and_publishes_it(world) -> None:
    m = meeting(world)
    topic = scheduled(world, m, "none")
    staff = world.users["community_staff"]
    owner = world.users["grid_worker"]
    with pytest.raises(Conflict):
        actions.do_publish_meeting(m, actor=staff)  # not minuted
    actions.do_record_minutes(m, minutes="讨论了加装电梯", attendance=23, actor=staff)
    with pytest.raises(Conflict):
        actions.do_publish_meeting(m, actor=staff)  # a topic still undecided
    with pytest.raises(Conflict):
        actions.do_add_topic_follow_up(
            topic, text="x", owner_name="物业", deadline=dt.date(2026, 4, 1), actor=staff
        )
    actions.do_decide_topic(topic, decision="同意加装", actor=staff)
    late = actions.do_add_topic_follow_up(
        topic, text="征求意见", owner_name="物业公司", deadline=dt.date(2026, 3, 10), actor=staff
    )
    mine = actions.do_add_topic_follow_up(
        topic,
        text="报规划审批",
        owner_name="社区",
        owner=owner,
        deadline=dt.date(2026, 4, 30),
        actor=staff,
    )
    assert list(selectors.my_follow_ups(owner)) == [mine]
    with pytest.raises(Forbidden):
        actions.do_move_topic_follow_up(late, "done", actor=owner)
    actions.do_move_topic_follow_up(mine, "done", note="已报批", actor=owner)
    with pytest.raises(Conflict):
        actions.do_move_topic_follow_up(mine, "done", actor=owner)
    assert selectors.published_decisions([world.east.code]).count() == 0
    actions.do_publish_meeting(m, actor=staff)
    m.refresh_from_db()
    assert m.status == MeetingStatus.PUBLISHED and m.published_on == dt.date(2026, 3, 10)
    assert list(selectors.published_decisions([world.subdistrict.code])) == [topic]
    assert list(selectors.published_decisions([world.west.code])) == []
    with time_machine.travel(DAY + dt.timedelta(days=1), tick=False):
        assert list(selectors.follow_ups_overdue(staff)) == [late]


def test_it_registers_one_speaker_per_household_for_a_hearing(world) -> None:
    hearing = meeting(world, kind="hearing", title="停车收费听证会")
    resident = world.users["resident"]
    same_home = resident_user(world, world.east_households[0], "13800000206", "东家人")
    speaker = actions.do_register_speaker(hearing, position="反对涨价", actor=resident)
    assert speaker.name == resident.resident.name
    with pytest.raises(Conflict):
        actions.do_register_speaker(hearing, actor=same_home)
    staff = world.users["community_staff"]
    actions.do_register_speaker(hearing, name="物业经理王某", actor=staff)
    actions.do_record_statement(speaker, statement="建议分时段收费", actor=staff)
    with pytest.raises(Conflict):
        actions.do_register_speaker(meeting(world), actor=resident)  # not a hearing


def test_its_home_lines_count_their_lists(world) -> None:
    resident = world.users["resident"]
    neighbour = resident_user(world, world.east_households[1], "13800000207", "东邻居")
    actions.do_propose_topic(title="小区停车难", actor=resident)
    meeting(world, held_on=dt.date(2026, 3, 9))
    lines = {line.key: line.count for line in selectors.home_lines(neighbour)}
    assert lines["consultation.open"] == 1
    staff_lines = {
        line.key: line.count for line in selectors.home_lines(world.users["community_staff"])
    }
    assert staff_lines["consultation.to_minute"] == 1
    assert staff_lines["consultation.eligible"] == 0
