"""The demo's household visits and pairings: a year of visits back from the day it is loaded
(two rounds, the older one nearly complete, the recent one behind in some grids, so some
households are overdue), and pairings of the offices' people with households, special-group
residents and grids. Drawn from a stream of its own (the seed's), every date an offset from
today, so the rows are the same relative to whatever day the demo is loaded; bulk-created."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from accounts.models import RoleAssignment
from accounts.roles import GRID_WORKERS, Role
from areas.location import metres
from areas.models import Area, Household, Resident
from core import timeutil
from fieldwork import periods
from fieldwork.models import Pairing, PairingKind, Visit, VisitKind, VisitVisitor
from fieldwork.selectors.pairings import special_q

FOUND = [
    "家中一切正常，老人身体尚可",
    "住户外出务工，联系了家属",
    "新增一名租户，已登记",
    "老人行动不便，家属照料",
    "楼道有杂物堆放",
    "家中燃气管道老化",
    "孩子上学问题已了解",
    "邻里关系和睦",
    "反映小区停车难",
    "家中有人患慢性病",
]
NEEDS = [
    "",
    "",
    "",
    "希望加装楼道扶手",
    "希望帮助申请低保",
    "希望有人定期送餐",
    "希望清理楼道",
    "希望解决停车问题",
]
JITTER = 0.0002  # about 20 m
FAR = 0.006  # about 600 m


def _kind(rng: random.Random, special: bool) -> str:
    if special and rng.random() < 0.6:
        return VisitKind.CARE
    roll = rng.random()
    if roll < 0.8:
        return VisitKind.ROUTINE
    return VisitKind.FOLLOW_UP if roll < 0.93 else VisitKind.ON_REQUEST


def _visit(
    rng: random.Random, row: tuple[int, int, float, float], day: dt.date, user: int, special: bool
) -> Visit:
    pk, _grid, lon, lat = row
    roll = rng.random()
    if roll < 0.1:
        point = None
    elif roll < 0.14:
        point = (lon + rng.choice((-1, 1)) * FAR, lat + rng.uniform(-FAR, FAR))
    else:
        point = (lon + rng.uniform(-JITTER, JITTER), lat + rng.uniform(-JITTER, JITTER))
    distance = None
    if point is not None:
        distance = round(metres(point[0], point[1], lon, lat))
    return Visit(
        household_id=pk,
        visited_on=day,
        kind=_kind(rng, special),
        found=rng.choice(FOUND),
        needs=rng.choice(NEEDS),
        lon=point[0] if point else None,
        lat=point[1] if point else None,
        distance_m=distance,
        far=distance is not None and distance > periods.far_metres(),
        by_posted_worker=True,
        recorded_by_id=user,
    )


def generate(ctx: Any) -> None:
    rng = random.Random(ctx.seed * 1000 + 1301)
    grids: list[Area] = [g for g in ctx.data.get("grids", []) if g.active]
    if not grids:
        return
    today = timeutil.today()
    postings: dict[int, list[int]] = {}
    for user_id, area_id in (
        RoleAssignment.objects.filter(area__in=grids, role__in=sorted(GRID_WORKERS))
        .order_by("area_id", "role", "user_id")
        .values_list("user_id", "area_id")
    ):
        postings.setdefault(area_id, []).append(user_id)
    rows = list(
        Household.objects.filter(grid__in=grids)
        .order_by("pk")
        .values_list("pk", "grid_id", "building__lon", "building__lat")
    )
    special = set(
        Resident.objects.filter(special_q(), household__grid__in=grids).values_list(
            "household_id", flat=True
        )
    )
    # How far behind each grid is in the recent round: most keep up, a few lag.
    pace = {g.pk: rng.choice((0.97, 0.93, 0.9, 0.85, 0.6, 0.4)) for g in grids}
    visits: list[Visit] = []
    for row in rows:
        workers = postings.get(row[1])
        if not workers:
            continue
        is_special = row[0] in special
        if rng.random() < 0.96:  # the older round, 183–365 days back
            day = today - dt.timedelta(days=rng.randint(183, 365))
            visits.append(_visit(rng, row, day, rng.choice(workers), is_special))
        if rng.random() < pace[row[1]]:  # the recent round, 1–182 days back
            day = today - dt.timedelta(days=rng.randint(1, 182))
            visits.append(_visit(rng, row, day, rng.choice(workers), is_special))
        if is_special and rng.random() < 0.5:  # care visits come more often
            day = today - dt.timedelta(days=rng.randint(0, 90))
            visits.append(_visit(rng, row, day, rng.choice(workers), True))
    Visit.objects.bulk_create(visits, batch_size=2000)
    VisitVisitor.objects.bulk_create(
        [VisitVisitor(visit_id=v.pk, user_id=v.recorded_by_id) for v in visits], batch_size=5000
    )
    pairings = _pairings(ctx, rng, grids, today)
    ctx.data["visits"] = len(visits)
    ctx.log(f"fieldwork: {len(visits)} visits, {pairings} pairings")


def _pairings(ctx: Any, rng: random.Random, grids: list[Area], today: dt.date) -> int:
    """Community staff and the demo party secretary linked to households of their community
    (党员联户), care pairings for about two thirds of the special-group residents (结对帮扶),
    the subdistricts' staff as liaisons of a few of their grids each and the district staff of
    a grid in each subdistrict (包联网格). Some paired people
    visited their households lately (their visits count for the pairing)."""
    by_community: dict[int | None, list[Area]] = {}
    for g in grids:
        by_community.setdefault(g.parent_id, []).append(g)
    cadres: dict[int, list[int]] = {}  # community id -> its staff's user ids
    for user_id, area_id in (
        RoleAssignment.objects.filter(
            role__in=[Role.COMMUNITY_STAFF, Role.PARTY_SECRETARY], area__in=list(by_community)
        )
        .order_by("area_id", "user_id")
        .values_list("user_id", "area_id")
    ):
        cadres.setdefault(area_id, []).append(user_id)
    made: list[Pairing] = []
    visits: list[Visit] = []
    for community_id, people in sorted(cadres.items()):
        rows = list(
            Household.objects.filter(grid__in=by_community[community_id])
            .order_by("pk")
            .values_list("pk", "grid_id", "building__lon", "building__lat", "grid__code")
        )
        for user_id in people:
            count = min(len(rows), rng.randint(20, 60))
            for row in rng.sample(rows, count):
                start = today - dt.timedelta(days=rng.randint(30, 700))
                made.append(
                    Pairing(
                        kind=PairingKind.HOUSEHOLD_LINK,
                        person_id=user_id,
                        household_id=row[0],
                        area_code=row[4],
                        started_on=start,
                    )
                )
                if rng.random() < 0.45:
                    day = today - dt.timedelta(days=rng.randint(1, 150))
                    v = _visit(rng, row[:4], day, user_id, False)
                    v.by_posted_worker = False
                    visits.append(v)
    special = list(
        Resident.objects.filter(special_q(), household__grid__in=grids)
        .order_by("pk")
        .values_list("pk", "household__grid__parent_id", "household__grid__code")
    )
    for resident_id, home, code in special:
        carers = cadres.get(home or 0)
        if carers and rng.random() < 0.65:
            made.append(
                Pairing(
                    kind=PairingKind.CARE,
                    person_id=rng.choice(carers),
                    resident_id=resident_id,
                    area_code=code,
                    started_on=today - dt.timedelta(days=rng.randint(30, 700)),
                )
            )
    # Each subdistrict's staff liaise a few of its own grids; the district staff one grid in
    # each subdistrict (县领导包联).
    leaders: dict[str, list[int]] = {}
    for user_id, code in (
        RoleAssignment.objects.filter(role=Role.SUBDISTRICT_STAFF)
        .order_by("area__code", "user_id")
        .values_list("user_id", "area__code")
    ):
        leaders.setdefault(code, []).append(user_id)
    for code, people in leaders.items():
        own = sorted((g for g in grids if g.code.startswith(code)), key=lambda g: g.code)
        for i, grid in enumerate(own[: 4 * len(people)]):
            made.append(
                Pairing(
                    kind=PairingKind.GRID_LIAISON,
                    person_id=people[i % len(people)],
                    grid=grid,
                    area_code=grid.code,
                    started_on=today - dt.timedelta(days=rng.randint(60, 400)),
                )
            )
    district_staff = (
        RoleAssignment.objects.filter(role=Role.DISTRICT_STAFF)
        .order_by("user_id")
        .values_list("user_id", flat=True)
        .first()
    )
    if district_staff is not None:
        for code in sorted(leaders):
            own = sorted((g for g in grids if g.code.startswith(code)), key=lambda g: g.code)
            if own:
                grid = own[-1]
                made.append(
                    Pairing(
                        kind=PairingKind.GRID_LIAISON,
                        person_id=district_staff,
                        grid=grid,
                        area_code=grid.code,
                        started_on=today - dt.timedelta(days=rng.randint(60, 400)),
                    )
                )
    # Unique per person and target: drop draws that repeat one.
    seen: set[tuple[Any, ...]] = set()
    unique = []
    for p in made:
        k = (p.person_id, p.household_id, p.resident_id, p.grid_id)
        if k not in seen:
            seen.add(k)
            unique.append(p)
    Pairing.objects.bulk_create(unique, batch_size=2000)
    Visit.objects.bulk_create(visits, batch_size=2000)
    VisitVisitor.objects.bulk_create(
        [VisitVisitor(visit_id=v.pk, user_id=v.recorded_by_id) for v in visits], batch_size=5000
    )
    return len(unique)
