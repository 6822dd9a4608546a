"""Demo part of patrols and screening campaigns (called from `linli.demo` after the areas,
accounts and party demos).

- Key spots: three to five per grid beside its buildings (配电房, 消防通道 …).
- Patrols: half a year of them, each posted worker of a grid walking it on drawn days (a
  full-time worker about twice a week, a part-time one about once), a loop past some of its
  buildings sampled every few minutes, with check-ins at the key spots on the way.
- Campaigns: a finished door-to-door round (ended two months ago, nearly every household
  reached or explained) and a running one (a third of the way through) over the first
  communities, the one with the demo grid worker among them.

Built back from today with draws that never depend on the day (days ago, hours of the day),
from its own random stream, so the other apps' draws stay as they were; rows are written in
bulk (a few seconds at scale 1)."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from typing import Any

from accounts.models import RoleAssignment
from accounts.roles import Role
from areas.location import metres
from areas.models import Area, Building
from core import timeutil
from fieldwork import questionnaire
from fieldwork.actions.campaigns import spread_rows
from fieldwork.actions.patrols import track_length
from fieldwork.models import (
    Campaign,
    CampaignHousehold,
    CheckIn,
    KeySpot,
    Outcome,
    Patrol,
    PatrolStatus,
    TrackPoint,
)

DAYS = 182
# Patrols a week by role (drawn per day as a chance).
WEEKLY: dict[str, float] = {Role.GRID_WORKER: 2.0, Role.GRID_WORKER_PART: 1.0, Role.GRID_HEAD: 0.5}
SPOT_KINDS = ["配电房", "消防通道", "地下车库", "沿街店铺", "河道护栏", "建筑工地", "垃圾分类点"]
STEP_MINUTES = 3
CAMPAIGN_COMMUNITIES = 3


def _local(day: dt.date, minutes: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), timeutil.SHANGHAI) + dt.timedelta(minutes=minutes)


def _spots(
    rng: random.Random, grids: list[Area], buildings: dict[int, list[Building]]
) -> dict[int, list[KeySpot]]:
    rows: list[KeySpot] = []
    for grid in grids:
        mine = buildings.get(grid.pk, [])
        if not mine:
            continue
        for n, b in enumerate(rng.sample(mine, min(len(mine), rng.randint(3, 5))), 1):
            kind = rng.choice(SPOT_KINDS)
            rows.append(
                KeySpot(
                    code=f"{grid.code}K{n:02d}",
                    name=f"{b.name}{kind}",
                    grid=grid,
                    kind=kind,
                    lon=round(b.lon + rng.uniform(-0.0002, 0.0002), 6),
                    lat=round(b.lat + rng.uniform(-0.0002, 0.0002), 6),
                )
            )
    KeySpot.objects.bulk_create(rows, batch_size=2000)
    found: dict[int, list[KeySpot]] = defaultdict(list)
    for spot in KeySpot.objects.order_by("code"):
        found[spot.grid_id].append(spot)
    return found


def _route(
    rng: random.Random, stops: list[tuple[float, float]], n: int
) -> list[tuple[float, float]]:
    """`n` points along a loop through the stops (ordered around their centre), jittered
    a few metres as a phone's fixes are."""
    cx = sum(x for x, _y in stops) / len(stops)
    cy = sum(y for _x, y in stops) / len(stops)
    loop = sorted(stops, key=lambda p: math.atan2(p[1] - cy, p[0] - cx))
    loop.append(loop[0])
    legs = list(zip(loop, loop[1:], strict=False))
    # Round the loop as often as a walk of a kilometre or two takes (a small grid's loop is
    # short): the worker keeps walking it.
    around = sum(metres(*a, *b) for a, b in legs) or 1.0
    legs = legs * max(1, min(8, round(rng.uniform(1200, 2600) / around)))
    out = []
    for i in range(n):
        t = i / max(n - 1, 1) * len(legs)
        (x1, y1), (x2, y2) = legs[min(int(t), len(legs) - 1)]
        f = t - min(int(t), len(legs) - 1)
        out.append(
            (
                round(x1 + (x2 - x1) * f + rng.gauss(0, 0.00004), 6),
                round(y1 + (y2 - y1) * f + rng.gauss(0, 0.00004), 6),
            )
        )
    return out


