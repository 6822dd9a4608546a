"""Demo part of the 两新 register: each community's new economic and social organisations
(瓯北: "386家'两新'党组织'对标检视'", "两个覆盖"), about eight in ten covered by a party
organisation — the larger ones by their own branch (kind: 两新), the others by their
community's joint branch (两新联合党支部) — a benchmark review of some of the covered ones
with its problem, correction and responsibility lists, and the 双强红领 certification of
their own branches' secretaries, each reviewed yearly.

Built back from today with offsets that never depend on the day, from its own random stream."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from areas.models import Area
from core import timeutil
from party.joint.models import ItemStatus
from party.models import BranchKind, OrgLevel, PartyOrganisation
from party.neworgs.models import (
    BenchmarkReview,
    Certification,
    CertificationResult,
    Coverage,
    ItemList,
    NewOrganisation,
    NewOrgKind,
    ReviewItem,
)

COVERED_SHARE = 0.8
OWN_FROM = 50  # employees: an organisation this large has its own branch
ENTERPRISES = ["阀门", "泵业", "鞋业", "服饰", "电子", "物流", "包装", "机械"]
SOCIAL = ["书画协会", "志愿者协会", "老年协会", "调解工作室", "社工服务社"]
SHOPS = ["便利店", "餐饮店", "理发店", "药店"]
PROBLEMS = [
    ("三会一课记录不全", "补齐会议记录并建立台账", "组织委员每月检查记录"),
    ("党员活动阵地不规范", "按标准布置党员活动室", "书记负责阵地建设"),
    ("流动党员管理不到位", "建立流动党员联系卡", "支部委员分片联系"),
    ("党建与生产经营结合不紧", "设立党员先锋岗3个", "书记与企业负责人共同负责"),
]


def _name(rng: random.Random, community: Area, kind: str, n: int) -> tuple[str, int]:
    place = community.name.removesuffix("社区")
    if kind == NewOrgKind.ENTERPRISE:
        return f"{place}{rng.choice(ENTERPRISES)}有限公司{n}", rng.randint(20, 400)
    if kind == NewOrgKind.SOCIAL:
        return f"{place}{rng.choice(SOCIAL)}", rng.randint(3, 30)
    return f"{place}{rng.choice(SHOPS)}{n}", rng.randint(2, 12)


def generate(ctx: Any) -> None:
    rng = random.Random(ctx.seed * 1000 + 1403)
    today = timeutil.today()
    communities: list[Area] = ctx.data["communities"]
    extended = {
        o.area_id: o for o in PartyOrganisation.objects.filter(level=OrgLevel.EXTENDED_COMMITTEE)
    }
    total = covered = reviews = 0
    for community in communities:
        committee = extended.get(community.pk)
        if committee is None:
            continue
        grids = list(community.children.order_by("code"))
        n = rng.randint(5, 9)
        covered_here = round(n * COVERED_SHARE)
        joint_branch = PartyOrganisation.objects.create(
            code=f"{community.code}-50",
            name=f"{community.name}两新联合党支部",
            level=OrgLevel.BRANCH,
            kind=BranchKind.NEW_ORGANISATION,
            parent=committee,
            area=community,
        )
        kinds = rng.choices(list(NewOrgKind)[:3], weights=[5, 2, 3], k=n)
        for i, kind in enumerate(kinds, start=1):
            name, employees = _name(rng, community, kind, i)
            area = rng.choice(grids) if grids else community
            cover, org = Coverage.NONE, None
            if i <= covered_here:
                if employees >= OWN_FROM:
                    cover = Coverage.OWN
                    org = PartyOrganisation.objects.create(
                        code=f"{community.code}-5{i}",
                        name=f"{name}党支部",
                        level=OrgLevel.BRANCH,
                        kind=BranchKind.NEW_ORGANISATION,
                        parent=committee,
                        area=area,
                    )
                else:
                    cover, org = Coverage.JOINT, joint_branch
            neworg = NewOrganisation.objects.create(
                code=f"N{community.code}{i:02d}",
                name=name,
                kind=kind,
                employees=employees,
                address=f"{community.name}{rng.randint(1, 200)}号",
                area=area,
                coverage=cover,
                party_organisation=org,
            )
            total += 1
            covered += cover != Coverage.NONE
            if cover == Coverage.OWN:
                _certify(rng, neworg, today)
            if cover != Coverage.NONE and rng.random() < 0.4:
                _review(rng, neworg, today)
                reviews += 1
    ctx.log(f"party: {total} 两新 organisations, {covered} covered, {reviews} reviews")


def _certify(rng: random.Random, org: NewOrganisation, today: dt.date) -> None:
    """Its secretary certified some months to three years ago; the yearly review falls on the
    anniversary, the last one passed (or due within weeks)."""
    days_ago = rng.randint(60, 1000)
    certified = today - dt.timedelta(days=days_ago)
    years = days_ago // 365
    next_review = certified + dt.timedelta(days=365 * (years + 1))
    result = CertificationResult.PASSED if years else CertificationResult.PENDING
    Certification.objects.create(
        organisation=org,
        name=rng.choice("王李张陈刘林黄周") + rng.choice(["建国", "海燕", "志强", "丽华", "国平"]),
        certified_on=certified,
        review_on=next_review,
        result=result,
        reviewed_on=certified + dt.timedelta(days=365 * years) if years else None,
    )


def _review(rng: random.Random, org: NewOrganisation, today: dt.date) -> None:
    """A review some weeks ago with two problems, each with its correction and
    responsibility; the earlier deadlines done, one correction late, the rest open."""
    held = today - dt.timedelta(days=rng.randint(20, 120))
    review = BenchmarkReview.objects.create(
        organisation=org, held_on=held, summary="对照“六有”标准逐项检视，分类建立三张清单。"
    )
    for problem_text, correction, duty in rng.sample(PROBLEMS, 2):
        due = held + dt.timedelta(days=rng.choice([15, 30, 60, 90]))
        status = ItemStatus.DONE if due < today and rng.random() < 0.7 else ItemStatus.OPEN
        done_on = due - dt.timedelta(days=2) if status == ItemStatus.DONE else None
        problem = ReviewItem.objects.create(
            review=review,
            list=ItemList.PROBLEM,
            text=problem_text,
            owner="支部书记",
            deadline=due,
            status=status,
            done_on=done_on,
        )
        ReviewItem.objects.create(
            review=review,
            list=ItemList.CORRECTION,
            problem=problem,
            text=correction,
            owner="支部委员",
            deadline=due,
            status=status,
            done_on=done_on,
        )
        ReviewItem.objects.create(
            review=review,
            list=ItemList.RESPONSIBILITY,
            problem=problem,
            text=duty,
            owner="党支部",
            deadline=held + dt.timedelta(days=365),
        )
