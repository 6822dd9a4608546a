"""The demo's lists: each community's service menu (services list), needs and resources
(needs list, resources list) and the projects that matched some of them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from accounts.models import User
from areas.models import Area
from party.models import PartnerUnit
from volunteering.models import (
    ListCategory,
    Need,
    NeedStatus,
    Project,
    ProjectEvent,
    ProjectStatus,
    Resource,
    ResourceStatus,
    ServiceItem,
    Team,
)

MENU = [
    ("上门理发", ListCategory.ELDERLY, "1.0"),
    ("助餐送餐", ListCategory.ELDERLY, "0.5"),
    ("陪同就医", ListCategory.HEALTH, "2.0"),
    ("量血压、健康咨询", ListCategory.HEALTH, "1.0"),
    ("家电小修", ListCategory.REPAIR, "1.0"),
    ("水管疏通", ListCategory.REPAIR, "1.0"),
    ("法律咨询", ListCategory.LEGAL, "1.0"),
    ("课业辅导", ListCategory.CHILDREN, "2.0"),
    ("代买代办", ListCategory.OTHER, "1.0"),
]
NEEDS = [
    ("独居老人午餐", ListCategory.ELDERLY, 25),
    ("楼道照明维修", ListCategory.REPAIR, 40),
    ("放学后托管", ListCategory.CHILDREN, 18),
    ("老旧小区加装扶手", ListCategory.ELDERLY, 12),
    ("反诈宣传进楼栋", ListCategory.SAFETY, 120),
]
RESOURCES = [
    ("职工食堂助餐", ListCategory.ELDERLY),
    ("电工志愿服务", ListCategory.REPAIR),
    ("青年志愿者课后辅导", ListCategory.CHILDREN),
    ("反诈宣讲队", ListCategory.SAFETY),
]


def service_menu(
    communities: list[Area], teams_of: dict[int, list[Team]]
) -> dict[int, list[ServiceItem]]:
    """Every community's menu, served by its party-member team; the items by community."""
    items = [
        ServiceItem(
            community=c,
            title=title,
            category=cat,
            estimated_hours=Decimal(hours),
            team=teams_of[c.pk][0],
            description=f"{c.name}志愿者提供的{title}服务。",
        )
        for c in communities
        for title, cat, hours in MENU
    ]
    ServiceItem.objects.bulk_create(items, batch_size=1000)
    items_of: dict[int, list[ServiceItem]] = {}
    for it in items:
        items_of.setdefault(it.community_id, []).append(it)
    return items_of


def needs_and_resources(
    ctx: Any,
    communities: list[Area],
    teams_of: dict[int, list[Team]],
    units: list[PartnerUnit],
    staff: User | None,
    now: dt.datetime,
) -> None:
    """Four needs and three resources a community; two pairs matched into projects, one
    completed and one in progress, with their steps."""
    rng = ctx.rng
    needs: list[Need] = []
    resources: list[Resource] = []
    for c in communities:
        for title, cat, hh in rng.sample(NEEDS, 4):
            needs.append(
                Need(community=c, title=title, category=cat, households=hh, created_by=staff)
            )
        for j, (title, cat) in enumerate(rng.sample(RESOURCES, 3)):
            team = teams_of[c.pk][-1]
            resources.append(
                Resource(
                    community=c,
                    title=title,
                    category=cat,
                    partner_unit=units[j % len(units)] if units else None,
                    team=None if units else team,
                    created_by=staff,
                )
            )
    Need.objects.bulk_create(needs, batch_size=1000)
    Resource.objects.bulk_create(resources, batch_size=1000)
    projects: list[Project] = []
    for c in communities:
        cn = [n for n in needs if n.community_id == c.pk]
        cr = [r for r in resources if r.community_id == c.pk]
        for k, (n, r) in enumerate(zip(cn[:2], cr[:2], strict=False)):
            status = ProjectStatus.COMPLETED if k == 0 else ProjectStatus.IN_PROGRESS
            n.status = NeedStatus.MET if k == 0 else NeedStatus.MATCHED
            r.status = ResourceStatus.AVAILABLE if k == 0 else ResourceStatus.MATCHED
            projects.append(
                Project(
                    community=c,
                    need=n,
                    resource=r,
                    title=f"{n.title} × {r.title}",
                    status=status,
                    due=(now + dt.timedelta(days=30)).date(),
                    completed_at=now - dt.timedelta(days=3) if k == 0 else None,
                )
            )
    Need.objects.bulk_update(needs, ["status"], batch_size=1000)
    Resource.objects.bulk_update(resources, ["status"], batch_size=1000)
    Project.objects.bulk_create(projects, batch_size=1000)
    pevents = []
    for p in projects:
        pevents.append(ProjectEvent(project=p, event="match", to_status="matched", actor=staff))
        pevents.append(
            ProjectEvent(
                project=p,
                event="start",
                from_status="matched",
                to_status="in_progress",
                actor=staff,
            )
        )
        if p.status == ProjectStatus.COMPLETED:
            pevents.append(
                ProjectEvent(
                    project=p,
                    event="complete",
                    from_status="in_progress",
                    to_status="completed",
                    actor=staff,
                    note="已完成，居民满意。",
                )
            )
    ProjectEvent.objects.bulk_create(pevents, batch_size=2000)
