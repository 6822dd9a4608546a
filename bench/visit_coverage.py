"""Household visit coverage of a subdistrict of 78,000 households with a year of visits, on
PostgreSQL, beside the same figure as one hand-written SQL query in the same run.

Creates a scratch PostgreSQL database, migrates it, writes with set-based SQL a subdistrict
of `--communities` communities and `--households` households in grids of about 410, two
posted workers per grid, and a year of visits back from today (an older round of 96 % of the
households, a recent one behind in some grids, extra care visits): about 2.2 visits a
household. Then times, alternating, `--repeat` times each:

  baseline  one SQL query: per grid, the households and those with a visit by a posted worker
            in the running period (the period's visited households joined, GROUP BY grid)
  measured  fieldwork.selectors.visits.grid_figures + community_figures (the coverage page's
            figures by grid and community: the ORM's aggregate query and the grids' names)

checks they agree grid by grid, prints the medians and their ratio, and the full coverage of
the page (grids, communities and workers) once. The scratch database is dropped at the end.

    python bench/visit_coverage.py [--pg postgres://postgres@127.0.0.1:5432/postgres]
                                   [--households 78000] [--communities 27] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _scratch import admin_sql  # noqa: E402

SUB = "330324001"
GRID_SIZE = 410

BASELINE = """
SELECT h.grid_id, COUNT(*), COUNT(v.household_id)
FROM areas_household h
JOIN areas_area g ON g.id = h.grid_id
LEFT JOIN (
    SELECT DISTINCT household_id FROM fieldwork_visit
    WHERE by_posted_worker AND visited_on BETWEEN %s AND %s
) v ON v.household_id = h.id
WHERE g.code LIKE %s AND g.active
GROUP BY h.grid_id
"""


def fill(households: int, communities: int, today: str) -> None:
    from django.db import connection

    grids = max(communities, round(households / GRID_SIZE))
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO areas_area (code, name, level, parent_id, kind, active) "
            "VALUES ('330324', '永嘉县', 'district', NULL, 'residential', true) RETURNING id"
        )
        district = cur.fetchone()[0]
        cur.execute(
            "INSERT INTO areas_area (code, name, level, parent_id, kind, active) "
            "VALUES (%s, '瓯北街道', 'subdistrict', %s, 'residential', true) RETURNING id",
            [SUB, district],
        )
        sub = cur.fetchone()[0]
        cur.execute(
            """
            INSERT INTO areas_area (code, name, level, parent_id, kind, active)
            SELECT %s || lpad(c::text, 3, '0'), '社区' || c, 'community', %s, 'residential', true
            FROM generate_series(1, %s) c
            """,
            [SUB, sub, communities],
        )
        cur.execute(
            """
            INSERT INTO areas_area (code, name, level, parent_id, kind, active)
            SELECT p.code || lpad((((g - 1) / %s) + 1)::text, 3, '0') , '网格' || g, 'grid',
                   p.id, 'residential', true
            FROM generate_series(1, %s) g
            JOIN areas_area p ON p.level = 'community'
             AND p.code = %s || lpad((((g - 1) %% %s) + 1)::text, 3, '0')
            """,
            [communities, grids, SUB, communities],
        )
        # One building of 40 households a block; each household on its grid.
        cur.execute(
            """
            INSERT INTO areas_building (code, name, community_id, grid_id, address, lon, lat,
                                        floors, entrances, households)
            SELECT 'B' || b, b || '幢', g.parent_id, g.id, '', 120.6 + (b %% 100) * 0.0005,
                   28.0 + (b / 100) * 0.0005, 6, 1, 40
            FROM generate_series(0, %s) b
            JOIN LATERAL (
                SELECT id, parent_id FROM areas_area WHERE level = 'grid'
                ORDER BY code OFFSET (b * 40 / %s) %% %s LIMIT 1
            ) g ON true
            """,
            [households // 40, GRID_SIZE, grids],
        )
        cur.execute(
            """
            INSERT INTO areas_household (code, building_id, grid_id, entrance, floor, room,
                                         address)
            SELECT 'H' || h, b.id, b.grid_id, 1, 1, '', b.name || h || '室'
            FROM generate_series(0, %s - 1) h
            JOIN areas_building b ON b.code = 'B' || (h / 40)
            """,
            [households],
        )
        cur.execute(
            """
            INSERT INTO accounts_user (password, is_superuser, phone, name, is_active, is_staff,
                                       date_joined, work_phone, photo)
            SELECT '!', false, '139' || lpad(w::text, 8, '0'), '网格员' || w, true, false, now(),
                   '', ''
            FROM generate_series(1, %s) w
            """,
            [2 * grids],
        )
        cur.execute(
            """
            INSERT INTO accounts_roleassignment (user_id, role, area_id, duty, created)
            SELECT u.id, CASE WHEN u.n % 2 = 0 THEN 'grid_worker' ELSE 'grid_worker_part' END,
                   g.id, '', now()
            FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM accounts_user) u
            JOIN (SELECT id, row_number() OVER (ORDER BY code) - 1 AS n
                  FROM areas_area WHERE level = 'grid') g ON g.n = u.n / 2
            """
        )
        # A year of visits: rounds of 96 % (older) and 40–97 % by grid (recent), care visits.
        cur.execute(
            """
            INSERT INTO fieldwork_visit (household_id, visited_on, kind, found, needs, photo,
                                         far, by_posted_worker, recorded_by_id, recorded_at,
                                         idempotency_key)
            SELECT h.id, DATE %s - r.back::int, 'routine', '正常', '', '', false, true, w.user_id,
                   now(), ''
            FROM areas_household h
            JOIN LATERAL (
                SELECT user_id FROM accounts_roleassignment
                WHERE area_id = h.grid_id ORDER BY user_id LIMIT 1
            ) w ON true
            CROSS JOIN LATERAL (VALUES
                (183 + (h.id * 7919) %% 183, (h.id * 31) %% 100 < 96),
                (1 + (h.id * 104729) %% 182, (h.id * 17) %% 100 < 40 + (h.grid_id * 13) %% 58),
                ((h.id * 13) %% 91, (h.id * 29) %% 100 < 8)
            ) AS r(back, drawn)
            WHERE r.drawn
            """,
            [today],
        )
        cur.execute(
            "INSERT INTO fieldwork_visitvisitor (visit_id, user_id) "
            "SELECT id, recorded_by_id FROM fieldwork_visit"
        )
    with connection.cursor() as cur:
        for table in ("areas_household", "fieldwork_visit", "fieldwork_visitvisitor", "areas_area"):
            cur.execute(f"VACUUM ANALYZE {table}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument(
        "--pg", default=os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    )
    ap.add_argument("--households", type=int, default=78_000)
    ap.add_argument("--communities", type=int, default=27)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    name = f"linli_bench_visits_{os.getpid()}"
    admin_sql(args.pg, f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = urlunsplit(urlsplit(args.pg)._replace(path=f"/{name}"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linli.settings")
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection, connections

        from accounts.models import User
        from core import timeutil
        from fieldwork import periods
        from fieldwork.selectors import visits as selectors

        call_command("migrate", verbosity=0)
        today = timeutil.today()
        t0 = time.perf_counter()
        fill(args.households, args.communities, today.isoformat())
        period = periods.current()
        with connection.cursor() as cur:
            cur.execute("SELECT COUNT(*) FROM fieldwork_visit")
            visits = cur.fetchone()[0]
            cur.execute("SELECT COUNT(*) FROM areas_household")
            households = cur.fetchone()[0]
        print(
            f"wrote {households:,} households and {visits:,} visits over a year "
            f"in {time.perf_counter() - t0:.1f} s; period {period.start} – {period.end}"
        )

        def baseline() -> dict[int, tuple[int, int]]:
            with connection.cursor() as cur:
                cur.execute(BASELINE, [period.start, period.end, f"{SUB}%"])
                return {g: (int(n), int(v)) for g, n, v in cur.fetchall()}

        from areas.models import Area

        ids = dict(Area.objects.filter(level="grid").values_list("code", "id"))

        def measured() -> dict[int, tuple[int, int]]:
            grids = selectors.grid_figures([SUB], period)
            selectors.community_figures(grids)
            return {ids[g.code]: (g.households, g.visited) for g in grids}

        baseline()
        measured()  # warm the cache for both
        base_times, our_times = [], []
        a = b = None
        for _ in range(args.repeat):
            t = time.perf_counter()
            a = baseline()
            base_times.append(time.perf_counter() - t)
            t = time.perf_counter()
            b = measured()
            our_times.append(time.perf_counter() - t)
        assert a is not None and b is not None
        if a != {g: v for g, v in b.items() if v[0]}:
            raise SystemExit("coverage disagrees with the hand-written query")
        admin = User.objects.create(phone="13800000000", name="admin", is_superuser=True)
        t = time.perf_counter()
        full = selectors.coverage(admin)
        full_ms = (time.perf_counter() - t) * 1000
        base_ms = statistics.median(base_times) * 1000
        our_ms = statistics.median(our_times) * 1000
        total = full["total"]
        print()
        print(
            f"PostgreSQL, {households:,} households in {len(b):,} grids, {visits:,} visits; "
            f"median of {args.repeat}"
        )
        print(f"{'operation':<60}{'ms':>10}")
        print(f"{'one hand-written SQL query (baseline)':<60}{base_ms:>10.1f}")
        print(f"{'grid_figures + community_figures (the ORM)':<60}{our_ms:>10.1f}")
        print(f"ORM / SQL = {our_ms / base_ms:.2f}")
        print(
            f"coverage page figures (grids, communities, {len(full['workers'])} workers) once: "
            f"{full_ms:.1f} ms; {total.visited:,} of {total.households:,} households visited "
            f"({(total.share or 0) * 100:.1f} %)"
        )
        connections.close_all()
    finally:
        try:
            from django.db import connections as conns

            conns.close_all()
        except Exception:
            pass
        admin_sql(args.pg, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
