"""The dashboard's first answer and its API at a given number of cases, beside the old
indicators page of the same run.

Creates a scratch database (PostgreSQL when DATABASE_URL points at a server, else SQLite in
a temporary directory), the synthetic district of `_scratch.district` (1,000 grids in 50
communities), a district leader, and `--cases` cases spread over the last year and the
district's frame (a tenth of them in a few clusters, so there are hotspots), most closed,
some rated. Then, in the same run, as the leader, each `--repeat` times (median kept):

  baseline   GET /cases/indicators/ (the district, the last 30 days)
  measured   GET /dashboard/ (the same area and period: figures, map, the trends' flow)
  measured   GET /dashboard/{hotspots,breakdowns,cards}/ (the sections loaded after it)
  measured   GET /api/v1/dashboard/cockpit/{view,map,hotspots,trends,cards}
  floor      the view's counts per community (reported in 30 days, open now) in DuckDB, an
             in-memory columnar engine, on a copy of the same cases (when duckdb is installed)

"First paint" is the server's part of it: the time to the page's complete HTML (the map and
charts draw from data inlined in it, with no further request but the static files; the
hotspot section comes afterwards, by its own request).

    python bench/cockpit.py [--cases 200000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time
from typing import Any

from _scratch import district, migrate, scratch_database, setup_django

BATCH = 5000


def insert_cases(total: int, made: dict[str, Any], now: dt.datetime, seed: int = 7) -> None:
    """Cases spread over the last 365 days and the grids; one in ten in one of 12 clusters."""
    from cases.models import Case, Category

    rng = random.Random(seed)
    categories = list(Category.objects.filter(children__isnull=True, is_dispute=False)[:20])
    grids = made["grids"]
    cells = made["cells"]
    centres = [(sum(p[0] for p in c) / len(c), sum(p[1] for p in c) / len(c)) for c in cells]
    clusters = rng.sample(range(len(grids)), 12)
    rows = []
    for i in range(total):
        k = rng.choice(clusters) if i % 10 == 0 else rng.randrange(len(grids))
        lon, lat = centres[k]
        spread = 0.0005 if i % 10 == 0 else 0.003
        reported = now - dt.timedelta(minutes=rng.randrange(365 * 24 * 60))
        accepted = reported + dt.timedelta(hours=2)
        due = reported + dt.timedelta(days=3)
        done = reported < now - dt.timedelta(days=5) or rng.random() < 0.4
        closed = reported + dt.timedelta(hours=rng.randrange(12, 120)) if done else None
        if closed and closed > now:
            closed = None
        rows.append(
            Case(
                channel=rng.choice(["app", "patrol", "hotline_12345"]),
                category=rng.choice(categories),
                description="bench",
                lon=lon + rng.uniform(-spread, spread),
                lat=lat + rng.uniform(-spread, spread),
                area=grids[k],
                area_code=grids[k].code,
                level=rng.choice([0, 0, 0, 1, 1, 2, 3]),
                status="closed" if closed else "dispatched",
                reported_at=reported,
                accepted_at=accepted,
                handle_due=due,
                closed_at=closed,
                closed_level=0 if closed else None,
            )
        )
        if len(rows) == BATCH:
            Case.objects.bulk_create(rows)
            rows = []
    if rows:
        Case.objects.bulk_create(rows)
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("ANALYZE")


def timed(client: Any, url: str, repeat: int) -> tuple[float, int, int]:
    """Median seconds of GET `url`, its status and size."""
    times = []
    status = size = 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - t0)
        status, size = response.status_code, len(response.content)
    return statistics.median(times), status, size


def duckdb_baseline(code: str, days: int = 30) -> tuple[float, float, int] | None:
    """The same run's cases copied into an in-memory DuckDB (a columnar engine): seconds to
    copy, seconds for the view's grouped counts per community (reported in the last `days`
    days, open now), and the rows answered. None when duckdb is not installed."""
    try:
        import duckdb
    except ImportError:
        import sys

        print("duckdb is not installed: no columnar baseline", file=sys.stderr)
        return None
    from django.utils import timezone

    from cases.models import Case

    t0 = time.perf_counter()
    rows = list(
        Case.objects.filter(area_code__startswith=code).values_list(
            "area_code", "reported_at", "status"
        )
    )
    import csv
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".csv", newline="") as f:
        csv.writer(f).writerows((a, r.isoformat(), st) for a, r, st in rows)
        f.flush()
        db = duckdb.connect()
        db.execute(
            "CREATE TABLE c AS SELECT * FROM read_csv(?, header=false, columns={"
            "'area_code': 'VARCHAR', 'reported_at': 'TIMESTAMPTZ', 'status': 'VARCHAR'})",
            [f.name],
        )
    copied = time.perf_counter() - t0
    since = timezone.now() - dt.timedelta(days=days)
    t0 = time.perf_counter()
    answer = db.execute(
        "SELECT substr(area_code, 1, 12) AS k, count(*) FILTER (WHERE reported_at >= ?),"
        " count(*) FILTER (WHERE status <> 'closed') FROM c GROUP BY k",
        [since],
    ).fetchall()
    return copied, time.perf_counter() - t0, len(answer)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--cases", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    with scratch_database("dashboard") as vendor:
        setup_django()
        t0 = time.perf_counter()
        migrate()
        from django.db import connection
        from django.test import Client
        from django.utils import timezone

        from accounts.models import RoleAssignment, User
        from cases.models import Category
        from cases.seed import seed_categories

        if not Category.objects.exists():
            seed_categories(Category)
        made = district()
        leader = User.objects.create_user(phone="13900000001", password="x", name="区领导")
        RoleAssignment.objects.create(user=leader, role="district_staff", area=made["district"])
        setup = time.perf_counter() - t0
        now = timezone.now()
        t0 = time.perf_counter()
        insert_cases(args.cases, made, now)
        inserted = time.perf_counter() - t0

        client = Client(HTTP_HOST="localhost")
        client.force_login(leader)
        code = made["district"].code
        q = f"area={code}"
        api = "/api/v1/dashboard/cockpit"
        steps = [
            ("GET /cases/indicators/ (baseline)", f"/cases/indicators/?{q}"),
            ("GET /dashboard/ (the first paint)", f"/dashboard/?{q}"),
            ("GET /dashboard/ colouring every grid", f"/dashboard/?{q}&unit=grid"),
            ("GET /dashboard/hotspots/ (after the paint)", f"/dashboard/hotspots/?{q}"),
            ("GET /dashboard/breakdowns/ (after the paint)", f"/dashboard/breakdowns/?{q}"),
            ("GET /dashboard/cards/ (after the paint)", f"/dashboard/cards/?{q}"),
            ("API view", f"{api}/view?{q}"),
            ("API map (every grid)", f"{api}/map?{q}&unit=grid"),
            ("API hotspots", f"{api}/hotspots?{q}"),
            ("API trends by week", f"{api}/trends?{q}"),
            ("API trends by month", f"{api}/trends?{q}&by=month"),
            ("API cards", f"{api}/cards?{q}"),
        ]
        client.get(steps[0][1])  # warm the caches and the connection once
        print(
            f"{vendor} ({connection.vendor}); {len(made['grids'])} grids; schema and district in "
            f"{setup:.1f} s; {args.cases:,} cases inserted in {inserted:.1f} s; "
            f"median of {args.repeat}"
        )
        print(f"{'request':<44}{'status':>7}{'KiB':>8}{'seconds':>9}{'× baseline':>12}")
        base = 0.0
        failed = False
        for name, url in steps:
            seconds, status, size = timed(client, url, args.repeat)
            base = base or seconds
            failed |= status != 200
            print(f"{name:<44}{status:>7}{size / 1024:>8.0f}{seconds:>9.3f}{seconds / base:>12.1f}")
        columnar = duckdb_baseline(code)
        if columnar and base:
            copied, seconds, n = columnar
            print(
                f"{'DuckDB: the per-community counts (floor)':<44}{'':>7}{'':>8}{seconds:>9.3f}"
                f"{seconds / base:>12.2f}   ({n} rows; copying the cases in took {copied:.1f} s)"
            )
        if failed:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
