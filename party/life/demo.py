"""Demo part of organisational life: each branch's meetings over its last complete periods
(three months, two quarters), most held on time, some made up late, some missing, with
attendance. Built back from today, with draws that never depend on the day, so the demo
holds the same rows whenever it is loaded; its own random stream leaves the other apps'
draws as they were. Groups hold no members in the demo, so no group meetings."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from core import timeutil
from party.life.models import (
    NAMED_ATTENDANCE,
    Attendance,
    Frequency,
    LifeRule,
    Meeting,
    MeetingKind,
    seed_default_rules,
)
from party.life.periods import recent
from party.models import OrgLevel, PartyMember, PartyOrganisation

PERIODS: dict[str, int] = {
    Frequency.MONTH: 3,
    Frequency.QUARTER: 2,
    Frequency.HALF_YEAR: 1,
    Frequency.YEAR: 1,
}
PLACES = ["社区党群服务中心", "网格党建驿站", "小区议事厅", "红色书屋"]
AGENDA = {
    MeetingKind.MEMBERS_MEETING: "通报支部工作；讨论发展党员；收缴党费",
    MeetingKind.COMMITTEE_MEETING: "研究本月网格重点工作；安排主题党日",
    MeetingKind.LECTURE: "书记讲党课：党建引领基层治理",
    MeetingKind.THEME_DAY: "重温入党誓词；开展志愿服务",
}
REASONS = ["外出务工", "身体不适", "出差", "照顾家人", ""]


def generate(ctx: Any) -> None:
    seed_default_rules()
    rng = random.Random(ctx.seed * 1000 + 14)
    today = timeutil.today()
    rules = list(LifeRule.objects.filter(level=OrgLevel.BRANCH, active=True).order_by("kind"))
    branches = PartyOrganisation.objects.filter(level=OrgLevel.BRANCH).order_by("code")
    members: dict[int, list[int]] = {}
    for pk, org in PartyMember.objects.order_by("code").values_list("pk", "organisation_id"):
        members.setdefault(org, []).append(pk)
    meetings: list[Meeting] = []
    due: list[list[int]] = []
    for branch in branches:
        mine = members.get(branch.pk, [])
        for rule in rules:
            for period in recent(today, rule.frequency, PERIODS[rule.frequency] + 1)[:-1]:
                r, when, place = rng.random(), rng.random(), rng.choice(PLACES)
                if r < 0.1 or not mine:
                    continue  # missing
                if r < 0.2:  # made up in the first days of the next period, by today
                    held = min(period.end + dt.timedelta(days=1 + int(when * 5)), today)
                else:
                    held = period.start + dt.timedelta(
                        days=int(when * (period.end - period.start).days)
                    )
                meetings.append(
                    Meeting(
                        organisation=branch,
                        kind=rule.kind,
                        held_on=held,
                        counts_for=min(held, period.end),
                        place=place,
                        agenda=AGENDA.get(MeetingKind(rule.kind), "学习"),
                        minutes="与会党员逐一发言，支部书记作总结。",
                        decisions="按计划推进网格重点工作。",
                    )
                )
                due.append(mine[:5] if rule.kind in NAMED_ATTENDANCE else mine)
    Meeting.objects.bulk_create(meetings, batch_size=2000)
    rows = []
    for meeting, pks in zip(meetings, due, strict=True):
        for pk in pks:
            present = rng.random() < 0.85
            reason = "" if present else rng.choice(REASONS)
            rows.append(Attendance(meeting=meeting, member_id=pk, present=present, reason=reason))
    Attendance.objects.bulk_create(rows, batch_size=5000)
    ctx.log(f"party life: {len(meetings)} meetings, {len(rows)} attendance rows")
