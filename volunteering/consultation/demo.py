"""The demo's consultation (议事协商) in the first community: last month's regular meeting
(每月定期议事), finished and published, whose decisions are half done (a follow-up done, one
open ahead, one past its deadline); an earlier hearing (居民决策听证会) published with its
speakers; a residents' proposal gathering support (the demo resident's household has not
supported it yet); a topic from the office ready for the next meeting, planned ahead.

Every date is counted back or ahead from the load day and no draw depends on it (its own
random stream), so the demo is the same whatever day it is loaded."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence
from typing import Any

from accounts.models import User
from accounts.roles import Role
from areas.models import Area, Household, Resident
from core import timeutil
from party.joint.models import ItemStatus
from volunteering.consultation.models import (
    Ballot,
    Choice,
    ConsultMeeting,
    MeetingKind,
    MeetingStatus,
    Speaker,
    Topic,
    TopicFollowUp,
    TopicSource,
    TopicStatus,
    TopicSupport,
    VoteMode,
)
from volunteering.consultation.selectors import support_threshold
from volunteering.models import Need

ALL_PARTIES = ["residents", "property", "owners", "party"]


def _supports(topic: Topic, households: list[Household], n: int) -> None:
    TopicSupport.objects.bulk_create(
        TopicSupport(topic=topic, household=h, created=topic.created) for h in households[:n]
    )


def _ballots(topic: Topic, households: list[Household], choices: Sequence[str]) -> None:
    secret = topic.vote_mode == VoteMode.SECRET
    Ballot.objects.bulk_create(
        Ballot(topic=topic, household=h, choice="" if secret else c)
        for h, c in zip(households, choices, strict=False)
    )
    if secret:
        topic.secret_for = sum(c == Choice.FOR for c in choices)
        topic.secret_against = sum(c == Choice.AGAINST for c in choices)
        topic.secret_abstain = sum(c == Choice.ABSTAIN for c in choices)
        topic.save(update_fields=["secret_for", "secret_against", "secret_abstain"])


def generate(ctx: Any, communities: list[Area], users: dict[str, User]) -> int:
    if not communities:
        return 0
    rng = random.Random(ctx.seed * 1000 + 1601)
    community = communities[0]
    staff = users.get(Role.COMMUNITY_STAFF)
    demo_resident = users.get(Role.RESIDENT)
    own = demo_resident.resident.household_id if demo_resident and demo_resident.resident else None
    households = [
        h
        for h in Household.objects.filter(grid__code__startswith=community.code).order_by("code")
        if h.pk != own
    ]
    if len(households) < 10:
        return 0
    rng.shuffle(households)
    today = timeutil.today()
    now = timeutil.now()
    threshold = support_threshold(community)
    quorum = 10
    needed = max(1, math.ceil(len(households) * quorum / 100))

    def on(days: int) -> dt.date:
        return today + dt.timedelta(days=days)

    # Last month's regular meeting: minuted and published, its decisions half done.
    monthly = ConsultMeeting.objects.create(
        community=community,
        kind=MeetingKind.MEETING,
        title="居民议事会（每月定期）",
        held_on=on(-20),
        place="党群服务中心议事厅",
        agenda="一、小区加装电梯方案；二、电动车停放充电；三、物业服务费收支公示",
        participants=ALL_PARTIES,
        quorum_percent=quorum,
        status=MeetingStatus.PUBLISHED,
        attendance=26,
        present="居民代表18人、物业公司、业委会、党员代表",
        minutes="四位一体协商共治：居民代表、物业公司、业委会和党员代表逐项议事，形成三项决定。",
        published_on=on(-18),
        created_by=staff,
        created=now - dt.timedelta(days=30),
    )
    lift = Topic.objects.create(
        community=community,
        title="小区加装电梯",
        description="多层住宅老人上下楼困难，建议加装电梯。",
        source=TopicSource.PROPOSAL,
        household=households[0],
        threshold=threshold,
        status=TopicStatus.DECIDED,
        meeting=monthly,
        vote_mode=VoteMode.SECRET,
        decision="同意在具备条件的楼栋加装电梯，费用按楼层分摊。",
        carried=True,
        decided_on=on(-20),
        created=now - dt.timedelta(days=45),
    )
    _supports(lift, households, threshold)
    voters = needed + rng.randint(5, 20)
    choices = [Choice.FOR] * (voters * 7 // 10) + [Choice.AGAINST] * (voters * 2 // 10)
    choices += [Choice.ABSTAIN] * (voters - len(choices))
    _ballots(lift, households, choices)
    need = Need.objects.filter(community=community).order_by("pk").first()
    charging = Topic.objects.create(
        community=community,
        title="规范电动车停放充电",
        description=need.description if need else "",
        source=TopicSource.NEED if need else TopicSource.OFFICE,
        need=need,
        status=TopicStatus.DECIDED,
        meeting=monthly,
        vote_mode=VoteMode.OPEN,
        decision="在小区东侧增设集中充电棚，禁止楼道充电。",
        carried=True,
        decided_on=on(-20),
        created=now - dt.timedelta(days=35),
    )
    open_choices = [Choice.FOR] * (needed + 8) + [Choice.AGAINST] * 3
    _ballots(charging, households[-len(open_choices) :], open_choices)
    fees = Topic.objects.create(
        community=community,
        title="物业服务费收支公示",
        source=TopicSource.OFFICE,
        status=TopicStatus.DECIDED,
        meeting=monthly,
        decision="物业公司每季度在公开栏公示收支明细。",
        decided_on=on(-20),
        created=now - dt.timedelta(days=32),
    )
    keeper = users.get(Role.GRID_WORKER) or staff
    TopicFollowUp.objects.bulk_create(
        [
            TopicFollowUp(
                topic=lift,
                text="完成首批楼栋意见征询",
                owner_name="社区居委会",
                owner=staff,
                deadline=on(-8),
                status=ItemStatus.DONE,
                done_on=on(-10),
                note="3幢、5幢同意率超过三分之二",
            ),
            TopicFollowUp(
                topic=lift,
                text="报送加装电梯规划审批",
                owner_name="业委会",
                deadline=on(-3),
                status=ItemStatus.IN_PROGRESS,
            ),
            TopicFollowUp(
                topic=charging,
                text="建成集中充电棚",
                owner_name="物业公司",
                owner=keeper,
                deadline=on(20),
                status=ItemStatus.OPEN,
            ),
            TopicFollowUp(
                topic=fees,
                text="公示第一季度收支",
                owner_name="物业公司",
                deadline=on(-5),
                status=ItemStatus.DONE,
                done_on=on(-12),
            ),
        ]
    )
    # An earlier hearing (居民决策听证会), published with its speakers.
    hearing = ConsultMeeting.objects.create(
        community=community,
        kind=MeetingKind.HEARING,
        title="停车收费调整听证会",
        held_on=on(-40),
        place="社区会议室",
        agenda="物业公司提出的地面停车收费调整方案",
        participants=ALL_PARTIES,
        quorum_percent=quorum,
        status=MeetingStatus.PUBLISHED,
        attendance=34,
        present="居民代表、物业公司、业委会",
        minutes="听取各方意见后，方案修改为分时段收费。",
        published_on=on(-38),
        created_by=staff,
        created=now - dt.timedelta(days=55),
    )
    parking = Topic.objects.create(
        community=community,
        title="停车收费调整方案",
        source=TopicSource.OFFICE,
        status=TopicStatus.DECIDED,
        meeting=hearing,
        decision="夜间停车收费维持不变，白天临时停车分时段收费。",
        decided_on=on(-40),
        created=now - dt.timedelta(days=56),
    )
    TopicFollowUp.objects.create(
        topic=parking,
        text="按新方案调整收费公示牌",
        owner_name="物业公司",
        deadline=on(-30),
        status=ItemStatus.DONE,
        done_on=on(-33),
    )
    speakers = Resident.objects.filter(household__in=households[:3], is_head=True).order_by("code")[
        :3
    ]
    positions = ["支持分时段收费", "反对上调夜间收费", "建议增加访客车位"]
    Speaker.objects.bulk_create(
        Speaker(
            meeting=hearing,
            name=r.name,
            household=r.household,
            position=positions[i],
            statement=positions[i] + "，并说明理由。",
            registered=now - dt.timedelta(days=50),
        )
        for i, r in enumerate(speakers)
    )
    Speaker.objects.create(
        meeting=hearing,
        name="物业公司项目经理",
        position="说明调整方案",
        statement="介绍了收费标准的测算依据。",
        registered=now - dt.timedelta(days=49),
    )
    # A residents' proposal gathering support; the demo resident's household may add its own.
    benches = Topic.objects.create(
        community=community,
        title="增设小区休闲座椅",
        description="小区花园缺少座椅，老人散步没有地方休息。",
        source=TopicSource.PROPOSAL,
        household=households[-1],
        threshold=threshold,
        status=TopicStatus.GATHERING,
        created=now - dt.timedelta(days=3),
    )
    _supports(benches, households[::-1], max(1, threshold - 2))
    # The office's topic ready for next month's meeting, planned ahead.
    Topic.objects.create(
        community=community,
        title="老旧小区雨污分流改造",
        source=TopicSource.OFFICE,
        status=TopicStatus.ELIGIBLE,
        created=now - dt.timedelta(days=2),
    )
    ConsultMeeting.objects.create(
        community=community,
        title="居民议事会（每月定期）",
        held_on=on(10),
        place="党群服务中心议事厅",
        participants=ALL_PARTIES,
        quorum_percent=quorum,
        created_by=staff,
        created=now - dt.timedelta(days=1),
    )
    return 3
