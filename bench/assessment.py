"""A month's assessment of a subdistrict of 200 grids and 400 grid workers: the aggregate
path (`dashboard.assessment.compute.gather`) beside a naive loop of queries per worker, in
the same run.

Creates a scratch database (PostgreSQL when DATABASE_URL points at a server, else SQLite in
a temporary directory), a subdistrict of `--grids` grids in communities of 20, two posted
workers a grid, and a month of their work with bulk INSERTs: per worker `--cases` cases
handled and closed (a fifth late, one in ten sent back once), rated (some low, with a
comment), a few reported, household visits and patrols. Then times, alternating, `--repeat`
times each:

  naive     per worker: cases handled, reported, closed on time, reworks, ratings and
            complaints, households visited, patrols (8 queries a worker)
  measured  gather(): the grids' and workers' figures with a fixed number of queries

checks the two agree worker by worker, and prints the medians, their ratio and the number
of queries each path sends.

    python bench/assessment.py [--grids 200] [--cases 12] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from typing import Any

from _scratch import district, migrate, scratch_database, setup_django


def fill(grids: list[Any], cases_each: int) -> tuple[list[Any], dt.date]:
    from accounts.models import RoleAssignment, User
    from accounts.roles import Role
    from areas.models import Building, Compound, Household
    from cases.models import Case, CaseTransition, Category, Rating
    from cases.seed import seed_categories
    from core.timeutil import SHANGHAI
    from fieldwork.models import Patrol, Visit, VisitVisitor

    seed_categories(Category)
    category = Category.objects.get(code="S0101")
    month = dt.date(2026, 3, 1)

    def at(day: int, hour: int = 10) -> dt.datetime:
        return dt.datetime(2026, 3, day, hour, tzinfo=SHANGHAI)

    users = User.objects.bulk_create(
        [User(phone=f"139{n:08d}", name=f"网格员{n}", password="!") for n in range(len(grids) * 2)]
    )
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(
                user=u,
                role=Role.GRID_WORKER if n % 2 == 0 else Role.GRID_WORKER_PART,
                area=grids[n // 2],
            )
            for n, u in enumerate(users)
        ]
    )
    compounds = Compound.objects.bulk_create(
        [
            Compound(
                code=f"C{g.code}", name=f"{g.name}小区", community=g.parent, lon=120.6, lat=28.0
            )
            for g in grids
        ]
    )
    buildings = Building.objects.bulk_create(
        [
            Building(
                code=f"B{g.code}",
                name=f"{g.name}1幢",
                compound=c,
                community=g.parent,
                grid=g,
                lon=120.6,
                lat=28.0,
                floors=6,
                households=10,
            )
            for g, c in zip(grids, compounds, strict=True)
        ]
    )
    households = Household.objects.bulk_create(
        [
            Household(code=f"H{b.code}{n}", building=b, grid=b.grid, floor=1, room=f"{n}")
            for b in buildings
            for n in range(10)
        ]
    )
    cases, steps, ratings, patrols, visits = [], [], [], [], []
    for n, u in enumerate(users):
        grid = grids[n // 2]
        for k in range(cases_each):
            late = k % 5 == 0
            cases.append(
                Case(
                    channel="app",
                    category=category,
                    description="垃圾",
                    lon=120.6,
                    lat=28.0,
                    area=grid,
                    area_code=grid.code,
                    status="closed",
                    handler=u,
                    reporter=u if k % 4 == 0 else None,
                    reported_at=at(1 + k % 20),
                    accepted_at=at(1 + k % 20, 11),
                    handle_due=at(2 + k % 20, 9 if late else 18),
                    closed_at=at(2 + k % 20, 12),
                    closed_level=0,
                )
            )
        for k in range(n % 6):
            patrols.append(
                Patrol(
                    walker=u,
                    grid=grid,
                    status="ended",
                    started_at=at(1 + k),
                    ended_at=at(1 + k, 11),
                )
            )
        for k in range(n % 4):
            visits.append((u, households[(n // 2) * 10 + (n % 2) * 5 + k]))
    cases = Case.objects.bulk_create(cases, batch_size=2000)
    for k, c in enumerate(cases):
        done = c.closed_at
        assert done is not None
        steps.append(
            CaseTransition(case=c, action="handle", to_status="handled", actor=c.handler, at=done)
        )
        if k % 10 == 0:
            steps.append(
                CaseTransition(case=c, action="verify_fail", to_status="dispatched", at=done)
            )
        if k % 3 == 0:
            score = 1 + k % 5
            ratings.append(
                Rating(
                    case=c,
                    user=c.handler,
                    score=score,
                    comment="慢" if score <= 2 and k % 2 else "",
                    at=done,
                )
            )
    CaseTransition.objects.bulk_create(steps, batch_size=2000)
    Rating.objects.bulk_create(ratings, batch_size=2000)
    Patrol.objects.bulk_create(patrols, batch_size=2000)
    made = Visit.objects.bulk_create(
        [
            Visit(
                household=h,
                visited_on=dt.date(2026, 3, 10),
                kind="routine",
                by_posted_worker=True,
                recorded_by=u,
            )
            for u, h in visits
        ],
        batch_size=2000,
    )
    VisitVisitor.objects.bulk_create(
        [VisitVisitor(visit=v, user=u) for v, (u, _h) in zip(made, visits, strict=True)],
        batch_size=2000,
    )
    return users, month


def naive(sub: Any, month: dt.date) -> dict[int, tuple[Any, ...]]:
    """The same figures, worker by worker."""
    from django.db.models import Avg, Count, F, Q

    from accounts.models import RoleAssignment
    from accounts.roles import GRID_WORKERS
    from cases.models import Case, CaseTransition, Rating
    from dashboard.assessment.compute import bounds
    from fieldwork.models import Patrol, VisitVisitor

    start, end = bounds(month)
    out = {}
    for ra in RoleAssignment.objects.filter(
        role__in=sorted(GRID_WORKERS), area__code__startswith=sub.code
    ).select_related("area"):
        u = ra.user_id
        handled = CaseTransition.objects.filter(
            actor_id=u, action__in=["handle", "resolve_on_spot"], at__gte=start, at__lt=end
        ).count()
        reported = Case.objects.filter(
            reporter_id=u, reported_at__gte=start, reported_at__lt=end
        ).count()
        closed = Case.objects.filter(
            handler_id=u, closed_at__gte=start, closed_at__lt=end, accepted_at__isnull=False
        )
        on_time = closed.filter(
            Q(handle_due__isnull=True) | Q(closed_at__lte=F("handle_due"))
        ).count()
        total = closed.count()
        rework = CaseTransition.objects.filter(
            case__handler_id=u, action="verify_fail", at__gte=start, at__lt=end
        ).count()
        rated = Rating.objects.filter(case__handler_id=u, at__gte=start, at__lt=end).aggregate(
            n=Count("pk"), avg=Avg("score")
        )
        complaints = (
            Rating.objects.filter(case__handler_id=u, at__gte=start, at__lt=end, score__lte=2)
            .exclude(comment="")
            .count()
        )
        visited = (
            VisitVisitor.objects.filter(
                user_id=u,
                visit__household__grid_id=ra.area_id,
                visit__visited_on__gte=month,
                visit__visited_on__lt=end.date(),
            )
            .values("visit__household_id")
            .distinct()
            .count()
        )
        patrols = Patrol.objects.filter(
            walker_id=u, status="ended", started_at__gte=start, started_at__lt=end
        ).count()
        out[u] = (
            handled,
            reported,
            on_time,
            total,
            rework,
            rated["n"],
            complaints,
            visited,
            patrols,
        )
    return out


def measured(sub: Any, month: dt.date) -> dict[int, tuple[Any, ...]]:
    from dashboard.assessment.compute import gather

    found = gather(sub, month)
    return {
        w.user_id: (
            w.figures["handled"]["raw"],
            w.figures["reported"]["raw"],
            w.figures["on_time"]["part"],
            w.figures["on_time"]["whole"],
            w.figures["rework"]["part"],
            w.figures["rating"]["whole"],
            w.figures["complaints"]["raw"],
            w.figures["visits"]["part"],
            w.figures["patrols"]["raw"],
        )
        for w in found.workers
        if w.user_id is not None
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--grids", type=int, default=200)
    ap.add_argument("--cases", type=int, default=12, help="cases handled per worker")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with scratch_database("assessment") as vendor:
        setup_django()
        migrate()
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        cols = 20
        made = district(cols=cols, rows=max(1, args.grids // cols), per_community=20)
        sub, grids = made["subdistrict"], made["grids"]
        started = time.perf_counter()
        users, month = fill(grids, args.cases)
        print(
            f"{vendor}: {len(grids)} grids, {len(users)} workers, {len(users) * args.cases} cases "
            f"({time.perf_counter() - started:.1f} s to fill)"
        )
        times: dict[str, list[float]] = {"naive": [], "measured": []}
        queries: dict[str, int] = {}
        answers: dict[str, Any] = {}
        for _ in range(args.repeat):
            for name, fn in (("naive", naive), ("measured", measured)):
                connection.queries_log.clear()
                with CaptureQueriesContext(connection) as seen:
                    t = time.perf_counter()
                    answers[name] = fn(sub, month)
                    times[name].append(time.perf_counter() - t)
                queries[name] = len(seen)
        wrong = [u for u in answers["naive"] if answers["naive"][u] != answers["measured"].get(u)]
        assert not wrong, f"the paths disagree for {len(wrong)} workers, e.g. {wrong[:3]}"
        assert len(answers["measured"]) == len(users)
        n, m = statistics.median(times["naive"]), statistics.median(times["measured"])
        print(f"  naive per-worker loop: {n * 1000:8.1f} ms, {queries['naive']} queries")
        print(f"  aggregate (gather):    {m * 1000:8.1f} ms, {queries['measured']} queries")
        print(f"  ratio naive / aggregate: {n / m:.1f}x (the two agree for every worker)")


if __name__ == "__main__":
    main()
