"""Demo part of commitments (承诺践诺): each grid branch commits to something for its grid,
about one member in twenty-five commits too (闽侯: "承诺践诺260多条，达成量200多项", about
what this gives at scale 1), and the demo volunteer's member record makes two of its own
(it is the member the volunteering demo links to that account). Most commitments past their
deadline are fulfilled, some not (with a reason), a few are still open; residents of the
grid rate some of those closed.

Built back from today with draws that never depend on the day (a commitment is made some
days ago and due some days after that, so whether it is past its deadline is drawn, not
dated), from its own random stream so the other apps' draws stay as they were."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any
from zoneinfo import ZoneInfo

from areas.models import Resident
from core import timeutil
from party.commitments.models import (
    Commitment,
    CommitmentEvent,
    CommitmentRating,
    CommitmentStatus,
)
from party.models import OrgLevel, PartyMember, PartyOrganisation

S = CommitmentStatus
SHANGHAI = ZoneInfo("Asia/Shanghai")
MEMBER_SHARE = 0.04
ORG_TEXTS = [
    "每月开展一次主题党日志愿服务，服务对象覆盖网格内全部独居老人",
    "年内完成网格内老旧小区楼道堆物清理",
    "建立网格居民群，居民诉求24小时内回应",
    "每月5日、20日开讲睦邻党课",
    "协调物业修复小区路灯和监控",
    "推动加装电梯意见征集入户全覆盖",
]
MEMBER_TEXTS = [
    "结对帮扶1户困难家庭，每月上门一次",
    "每周参与网格巡查一次",
    "每月为社区老人义务理发",
    "认领并完成微心愿2个",
    "担任楼道长，每月收集居民意见",
    "每周为辖区学生义务辅导功课",
    "参与垃圾分类督导每月4次",
    "调解邻里纠纷，做到小事不出网格",
]
NOTES = ["已上门走访5户", "已完成一半", "正在协调物业", "已召开居民议事会", "已完成第一季度任务"]
DONE = ["按期完成，居民满意", "全部完成", ""]
REASONS = ["工作调动，未能按期完成", "资金未落实，顺延至明年", "居民意见不一，暂缓实施"]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=SHANGHAI)


def _demo_member(first_code: str) -> int | None:
    """The member the volunteering demo gives the demo volunteer's account."""
    registered = PartyMember.objects.filter(in_service=True, home_community__isnull=False)
    found = (
        PartyMember.objects.filter(organisation__area__code__startswith=first_code)
        .exclude(pk__in=registered.values("pk"))
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    return found


def generate(ctx: Any) -> None:
    rng = random.Random(ctx.seed * 1000 + 1401)
    today = timeutil.today()
    branches = list(
        PartyOrganisation.objects.filter(level=OrgLevel.BRANCH)
        .select_related("area")
        .order_by("code")
    )
    if not branches:
        return
    by_pk = {b.pk: b for b in branches}
    members = list(
        PartyMember.objects.filter(organisation__in=by_pk)
        .order_by("code")
        .values_list("pk", "organisation_id")
    )
    first = (
        ctx.data["communities"][0].code if ctx.data.get("communities") else branches[0].area.code
    )
    demo_member = _demo_member(first)
    # (branch, member or None, text, days since made, days from made to the deadline, outcome)
    plans: list[tuple[PartyOrganisation, int | None, str, int, int, float]] = []
    for i, branch in enumerate(branches):
        outcome = rng.random()
        plans.append(
            (
                branch,
                None,
                ORG_TEXTS[i % len(ORG_TEXTS)],
                rng.randint(60, 330),
                rng.randint(30, 300),
                outcome,
            )
        )
    for pk, org in members:
        draw, text, back, span, outcome = (
            rng.random(),
            rng.choice(MEMBER_TEXTS),
            rng.randint(10, 330),
            rng.randint(30, 300),
            rng.random(),
        )
        if pk == demo_member:
            plans.append((by_pk[org], pk, "每周参与网格巡查一次", 40, 60, 0.5))  # due in 20 days
            plans.append((by_pk[org], pk, "认领并完成微心愿2个", 200, 150, 0.1))  # fulfilled
        elif draw < MEMBER_SHARE:
            plans.append((by_pk[org], pk, text, back, span, outcome))
    # The first grid's branch has kept its word: the demo resident (who lives there) may rate it.
    branch, _m, text, back, _span, _o = plans[0]
    plans[0] = (branch, None, text, back, back - 20, 0.1)

    made: list[Commitment] = []
    histories: list[list[tuple[str, str, str, str, dt.date]]] = []
    for branch, member_pk, text, back, span, outcome in plans:
        made_on = today - dt.timedelta(days=back)
        deadline = made_on + dt.timedelta(days=span)
        steps: list[tuple[str, str, str, str, dt.date]] = [("make", "", S.MADE, "", made_on)]
        middle = made_on + dt.timedelta(days=max(1, min(span, back) // 2))
        if deadline < today:
            status = (
                S.FULFILLED
                if outcome < 0.8
                else S.NOT_FULFILLED
                if outcome < 0.9
                else S.IN_PROGRESS
            )
        else:
            status = S.FULFILLED if outcome < 0.15 else S.IN_PROGRESS if outcome < 0.6 else S.MADE
        if status != S.MADE:
            steps.append(
                ("progress", S.MADE, S.IN_PROGRESS, NOTES[int(outcome * 100) % len(NOTES)], middle)
            )
        closed_on = None
        reason = ""
        if status == S.FULFILLED:
            closed_on = min(deadline, today)
            steps.append(
                ("fulfil", S.IN_PROGRESS, S.FULFILLED, DONE[int(outcome * 10) % 3], closed_on)
            )
        elif status == S.NOT_FULFILLED:
            closed_on = deadline
            reason = REASONS[int(outcome * 100) % len(REASONS)]
            steps.append(("fail", S.IN_PROGRESS, S.NOT_FULFILLED, reason, closed_on))
        made.append(
            Commitment(
                organisation=branch,
                member_id=member_pk,
                text=text,
                area=branch.area,
                year=deadline.year,
                deadline=deadline,
                status=status,
                closed_on=closed_on,
                reason=reason,
                made_at=_at(made_on, 9),
            )
        )
        histories.append(steps)
    Commitment.objects.bulk_create(made, batch_size=2000)
    CommitmentEvent.objects.bulk_create(
        (
            CommitmentEvent(commitment=c, action=a, before=b, after=s, note=n, at=_at(day, 10))
            for c, steps in zip(made, histories, strict=True)
            for a, b, s, n, day in steps
        ),
        batch_size=5000,
    )
    ratings = _ratings(rng, made, today, skip_first=True)
    CommitmentRating.objects.bulk_create(ratings, batch_size=5000)
    kept = sum(1 for c in made if c.status == S.FULFILLED)
    ctx.log(f"party commitments: {len(made)} made, {kept} fulfilled, {len(ratings)} ratings")


def _ratings(
    rng: random.Random, made: list[Commitment], today: dt.date, *, skip_first: bool
) -> list[CommitmentRating]:
    """Up to three ratings of each commitment residents may rate, by residents of its grid
    without an account (so the demo accounts rate for themselves)."""
    grids = {c.area_id for c in made}
    residents: dict[int, list[int]] = {}
    for pk, grid in (
        Resident.objects.filter(household__grid_id__in=grids, user__isnull=True)
        .order_by("code")
        .values_list("pk", "household__grid_id")
    ):
        if len(residents.setdefault(grid, [])) < 40:
            residents[grid].append(pk)
    found: list[CommitmentRating] = []
    for i, c in enumerate(made):
        n = rng.choice((0, 1, 2, 3))
        if (skip_first and i == 0) or (c.is_open and c.deadline >= today):
            continue
        pool = residents.get(c.area_id, [])
        rated_on = min(today, c.closed_on or c.deadline + dt.timedelta(days=1))
        for pk in rng.sample(pool, min(n, len(pool))):
            stars = (
                rng.choice((5, 5, 4, 4, 3)) if c.status == S.FULFILLED else rng.choice((3, 2, 2, 1))
            )
            found.append(
                CommitmentRating(
                    commitment=c,
                    resident_id=pk,
                    stars=stars,
                    rated_at=_at(rated_on, 8),
                )
            )
    return found
