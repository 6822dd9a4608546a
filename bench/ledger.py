"""The ledger check over 1,000,000 entries, beside a plain full scan of the same table.

Creates a scratch PostgreSQL database, migrates it, writes `--users` users and `--entries`
ledger entries (credits and debits, every balance row the sum of its user's entries) with
set-based SQL, then times in the same run, alternating, `--repeat` times each:

  baseline  SELECT COUNT(*), SUM(amount) FROM points_ledgerentry      (one full scan)
  measured  points.selectors.check_ledger()   (per-user sums, full outer join with the
                                               balance rows, differences returned)

and prints the medians and their ratio. It then corrupts one balance row and shows the check
finds exactly it. The scratch database is dropped at the end.

    python bench/ledger.py [--pg postgres://postgres@127.0.0.1:5432/postgres]
                           [--entries 1000000] [--users 10000] [--repeat 5]
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


def fill(users: int, entries: int) -> None:
    from django.db import connection

    from points.models import LedgerEntry, PointsBalance

    e = LedgerEntry._meta.db_table
    b = PointsBalance._meta.db_table
    with connection.cursor() as cur:
        cur.execute(
            """
            INSERT INTO accounts_user (password, is_superuser, phone, name, is_active, is_staff,
                                       date_joined, work_phone, photo)
            SELECT '!', false, '137' || lpad(g::text, 8, '0'), 'user ' || g, true, false, now(),
                   '', ''
            FROM generate_series(1, %s) g
            """,
            [users],
        )
        cur.execute("SELECT min(id) FROM accounts_user")
        first = cur.fetchone()[0]
        # Four credits (1..20 points) for every debit of 1 point: balances stay positive.
        cur.execute(
            f"""
            INSERT INTO {e} (user_id, kind, amount, reason, activity, source, source_id,
                             subject, subject_data, earned_on, created)
            SELECT %s + ((g / 5) %% %s),
                   CASE WHEN g %% 5 = 0 THEN 'debit' ELSE 'credit' END,
                   CASE WHEN g %% 5 = 0 THEN -1 ELSE 1 + (g %% 20) END,
                   'bench', CASE WHEN g %% 5 = 0 THEN '' ELSE 'activity' END,
                   'bench', g::text, '', '{{}}',
                   DATE '2026-01-01' + (g %% 300),
                   TIMESTAMPTZ '2026-01-01' + (g || ' seconds')::interval
            FROM generate_series(1, %s) g
            """,
            [first, users, entries],
        )
        cur.execute(
            f"INSERT INTO {b} (user_id, balance, updated) "
            f"SELECT user_id, SUM(amount), now() FROM {e} GROUP BY user_id"
        )
    with connection.cursor() as cur:
        cur.execute(f"VACUUM ANALYZE {e}")
        cur.execute(f"VACUUM ANALYZE {b}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument(
        "--pg", default=os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    )
    ap.add_argument("--entries", type=int, default=1_000_000)
    ap.add_argument("--users", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    name = f"linli_bench_ledger_{os.getpid()}"
    admin_sql(args.pg, f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = urlunsplit(urlsplit(args.pg)._replace(path=f"/{name}"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linli.settings")
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection, connections

        from points.models import LedgerEntry, PointsBalance
        from points.selectors import check_ledger

        call_command("migrate", verbosity=0)
        t0 = time.perf_counter()
        fill(args.users, args.entries)
        print(
            f"wrote {args.entries:,} entries for {args.users:,} users "
            f"in {time.perf_counter() - t0:.1f} s"
        )
        table = LedgerEntry._meta.db_table

        def scan() -> tuple[int, int]:
            with connection.cursor() as cur:
                cur.execute(f"SELECT COUNT(*), SUM(amount) FROM {table}")
                n, total = cur.fetchone()
            return int(n), int(total)

        scan()
        check_ledger()  # warm the cache for both
        scans, checks = [], []
        result = None
        for _ in range(args.repeat):
            t = time.perf_counter()
            n, total = scan()
            scans.append(time.perf_counter() - t)
            t = time.perf_counter()
            result = check_ledger()
            checks.append(time.perf_counter() - t)
        assert result is not None
        if not (result.ok and result.entries == n and result.total == total):
            raise SystemExit(f"ledger check disagrees with the scan: {result} vs {n}, {total}")

        victim = PointsBalance.objects.order_by("user_id").values_list("user_id", flat=True)[
            args.users // 2
        ]
        PointsBalance.objects.filter(user_id=victim).update(balance=999_999)
        tampered = check_ledger()
        found = [m[0] for m in tampered.mismatches] == [victim]

        scan_ms, check_ms = statistics.median(scans) * 1000, statistics.median(checks) * 1000
        print()
        print(f"PostgreSQL, {n:,} entries, {result.users:,} balances; median of {args.repeat}")
        print(f"{'operation':<52}{'ms':>10}")
        print(f"{'SELECT COUNT(*), SUM(amount) (baseline full scan)':<52}{scan_ms:>10.1f}")
        print(f"{'check_ledger(): every balance = sum of its entries':<52}{check_ms:>10.1f}")
        print(f"check / scan = {check_ms / scan_ms:.2f}")
        print(
            f"ledger ok before tampering: {result.ok}; after corrupting user {victim}'s balance "
            f"the check reports {len(tampered.mismatches)} difference(s): "
            f"{'found it' if found else 'MISSED'}"
        )
        connections.close_all()
        if not found:
            raise SystemExit(1)
    finally:
        try:
            from django.db import connections as conns

            conns.close_all()
        except Exception:
            pass
        admin_sql(args.pg, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
