"""The case figures at province scale: the indicators (API and page), the case list and the desk
over `--cases` cases reported over a year, on PostgreSQL, beside the floors of the same run.

Creates a scratch PostgreSQL database, migrates it and writes with set-based SQL (never the ORM,
triggers off while it writes) a district of `--subdistricts` × 8 communities × 8 grids, `--cases`
cases over the last 365 days (accepted, dispatched, closed on time or late, rejected, merged,
at four levels), about one handling a case with reworks, and ratings for 40 % of the closed
ones. Then rebuilds the roll-ups (`rebuild_case_rollups`, timed) and times, the median of
`--repeat`:

  indicators 30 d / 365 d   GET /api/v1/cases/indicators/ as district staff (the roll-ups)
    beside: recount         the same figures counted from the cases (compute's `recount`)
            SQL floor       the roll-up queries the ORM sends, run as raw SQL
            DuckDB          the recount's definitions in one DuckDB query over the same rows
                            (exported from PostgreSQL), the columnar engine's figure
  indicators page           GET /cases/indicators/ (365 days), the whole page
  case list page 1 / deep   GET /api/v1/cases/?page=… as district staff: page 1, the deepest
                            page by number (10,000 rows in) and page `--deep` by `cursor`
  desk                      GET /cases/desk/ as community staff
  dashboard                 GET /dashboard/ of the district as district staff (the page's HTML,
                            its first paint; by week and by month), then each part the page
                            loads after it (the trends' breakdowns, the cards, the hotspots)

and checks that the roll-ups, the recount and DuckDB agree. Every page and API line's "SQL
floor" is the SELECTs that request sent, replayed as raw SQL: the database's share of it. The
scratch database is dropped at the end unless `--keep`.

    python bench/case_figures.py [--pg URL] [--cases 1000000] [--subdistricts 8] [--repeat 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _scratch import admin_sql  # noqa: E402

DISTRICT = "330324"

CASES = """
INSERT INTO cases_case (channel, category_id, description, lon, lat, address, area_id, area_code,
    outside_grid, level, status, reported_at, accepted_at, handle_due, closed_at, closed_level,
    updated_at, caller_name, caller_phone, anonymous, rework_count, overdue, extended,
    resolved_on_spot, idempotency_key, external_token, reply)
SELECT 'app', c.category, '随手拍', 120.55 + (g.n %% 64) * 0.003 + random() * 0.003,
    27.95 + (g.n / 64) * 0.003 + random() * 0.003, '', g.id, g.code, false, c.level,
    c.status, c.reported,
    CASE WHEN c.status NOT IN ('reported', 'rejected') THEN c.reported + interval '1 hour' END,
    CASE WHEN c.status NOT IN ('reported', 'rejected')
         THEN c.reported + interval '1 hour' + c.limit_days * interval '1 day' END,
    CASE WHEN c.status = 'closed'
         THEN c.reported + interval '2 hours' + c.close_days * interval '1 day' END,
    CASE WHEN c.status = 'closed' THEN c.level END,
    now(), '', '', false, 0, false, false, false, '', '', ''
FROM (
    SELECT i,
        %(start)s::timestamptz + random() * %(days)s * interval '1 day' AS reported,
        floor(random() * %(grids)s)::int AS grid,
        (%(categories)s::bigint[])[1 + floor(random() * %(ncat)s)::int] AS category,
        CASE WHEN r < 0.04 THEN 'rejected' WHEN r < 0.06 THEN 'merged'
             WHEN r < 0.80 THEN 'closed' WHEN r < 0.85 THEN 'handled'
             WHEN r < 0.92 THEN 'in_progress' WHEN r < 0.96 THEN 'dispatched'
             ELSE 'reported' END AS status,
        (ARRAY[0, 0, 0, 0, 0, 1, 1, 1, 2, 3])[1 + floor(random() * 10)::int] AS level,
        3 + floor(random() * 12)::int AS limit_days,
        random() * 18 AS close_days
    FROM (SELECT i, random() AS r FROM generate_series(1, %(cases)s) i) s
) c
JOIN (SELECT id, code, row_number() OVER (ORDER BY code) - 1 AS n
      FROM areas_area WHERE level = 'grid') g ON g.n = c.grid
