"""One deadline sweep over 1,000,000 open cases, beside a plain count of the open cases.

Creates a scratch database (PostgreSQL when DATABASE_URL points at a server, else SQLite
in a temporary directory), a synthetic district of 1,000 grids with a desk worker per
community, and bulk-inserts the open cases with one INSERT … SELECT (1 % of them past
their deadline by default). Then, in the same run:

  baseline   SELECT COUNT(*) of the open cases
  measured   cases.sweep.sweep_deadlines(): escalates every overdue case one level,
             flags it, writes its history row, one audit row and the desk notices
  measured   a second sweep right after (nothing left to do)

and checks that exactly the overdue cases were escalated.

    python bench/deadline_sweep.py [--cases 1000000] [--overdue 0.01]
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from typing import Any

from _scratch import desk_staff, district, migrate, scratch_database, setup_django


def bulk_insert(total: int, overdue: float, grids: list[Any], now: dt.datetime) -> None:
    """INSERT … SELECT over a generated series; every column from the model's own fields,
    so a new column with a default needs no change here."""
    from django.db import connection

    from cases.models import Case, Category

    ops = connection.ops
    with connection.cursor() as cur:
        cur.execute("CREATE TABLE bench_grid (k integer PRIMARY KEY, id bigint, code text)")
        cur.executemany(
            "INSERT INTO bench_grid (k, id, code) VALUES (%s, %s, %s)",
            [(k, g.pk, g.code) for k, g in enumerate(grids)],
        )
    category = Category.objects.filter(children__isnull=True, is_dispute=False).first()
    assert category is not None
    past = ops.adapt_datetimefield_value(now - dt.timedelta(hours=1))
    future = ops.adapt_datetimefield_value(now + dt.timedelta(days=3))
    reported = ops.adapt_datetimefield_value(now - dt.timedelta(days=1))
    cut = int(round(overdue * 10_000))
    given: dict[str, tuple[str, list[Any]]] = {
        "channel": ("%s", ["app"]),
        "category_id": ("%s", [category.pk]),
        "description": ("%s", ["bench"]),
        "lon": ("%s", [120.65]),
        "lat": ("%s", [28.03]),
        "area_id": ("bench_grid.id", []),
        "area_code": ("bench_grid.code", []),
        "level": ("0", []),
        "status": (
            "CASE s.i %% 4 WHEN 0 THEN 'reported' WHEN 1 THEN 'accepted' "
            "WHEN 2 THEN 'dispatched' ELSE 'in_progress' END",
            [],
        ),
        "reported_at": ("%s", [reported]),
        "updated_at": ("%s", [reported]),
        "accept_due": ("%s", [future]),
        "due_at": ("CASE WHEN s.i %% 10000 < %s THEN %s ELSE %s END", [cut, past, future]),
    }
    columns, exprs, params = [], [], []
    for f in Case._meta.concrete_fields:
        if f.primary_key:
            continue
        columns.append(connection.ops.quote_name(f.column))
        if f.column in given:
            sql, values = given[f.column]
        elif f.null:
            sql, values = "NULL", []
        else:
            sql, values = "%s", [f.get_db_prep_save(f.get_default(), connection)]
        exprs.append(sql)
        params.extend(values)
    if connection.vendor == "postgresql":
        source = "generate_series(1, %s) AS s(i)"
    else:
        source = (
            "(WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %s) "
            "SELECT i FROM n) AS s"
        )
    sql = (
        f"INSERT INTO {Case._meta.db_table} ({', '.join(columns)}) "
        f"SELECT {', '.join(exprs)} FROM {source} "
        f"JOIN bench_grid ON bench_grid.k = s.i %% {len(grids)}"
    )
    with connection.cursor() as cur:
        cur.execute(sql, [*params, total])
        cur.execute("DROP TABLE bench_grid")
        cur.execute("ANALYZE")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--cases", type=int, default=1_000_000)
    ap.add_argument("--overdue", type=float, default=0.01, help="share past their deadline")
    args = ap.parse_args()

    with scratch_database("sweep") as vendor:
        setup_django()
        t0 = time.perf_counter()
        migrate()
        from django.db import connection
        from django.utils import timezone

        from cases.models import Case, CaseTransition
        from cases.sweep import sweep_deadlines
        from cases.workflow import OPEN

        made = district()
        desk_staff(made)
        setup = time.perf_counter() - t0
        now = timezone.now()
        t0 = time.perf_counter()
        bulk_insert(args.cases, args.overdue, made["grids"], now)
        inserted = time.perf_counter() - t0

        t0 = time.perf_counter()
        open_count = Case.objects.filter(status__in=OPEN).count()
        t_count = time.perf_counter() - t0
        t0 = time.perf_counter()
        overdue_now = Case.objects.filter(due_at__lt=now).count()
        t_count_overdue = time.perf_counter() - t0

        t0 = time.perf_counter()
        escalated = sweep_deadlines(now=now)
        t_sweep = time.perf_counter() - t0
        t0 = time.perf_counter()
        again = sweep_deadlines(now=now)
        t_again = time.perf_counter() - t0

        flagged = Case.objects.filter(overdue=True, level=1).count()
        history = CaseTransition.objects.filter(action="overdue").count()
        ok = escalated == overdue_now == flagged == history and again == 0

        print(
            f"{vendor} ({connection.vendor}); {len(made['grids'])} grids; schema and district in "
            f"{setup:.1f} s; {args.cases:,} open cases inserted in {inserted:.1f} s"
        )
        print(f"{'step':<52}{'rows':>11}{'seconds':>9}")
        print(
            f"{'SELECT COUNT(*) of the open cases (baseline)':<52}{open_count:>11,}{t_count:>9.3f}"
        )
        print(
            f"{'SELECT COUNT(*) past their deadline':<52}{overdue_now:>11,}{t_count_overdue:>9.3f}"
        )
        print(
            f"{'sweep_deadlines(): escalate the overdue cases':<52}{escalated:>11,}{t_sweep:>9.3f}"
        )
        print(f"{'sweep_deadlines() again (nothing left)':<52}{again:>11,}{t_again:>9.3f}")
        print(
            f"one sweep = {t_sweep / t_count:.2f}× a count of the open cases; "
            f"{escalated / t_sweep:,.0f} escalations/s; empty sweep = {t_again / t_count:.3f}× the count"
        )
        print(
            f"after the sweep: {flagged:,} cases flagged and one level up, {history:,} history rows"
            f" -> {'consistent' if ok else 'INCONSISTENT'}"
        )
        if not ok:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
