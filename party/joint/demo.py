"""Demo part of joint meetings (联席会议), at the three levels: the county's (its departments;
the department handler's account acts for the housing bureau), each subdistrict's (the first with its 28
member units (闽侯: "联席会议28个成员单位年度工作任务清单": the partner units and the offices
and companies named here; the others with theirs and fewer offices), and the first communities' (their partner unit, property company,
school). Each unit has this year's task list; each body has met, most recently some weeks ago,
and its follow-ups are some done, some open and one past its deadline.

Built back from today with offsets that never depend on the day, from its own random stream."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from accounts.roles import Role
from areas.models import Area
from core import timeutil
from party.joint.models import (
    FollowUp,
    ItemStatus,
    JointBody,
    JointMeeting,
    JointMember,
    UnitTask,
)
from party.models import PartnerUnit

COUNTY_UNITS = ["县委组织部", "县住建局", "县民政局", "县综合执法局", "县卫健局", "县教育局"]
SUBDISTRICT_UNITS = [
    "街道党政办",
    "街道综治中心",
    "街道城管中队",
    "街道社会事务办",
    "街道经济发展办",
    "瓯北市场监管所",
    "瓯北消防救援站",
    "瓯北交警中队",
    "瓯北司法所",
    "瓯北税务分局",
    "瓯北邮政支局",
    "瓯北燃气公司",
    "瓯北公交公司",
    "瓯北第一小学",
    "瓯北第二中学",
    "瓯北卫生院",
    "瓯北文化站",
    "永嘉农业银行瓯北支行",
    "瓯北物业协会",
    "瓯北商会",
    "瓯北团工委",
    "瓯北妇联",
]
COMMUNITY_UNITS = ["物业服务中心", "社区卫生服务站", "幼儿园"]
TASKS = [
    "结对共建1个网格，每季度联合开展志愿服务",
    "认领微心愿不少于10个",
    "开放单位场地用于社区活动",
    "在职党员到社区报到率100%",
    "参与老旧小区改造协调",
    "每季度参加联席会议并报告任务进度",
    "开展一次政策宣讲进社区",
]
AGENDAS = [
    "通报上季度任务清单完成情况，研究老旧小区改造中的矛盾问题",
    "部署年度工作任务清单，明确各成员单位责任",
    "研究电动自行车集中充电设施建设",
    "协调背街小巷环境整治",
]
FOLLOW_UPS = [
    "排查小区电动车充电隐患并报送清单",
    "协调开放停车位用于夜间停车",
    "落实楼道堆物清理责任",
    "提交共建项目经费预算",
    "组织在职党员进网格走访",
    "修复背街小巷路灯",
]
PLACES = ["街道党群服务中心", "社区党群服务中心", "县委党校会议室"]


def _members(body: JointBody, names: list[str], units: list[PartnerUnit]) -> list[JointMember]:
    made = [JointMember(body=body, unit=u, name=u.name) for u in units]
    made += [JointMember(body=body, name=n) for n in names]
    for k, m in enumerate(made, start=1):
        m.code = f"{body.code}-{k:02d}"
    return JointMember.objects.bulk_create(made)


def _tasks(rng: random.Random, members: list[JointMember], year: int) -> None:
    tasks = []
    for m in members:
        for text in rng.sample(TASKS, 2):
            status = rng.choices(list(ItemStatus), weights=[3, 4, 3])[0]
            tasks.append(UnitTask(member=m, year=year, text=text, status=status))
    UnitTask.objects.bulk_create(tasks)


def _meetings(
    rng: random.Random,
    body: JointBody,
    members: list[JointMember],
    ago: list[int],
    today: dt.date,
    recorder: Any,
    late: JointMember | None = None,
) -> None:
    """Meetings `ago` days back; the latest's follow-ups are one done, one open ahead and
    one past its deadline; earlier ones' are all done."""
    for n, days in enumerate(sorted(ago)):
        held = today - dt.timedelta(days=days)
        meeting = JointMeeting.objects.create(
            body=body,
            held_on=held,
            place=rng.choice(PLACES),
            agenda=AGENDAS[n % len(AGENDAS)],
            decisions="各成员单位按任务清单推进，下次会议通报进度。",
            recorded_by=recorder,
        )
        meeting.attended.set([m for m in members if rng.random() < 0.85])
        owners = rng.sample(members, 3)
        if n == 0 and late is not None:  # the unit whose contact has the overdue one
            owners = [o for o in owners if o != late][:2]
            owners.insert(1, late)
        texts = rng.sample(FOLLOW_UPS, 3)
        if n == 0:  # the latest
            plan = [
                (days + 30, ItemStatus.OPEN),
                (days - 7, ItemStatus.OPEN),
                (10, ItemStatus.DONE),
            ]
        else:
            plan = [(30, ItemStatus.DONE), (45, ItemStatus.DONE), (60, ItemStatus.DONE)]
        for owner, text, (due_in, status) in zip(owners, texts, plan, strict=True):
            deadline = held + dt.timedelta(days=due_in)
            FollowUp.objects.create(
                meeting=meeting,
                text=text,
                owner=owner,
                deadline=deadline,
                status=status,
                done_on=min(deadline, today) - dt.timedelta(days=3)
                if status == ItemStatus.DONE
                else None,
            )