"""

HISTORY = """
INSERT INTO cases_casetransition (case_id, action, from_status, to_status, at, note)
SELECT id, 'accept', 'reported', 'accepted', accepted_at, '' FROM cases_case
WHERE accepted_at IS NOT NULL AND id % 4 = 0
UNION ALL
SELECT id, 'handle', 'in_progress', 'handled', coalesce(closed_at, accepted_at) - interval '30 minutes', ''
FROM cases_case WHERE status IN ('closed', 'handled')
UNION ALL
SELECT id, 'verify_fail', 'handled', 'in_progress', accepted_at + interval '3 hours', ''
FROM cases_case WHERE status IN ('closed', 'handled') AND id % 9 = 0
"""

RATINGS = """
INSERT INTO cases_rating (case_id, user_id, score, comment, at)
SELECT id, %(user)s, 1 + (id * 7) %% 5, '', closed_at + interval '1 day'
FROM cases_case WHERE status = 'closed' AND id %% 5 < 2
"""

# The recount's definitions over the exported rows (times in microseconds since the epoch).
DUCK = """
WITH c AS (SELECT *, CASE WHEN closed IS NOT NULL AND (due IS NULL OR closed < due)
                          THEN closed ELSE due END AS anchor FROM cases
           WHERE starts_with(area_code, $code)),
d AS (SELECT *, accepted IS NOT NULL AND status NOT IN ('rejected', 'merged')
                AND anchor >= $s AND anchor < $e AS is_due FROM c)
SELECT substr(area_code, 1, $w) AS p,
    count(*) FILTER (reported >= $s AND reported < $e),
    count(*) FILTER (accepted >= $s AND accepted < $e),
    count(*) FILTER (is_due),
    count(*) FILTER (is_due AND closed IS NOT NULL AND closed < $e),
    count(*) FILTER (is_due AND closed IS NOT NULL AND closed < $e
                     AND (due IS NULL OR closed <= due))
FROM d WHERE (reported >= $s AND reported < $e) OR (accepted >= $s AND accepted < $e) OR is_due
GROUP BY p
"""
DUCK_WORK = """
SELECT substr(c.area_code, 1, $w), count(*) FILTER (t.action IN ('handle', 'resolve_on_spot')),
    count(*) FILTER (t.action = 'verify_fail')
