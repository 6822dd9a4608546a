"""Demo part of member service posts (党员服务示范岗, 先锋岗, 哨点): every grid branch posts one
to three of its members on its grid — a sentinel at a building's door, a vanguard post, a
model service post — most held today, about one in ten ended some weeks ago.

Built back from today with draws that never depend on the day (a post started some drawn
days ago), from its own random stream so the other apps' draws stay as they were."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from areas.models import Building
from core import timeutil
from party.models import OrgLevel, PartyMember, PartyOrganisation
from party.posts.models import PostKind, ServicePost

DUTIES = {
    PostKind.MODEL: ["政策咨询、代办服务", "调解邻里纠纷", "为老人代办医保", "垃圾分类指导"],
    PostKind.VANGUARD: ["组织楼道清洁", "带头参与网格巡查", "帮扶困难家庭", "收集居民诉求"],
    PostKind.SENTINEL: ["巡查消防通道", "关注独居老人安全", "发现并上报安全隐患", "防汛巡查"],
}
PLACES = ["东门", "南门", "北门", "物业服务点", "小区广场", "楼道口"]
ENDED_SHARE = 0.1


def generate(ctx: Any) -> None:
    rng = random.Random(ctx.seed * 1000 + 1402)
    today = timeutil.today()
    branches = list(
        PartyOrganisation.objects.filter(level=OrgLevel.BRANCH)
        .select_related("area")
        .order_by("code")
    )
    members_of: dict[int, list[int]] = {}
    for pk, org in (
        PartyMember.objects.filter(organisation__in=branches)
        .order_by("code")
        .values_list("pk", "organisation_id")
    ):
        members_of.setdefault(org, []).append(pk)
    buildings_of: dict[int, list[tuple[int, str, float, float]]] = {}
    for b in (
        Building.objects.filter(grid__in=[b.area_id for b in branches])
        .order_by("code")
        .values_list("pk", "grid_id", "name", "lon", "lat")
    ):
        buildings_of.setdefault(b[1], []).append((b[0], b[2], b[3], b[4]))
    posts: list[ServicePost] = []
    kinds = list(PostKind)
    for branch in branches:
        members = members_of.get(branch.pk, [])
        buildings = buildings_of.get(branch.area_id, [])
        if not members or not buildings:
            continue
        for member in rng.sample(members, min(len(members), rng.randint(1, 3))):
            kind = rng.choice(kinds)
            building, name, lon, lat = rng.choice(buildings)
            since = today - dt.timedelta(days=rng.randint(30, 700))
            ended = rng.random() < ENDED_SHARE
            until = today - dt.timedelta(days=rng.randint(1, 29)) if ended else None
            on_point = rng.random() < 0.5  # half at a point off the building's door
            posts.append(
                ServicePost(
                    code=f"SP{len(posts) + 1:05d}",
                    member_id=member,
                    organisation=branch,
                    kind=kind,
                    duty=rng.choice(DUTIES[kind]),
                    grid_id=branch.area_id,
                    building_id=building,
                    place=f"{name}{rng.choice(PLACES)}",
                    lon=round(lon + rng.uniform(-0.0003, 0.0003), 6) if on_point else None,
                    lat=round(lat + rng.uniform(-0.0003, 0.0003), 6) if on_point else None,
                    since=since,
                    until=until,
                )
            )
    ServicePost.objects.bulk_create(posts, batch_size=1000)
    held = sum(1 for p in posts if p.until is None)
    ctx.log(f"party posts: {len(posts)} service posts, {held} held today")