def generate(ctx: Any) -> None:
    rng = random.Random(ctx.seed * 1000 + 1402)
    today = timeutil.today()
    users = ctx.data.get("users", {})
    district: Area = ctx.data["district"]
    subdistrict: Area = ctx.data["subdistrict"]
    communities: list[Area] = ctx.data["communities"]
    subdistrict_units = list(PartnerUnit.objects.filter(area=subdistrict).order_by("code"))

    county = JointBody.objects.create(
        code="J-COUNTY", name=f"{district.name}城市基层党建联席会议", area=district
    )
    county_members = _members(county, COUNTY_UNITS, [])
    housing = next(m for m in county_members if m.name == "县住建局")
    handler = users.get(str(Role.DEPARTMENT_HANDLER))
    if handler is not None:
        housing.contact = handler
        housing.save(update_fields=["contact"])
    _meetings(
        rng, county, county_members, [25, 115], today, users.get(str(Role.DISTRICT_STAFF)), housing
    )

    town = JointBody.objects.create(
        code="J-TOWN", name=f"{subdistrict.name}党建联席会议", area=subdistrict
    )
    town_members = _members(town, SUBDISTRICT_UNITS, subdistrict_units)
    _meetings(
        rng, town, town_members, [20, 110, 200, 290], today, users.get(str(Role.SUBDISTRICT_STAFF))
    )

    bodies = [county, town]
    all_members = county_members + town_members
    # The other subdistricts' meetings: their own partner units and offices.
    for n, other in enumerate(ctx.data.get("subdistricts", [subdistrict])[1:], start=1):
        short = other.name.removesuffix("街道")
        body = JointBody.objects.create(
            code=f"J-{other.code}", name=f"{other.name}党建联席会议", area=other
        )
        units = list(PartnerUnit.objects.filter(area=other).order_by("code"))
        names = [u.replace("瓯北", short) for u in SUBDISTRICT_UNITS[:14]]
        members = _members(body, names, units)
        _meetings(
            rng,
            body,
            members,
            [20 + 9 * n, 110 + 9 * n, 200 + 9 * n],
            today,
            ctx.data.get("second_subdistrict_staff"),
        )
        bodies.append(body)
        all_members += members
    for i, community in enumerate(communities[:3]):
        body = JointBody.objects.create(
            code=f"J-{community.code}", name=f"{community.name}党建联席会议", area=community
        )
        partners = list(
            PartnerUnit.objects.filter(agreements__organisation__area=community).distinct()
        )
        members = _members(body, [f"{community.name}{n}" for n in COMMUNITY_UNITS], partners)
        _meetings(
            rng,
            body,
            members,
            [15 + 7 * i, 100 + 7 * i],
            today,
            users.get(str(Role.COMMUNITY_STAFF)),
        )
        bodies.append(body)
        all_members += members
    _tasks(rng, all_members, today.year)
    ctx.log(f"party: {len(bodies)} joint meetings, {len(all_members)} member units")