FROM history t JOIN cases c ON c.id = t.case_id
WHERE starts_with(c.area_code, $code) AND t.at >= $s AND t.at < $e GROUP BY 1
"""
DUCK_RATINGS = """
SELECT substr(c.area_code, 1, $w), count(*), sum(r.score)
FROM ratings r JOIN cases c ON c.id = r.case_id
WHERE starts_with(c.area_code, $code) AND r.at >= $s AND r.at < $e GROUP BY 1
"""


def fill(cases: int, subdistricts: int, start: dt.datetime, days: int) -> None:
    from django.db import connection

    from accounts.models import User
    from cases.models import Category
    from cases.seed import seed_categories

    seed_categories(Category)
    categories = list(Category.objects.filter(children__isnull=True).values_list("id", flat=True))
    rater = User.objects.create(phone="13900000000", name="居民")
    with connection.cursor() as cur:
        cur.execute("SET session_replication_role = replica")  # no triggers while it writes
        cur.execute(
            "INSERT INTO areas_area (code, name, level, parent_id, kind, active) "
            "VALUES (%s, '永嘉县', 'district', NULL, 'residential', true)",
            [DISTRICT],
        )
        for level, parent, width in (
            ("subdistrict", "district", subdistricts),
            ("community", "subdistrict", 8),
            ("grid", "community", 8),
        ):
            cur.execute(
                f"""
                INSERT INTO areas_area (code, name, level, parent_id, kind, active)
                SELECT p.code || lpad(n::text, 3, '0'), p.code || '-' || n, '{level}', p.id,
                       'residential', true
                FROM areas_area p CROSS JOIN generate_series(1, %s) n
                WHERE p.level = '{parent}'
                """,
                [width],
            )
        cur.execute("SELECT count(*) FROM areas_area WHERE level = 'grid'")
        grids = cur.fetchone()[0]
        cur.execute("SELECT setseed(0.16)")
        cur.execute(
            CASES,
            {
                "start": start,
                "days": days,
                "grids": grids,
                "cases": cases,
                "categories": categories,
                "ncat": len(categories),
            },
        )
        cur.execute(HISTORY)
        cur.execute(RATINGS, {"user": rater.pk})
        cur.execute("SET session_replication_role = DEFAULT")
    for table in ("cases_case", "cases_casetransition", "cases_rating", "areas_area"):
        with connection.cursor() as cur:
            cur.execute(f"VACUUM ANALYZE {table}")


def median_ms(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    fn()  # warm
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument(
        "--pg", default=os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    )
    ap.add_argument("--cases", type=int, default=1_000_000)
    ap.add_argument("--subdistricts", type=int, default=8)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--deep", type=int, default=10_000, help="the deep list page")
    ap.add_argument("--keep", action="store_true", help="keep the scratch database")
    ap.add_argument("--no-recount", action="store_true", help="skip the slow recount")
    ap.add_argument("--days", type=int, default=365, help="the days the cases spread over")
    ap.add_argument(
        "--reuse", default="", help="measure a database kept by --keep (migrated, not refilled)"
    )
    args = ap.parse_args()

    name = args.reuse or f"linli_bench_figures_{os.getpid()}"
    if not args.reuse:
        admin_sql(args.pg, f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = urlunsplit(urlsplit(args.pg)._replace(path=f"/{name}"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linli.settings")
    try:
        run(args)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep and not args.reuse:
            admin_sql(args.pg, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        else:
            print(f"kept database {name}")


def run(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import RoleAssignment, User
    from areas.models import Area
    from cases.indicators.compute import compute, recount
    from cases.indicators.selectors import bounds
    from core import timeutil

    call_command("migrate", verbosity=0)
    today = timeutil.today()
    start = dt.datetime.combine(today - dt.timedelta(days=args.days), dt.time(9), timeutil.SHANGHAI)
    wrote = rebuilt = 0.0
    if not args.reuse:
        t0 = time.perf_counter()
        fill(args.cases, args.subdistricts, start, args.days)
        wrote = time.perf_counter() - t0
        t0 = time.perf_counter()
        call_command("rebuild_case_rollups", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        rebuilt = time.perf_counter() - t0
    with connection.cursor() as cur:
        for table in ("cases_casedayfigure", "cases_caselatefigure"):
            cur.execute(f"VACUUM ANALYZE {table}")
        counts = {}
        for table in ("cases_case", "cases_casetransition", "cases_rating", "cases_casedayfigure"):
            cur.execute(f"SELECT count(*) FROM {table}")
            counts[table] = cur.fetchone()[0]
    print(
        (f"reused {args.reuse}: " if args.reuse else "")
        + f"wrote {counts['cases_case']:,} cases, {counts['cases_casetransition']:,} history rows, "
        f"{counts['cases_rating']:,} ratings in {wrote:.1f} s; roll-ups rebuilt in "
        f"{rebuilt:.1f} s ({counts['cases_casedayfigure']:,} day rows)"
    )

    district = Area.objects.get(code=DISTRICT)
    community = Area.objects.filter(level="community").order_by("code").first()
    assert community is not None
    boss, _new = User.objects.get_or_create(phone="13800000001", defaults={"name": "区干部"})
    RoleAssignment.objects.get_or_create(user=boss, role="district_staff", area=district)
    staff, _new = User.objects.get_or_create(phone="13800000002", defaults={"name": "社区干部"})
    RoleAssignment.objects.get_or_create(user=staff, role="community_staff", area=community)
    as_boss, as_staff = Client(), Client()
    as_boss.force_login(boss)
    as_staff.force_login(staff)

    rows: list[tuple[str, float, str, str, str]] = []
    duck = Duck(connection)
    for days in (30, 365):
        first = today - dt.timedelta(days=days - 1)
        period = bounds(first, today)
        url = f"/api/v1/cases/indicators/?start={first}&end={today}"

        def api(url: str = url) -> Any:
            response = as_boss.get(url)
            assert response.status_code == 200, response.content[:300]
            return response.json()

        ms, answer = median_ms(api, args.repeat)
        with CaptureQueriesContext(connection) as queries:
            report = compute(district, *period)
        sql = [q["sql"] for q in queries.captured_queries]

        def floor(sql: list[str] = sql) -> None:
            with connection.cursor() as cur:
                for statement in sql:
                    cur.execute(statement)
                    cur.fetchall()

        floor_ms, _ = median_ms(floor, args.repeat)

        def in_duckdb(period: tuple[dt.datetime, dt.datetime] = period) -> tuple[int, ...]:
            return duck.total(DISTRICT, len(DISTRICT) + 3, *period)

        def recounted(period: tuple[dt.datetime, dt.datetime] = period) -> Any:
            return recount(district, *period)

        duck_ms, duck_total = median_ms(in_duckdb, args.repeat)
        total = report.total
        ours: tuple[int, ...] = (
            total.reported,
            total.accepted,
            total.due,
            total.closed,
            total.on_time,
        )
        ours += (total.handled, total.rework, total.ratings, int(total.rating_sum))
        if ours != duck_total:
            raise SystemExit(f"DuckDB disagrees: {duck_total} != {ours}")
        if answer["total"]["due"] != total.due:
            raise SystemExit("the API disagrees with compute")
        recount_ms = ""
        if not args.no_recount:
            slow_ms, slow = median_ms(recounted, 1)
            if slow.total.as_dict() != total.as_dict():
                raise SystemExit("the recount disagrees with the roll-ups")
            recount_ms = f"{slow_ms:.0f}"
        rows.append(
            (f"indicators API, {days} days", ms, f"{floor_ms:.1f}", f"{duck_ms:.1f}", recount_ms)
        )

    def page() -> None:
        response = as_boss.get(f"/cases/indicators/?start={today - dt.timedelta(days=364)}")
        assert response.status_code == 200

    rows.append(("indicators page, 365 days", median_ms(page, args.repeat)[0], "", "", ""))
    for label, client, url in [*lists(as_boss, as_staff, args.deep, boss), *dashboard(as_boss)]:

        def get(client: Any = client, url: str = url) -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        ms = median_ms(get, args.repeat)[0]
        with CaptureQueriesContext(connection) as queries:
            get()
        selects = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]

        def replay(sql: list[str] = selects) -> None:
            with connection.cursor() as cur:
                for statement in sql:
                    cur.execute(statement)
                    cur.fetchall()

        rows.append((label, ms, f"{median_ms(replay, args.repeat)[0]:.1f}", "", ""))

    print()
    grids = Area.objects.filter(level="grid").count()
    print(
        f"PostgreSQL, {counts['cases_case']:,} cases over {args.days} days in {grids:,} grids;"
        f" median of {args.repeat}, ms"
    )
    print(f"{'what':<34}{'linli':>9}{'SQL floor':>11}{'DuckDB':>9}{'recount':>9}")
    for label, ms, floor_text, duck_text, recount_text in rows:
        print(f"{label:<34}{ms:>9.1f}{floor_text:>11}{duck_text:>9}{recount_text:>9}")


def lists(as_boss: Any, as_staff: Any, deep: int, boss: Any) -> list[tuple[str, Any, str]]:
    """The case list's first page, its deepest page by number (OFFSET through the counted
    rows), a deep page by cursor, and the desk."""
    from cases import paging
    from cases.permissions import visible

    size = 50
    last = paging.COUNT_CAP // size
    out = [
        ("case list API, page 1", as_boss, "/api/v1/cases/?page=1"),
        (f"case list API, page {last}", as_boss, f"/api/v1/cases/?page={last}"),
    ]
    before = visible(boss).order_by("-reported_at", "-id")[
        (deep - 1) * size - 1 : (deep - 1) * size
    ]
    if before:
        cursor = paging.cursor_after(before[0])
        out.append((f"  page {deep:,} by cursor", as_boss, f"/api/v1/cases/?cursor={cursor}"))
    out.append(("desk (community staff)", as_staff, "/cases/desk/"))
    return out


def dashboard(as_boss: Any) -> list[tuple[str, Any, str]]:
    """The district's dashboard: its first paint (the page's HTML: figures, map, trends), by
    month, and the parts that come after it."""
    return [
        ("dashboard first paint (district)", as_boss, f"/dashboard/?area={DISTRICT}"),
        ("  the same by month", as_boss, f"/dashboard/?area={DISTRICT}&by=month"),
        (
            "  after paint: trends' breakdowns",
            as_boss,
            f"/dashboard/breakdowns/?area={DISTRICT}",
        ),
        ("  after paint: cards", as_boss, f"/dashboard/cards/?area={DISTRICT}"),
        ("  after paint: hotspots", as_boss, f"/dashboard/hotspots/?area={DISTRICT}"),
    ]


TEXT = {
    "cases": "{'area_code': 'VARCHAR', 'status': 'VARCHAR'}",
    "history": "{'action': 'VARCHAR'}",
}


class Duck:
    """The cases, history and ratings copied into an in-memory DuckDB (times as epoch µs)."""

    def __init__(self, connection: Any) -> None:
        import duckdb

        self.db = duckdb.connect()
        folder = tempfile.mkdtemp(prefix="linli_duck_")
        tables = {
            "cases": "SELECT id, area_code, status, {us(reported_at)} AS reported, "
            "{us(accepted_at)} AS accepted, {us(handle_due)} AS due, "
            "{us(closed_at)} AS closed FROM cases_case",
            "history": "SELECT case_id, action, {us(at)} AS at FROM cases_casetransition",
            "ratings": "SELECT case_id, score, {us(at)} AS at FROM cases_rating",
        }
        raw = connection.connection  # psycopg
        for table, query in tables.items():
            query = query.replace("{us(", "(extract(epoch from ").replace(")}", ") * 1e6)::bigint")
            path = f"{folder}/{table}.csv"
            sql = f"COPY ({query}) TO STDOUT WITH CSV HEADER"
            with open(path, "wb") as out, raw.cursor() as cur, cur.copy(sql) as copy:
                for chunk in copy:
                    out.write(chunk)
            self.db.execute(
                f"CREATE TABLE {table} AS SELECT * FROM read_csv('{path}', header = true,"
                f" types = {TEXT.get(table, '{}')})"
            )
            os.unlink(path)
        os.rmdir(folder)

    def total(self, code: str, width: int, start: dt.datetime, end: dt.datetime) -> tuple[int, ...]:
        params = {
            "code": code,
            "w": width,
            "s": int(start.timestamp() * 1e6),
            "e": int(end.timestamp() * 1e6),
        }
        cases = self.db.execute(DUCK, params).fetchall()
        work = self.db.execute(DUCK_WORK, params).fetchall()
        ratings = self.db.execute(DUCK_RATINGS, params).fetchall()
        sums = [sum(int(r[i]) for r in cases) for i in range(1, 6)]
        sums += [sum(int(r[i]) for r in work) for i in (1, 2)]
        sums += [sum(int(r[i] or 0) for r in ratings) for i in (1, 2)]
        return tuple(sums)


if __name__ == "__main__":
    main()