def _patrols(
    rng: random.Random,
    today: dt.date,
    grids: list[Area],
    buildings: dict[int, list[Building]],
    spots: dict[int, list[KeySpot]],
) -> int:
    postings = list(
        RoleAssignment.objects.filter(area__in=grids, role__in=list(WEEKLY))
        .order_by("area__code", "user__phone")
        .values_list("area_id", "user_id", "role")
    )
    made: list[tuple[Patrol, list[tuple[float, float]], list[KeySpot]]] = []
    for grid_id, user_id, role in postings:
        mine = buildings.get(grid_id, [])
        if len(mine) < 2:
            continue
        chance = WEEKLY[role] / 7
        for ago in range(DAYS, 0, -1):
            if rng.random() >= chance:
                continue
            day = today - dt.timedelta(days=ago)
            minutes = rng.randint(8 * 60, 16 * 60)
            length = rng.randint(10, 20)  # fixes, every STEP_MINUTES
            stops = [(b.lon, b.lat) for b in rng.sample(mine, min(len(mine), rng.randint(3, 6)))]
            track = _route(rng, stops, length)
            started = _local(day, minutes)
            patrol = Patrol(
                walker_id=user_id,
                grid_id=grid_id,
                status=PatrolStatus.ENDED,
                started_at=started,
                ended_at=started + dt.timedelta(minutes=STEP_MINUTES * length + rng.randint(1, 9)),
                distance=round(track_length([(x, y, 8.0) for x, y in track]), 1),
                last_seq=length - 1,
            )
            near = [
                s
                for s in spots.get(grid_id, [])
                if min(metres(s.lon, s.lat, x, y) for x, y in track) <= s.radius
            ]
            made.append((patrol, track, near))
    Patrol.objects.bulk_create([m[0] for m in made], batch_size=2000)
    points: list[TrackPoint] = []
    check_ins: list[CheckIn] = []
    for patrol, track, near in made:
        for seq, (x, y) in enumerate(track):
            points.append(
                TrackPoint(
                    patrol=patrol,
                    seq=seq,
                    at=patrol.started_at + dt.timedelta(minutes=STEP_MINUTES * seq),
                    lon=x,
                    lat=y,
                    accuracy=8,
                )
            )
        for spot in near:
            seq, (x, y) = min(enumerate(track), key=lambda p: metres(spot.lon, spot.lat, *p[1]))
            check_ins.append(
                CheckIn(
                    patrol=patrol,
                    spot=spot,
                    at=patrol.started_at + dt.timedelta(minutes=STEP_MINUTES * seq),
                    lon=x,
                    lat=y,
                    distance=round(metres(spot.lon, spot.lat, x, y), 1),
                )
            )
    TrackPoint.objects.bulk_create(points, batch_size=5000)
    CheckIn.objects.bulk_create(check_ins, batch_size=5000)
    return len(made)


ANSWER_NOTES = ["", "", "", "独居老人，已留联系卡", "燃气软管老化，已提醒更换", "租户，已登记"]


def _answers(rng: random.Random) -> dict[str, Any]:
    out: dict[str, Any] = {
        "presence": rng.choices(["at_home", "away", "unreachable"], [85, 12, 3])[0],
        "gas_checked": rng.random() < 0.93,
        "special_group": rng.random() < 0.15,
    }
    note = rng.choice(ANSWER_NOTES)
    if note:
        out["remarks"] = note
    return out


def _campaign(
    rng: random.Random,
    name: str,
    area: Area,
    starts: dt.date,
    ends: dt.date,
    settled_share: float,
    today: dt.date,
) -> Campaign:
    campaign = Campaign.objects.create(
        name=name, area=area, starts_on=starts, ends_on=ends, questionnaire=questionnaire.DEFAULT
    )
    rows = spread_rows(campaign)
    last = min(ends, today - dt.timedelta(days=1))
    span = max((last - starts).days, 0)
    # Each grid goes at its own pace around the share.
    pace: dict[int, float] = {}
    for row in rows:
        if row.grid_id not in pace:
            pace[row.grid_id] = min(1.0, max(0.0, rng.gauss(settled_share, 0.12)))
        if row.worker_id is None:
            continue
        draw = rng.random()
        if draw >= pace[row.grid_id]:
            if rng.random() < 0.3:  # tried once or twice, not at home
                row.outcome, row.attempts = Outcome.NOT_HOME, rng.randint(1, 2)
            else:
                continue
        else:
            row.outcome = rng.choices(
                [Outcome.REACHED, Outcome.VACANT, Outcome.REFUSED], [92, 6, 2]
            )[0]
            row.attempts = rng.choices([1, 2, 3], [80, 15, 5])[0]
        if row.outcome == Outcome.REACHED:
            row.answers = _answers(rng)
        day = starts + dt.timedelta(days=rng.randint(0, span))
        row.recorded_at = _local(day, rng.randint(9 * 60, 19 * 60))
        row.recorded_by_id = row.worker_id
        row.revision = row.attempts
    CampaignHousehold.objects.bulk_create(rows, batch_size=2000)
    return campaign


def generate(ctx: Any) -> None:
    rng = random.Random(ctx.seed * 1000 + 1301)
    today = timeutil.today()
    grids = sorted(ctx.data.get("grids", []), key=lambda g: g.code)
    if not grids:
        return
    buildings: dict[int, list[Building]] = defaultdict(list)
    for b in (
        Building.objects.filter(grid__in=grids)
        .order_by("code")
        .only("pk", "name", "lon", "lat", "grid_id")
    ):
        if b.grid_id is not None:
            buildings[b.grid_id].append(b)
    spots = _spots(rng, grids, buildings)
    count = _patrols(rng, today, grids, buildings, spots)
    worker = ctx.data.get("users", {}).get(str(Role.GRID_WORKER))
    communities = sorted({g.parent_id for g in grids})
    home = (
        RoleAssignment.objects.filter(user=worker).values_list("area__parent_id", flat=True).first()
        if worker is not None
        else None
    )
    chosen = [c for c in communities if c != home][: CAMPAIGN_COMMUNITIES - 1]
    chosen = sorted({*chosen, home or communities[0]})
    areas = list(Area.objects.filter(pk__in=chosen).order_by("code"))
    year = today.year
    for area in areas:
        _campaign(
            rng,
            f"{area.name}燃气安全敲门行动",
            area,
            today - dt.timedelta(days=90),
            today - dt.timedelta(days=61),
            0.97,
            today,
        )
        _campaign(
            rng,
            f"{year}年{area.name}冬季安全排查",
            area,
            today - dt.timedelta(days=10),
            today + dt.timedelta(days=20),
            0.35,
            today,
        )
    ctx.log(f"fieldwork: {count} patrols, {len(areas) * 2} campaigns")
