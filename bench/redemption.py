"""Redemptions per second under concurrency on PostgreSQL, served by granian (WSGI).

Creates a scratch database, migrates it, seeds one community with a charity store, a few
items and a few hundred residents with points and API tokens, starts granian on a free
loopback port, and then measures in the same run:

  baseline  GET  /api/v1/health                       (the server's trivial endpoint)
  measured  POST /api/v1/points/items/{id}/redeem     (locks a balance and an item, writes a
                                                       redemption, a ledger entry and an audit row)

Both phases use the same client and the same number of connections and are bounded in count
and time. The client (`--client`) is by default `bench/_load.py` (one asyncio process, a few
tens of microseconds of client CPU per request); `--client requests` is the earlier one,
Python `requests` from threads, whose own CPU capped the baseline on two cores. After the run
the ledger check must pass and stock + redemptions must add up. The server and the scratch
database are removed at the end.

It also prints, as a floor, the time of one durable commit (INSERT + COMMIT) on the same
server: a redemption's transaction cannot be shorter. To tell lock contention from cost,
run it with `--items 4` (every buyer waits for one of four item rows) and `--items 400`
(nobody waits for an item): equal rates mean the items' locks are not what limits it.

    python bench/redemption.py [--pg postgres://postgres@127.0.0.1:5432/postgres]
                               [--threads 16] [--requests 3000] [--seconds 20]
                               [--items 4] [--client asyncio|requests]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import _load  # noqa: E402
from _scratch import admin_sql, log_tail, server_log  # noqa: E402


def with_db(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def seed(residents: int, items: int) -> tuple[list[str], list[int], int]:
    """One community, a store with `items` items, `residents` residents with points and tokens.
    Returns (tokens, item ids, points per resident)."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from accounts.models import ApiToken, RoleAssignment, User
    from areas.models import Area
    from points.actions import do_adjust_points, do_create_item, do_create_store

    district = Area.objects.create(code="330324", name="永嘉县", level="district")
    sub = Area.objects.create(
        code="330324001", name="瓯北街道", level="subdistrict", parent=district
    )
    community = Area.objects.create(
        code="330324001001", name="东社区", level="community", parent=sub
    )
    grid = Area.objects.create(
        code="330324001001001", name="第1网格", level="grid", parent=community
    )
    admin = User.objects.create_user("13800000000", "x", name="管理员")
    RoleAssignment.objects.create(user=admin, role="admin", area=district)
    store = do_create_store(community, name="东社区爱心超市", actor=admin)
    item_ids = [
        do_create_item(
            store, kind="goods", name=f"商品{i}", price=5, stock=1_000_000, actor=admin
        ).pk
        for i in range(items)
    ]
    users = User.objects.bulk_create(
        [User(phone=f"1370{n:07d}", name=f"居民{n}", password="!") for n in range(residents)]
    )
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(user=u, role="resident", area=grid) for u in users]
    )
    points = 100_000
    tokens = []
    for u in users:
        do_adjust_points(u, points, reason="bench", actor=admin)
        tokens.append(ApiToken.issue(u, "bench")[1])
    return tokens, item_ids, points


def durable_commit_ms(db_url: str, n: int = 100) -> float:
    """The median time of INSERT + COMMIT on a scratch table: the floor of any transaction
    that writes (the WAL flush), measured on the same server in the same run."""
    import psycopg

    times = []
    with psycopg.connect(db_url) as conn:
        conn.execute("CREATE TABLE bench_commit_probe (x int)")
        conn.commit()
        for _ in range(n):
            t0 = time.perf_counter()
            conn.execute("INSERT INTO bench_commit_probe VALUES (1)")
            conn.commit()
            times.append((time.perf_counter() - t0) * 1000)
        conn.execute("DROP TABLE bench_commit_probe")
        conn.commit()
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument(
        "--pg", default=os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    )
    ap.add_argument("--threads", type=int, default=16, help="client threads (both phases)")
    ap.add_argument("--requests", type=int, default=3000, help="requests per phase (upper bound)")
    ap.add_argument("--seconds", type=float, default=20, help="time per phase (upper bound)")
    ap.add_argument("--residents", type=int, default=200)
    ap.add_argument("--items", type=int, default=4, help="items the redemptions race on")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--blocking-threads", type=int, default=8)
    ap.add_argument("--client", choices=["asyncio", "requests"], default="asyncio")
    args = ap.parse_args()

    name = f"linli_bench_redemption_{os.getpid()}"
    db_url = with_db(args.pg, name)
    admin_sql(args.pg, f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = db_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linli.settings")
    os.environ.setdefault("TASK_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
    proc = None
    log = server_log()
    try:
        import django

        django.setup()
        from django.db import connections

        t0 = time.perf_counter()
        tokens, item_ids, points = seed(args.residents, args.items)
        connections.close_all()
        print(
            f"seeded {len(tokens)} residents, {len(item_ids)} items in {time.perf_counter() - t0:.1f} s"
        )

        port = _load.free_port()
        base = f"http://127.0.0.1:{port}"
        env = dict(os.environ, DATABASE_URL=db_url, DEBUG="0")
        proc = _load.granian(
            port,
            workers=args.workers,
            threads=args.blocking_threads,
            env=env,
            log=log,
        )
        _load.wait_up(base, proc, timeout=30)

        def health(session: object, i: int) -> int:
            return session.get(base + "/api/v1/health", timeout=30).status_code  # type: ignore[attr-defined]

        rng = random.Random(1)
        picks = [(rng.choice(tokens), rng.choice(item_ids)) for _ in range(args.requests)]

        def redeem(session: object, i: int) -> int:
            token, item = picks[i]
            return session.post(  # type: ignore[attr-defined]
                f"{base}/api/v1/points/items/{item}/redeem",
                json={"quantity": 1},
                headers={"Authorization": f"Bearer {token}"},
                timeout=30,
            ).status_code

        host = f"127.0.0.1:{port}"

        def health_bytes(i: int) -> bytes:
            return _load.request_bytes("GET", "/api/v1/health", host)

        def redeem_bytes(i: int) -> bytes:
            token, item = picks[i]
            return _load.request_bytes(
                "POST",
                f"/api/v1/points/items/{item}/redeem",
                host,
                body=b'{"quantity": 1}',
                headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
            )

        def phase(threads: int, total: int, call: Any, build: Any) -> tuple:
            if args.client == "requests":
                return _load.threaded(threads, total, args.seconds, call)
            prepared = [build(i) for i in range(total)]  # type: ignore[operator]
            return _load.run("127.0.0.1", port, prepared, connections=threads, seconds=args.seconds)

        # Warm both paths (connections, imports) before measuring.
        phase(4, 100, health, health_bytes)
        phase(4, 40, redeem, redeem_bytes)
        picks = [(rng.choice(tokens), rng.choice(item_ids)) for _ in range(args.requests)]

        h_rate, h_lat, h_status = phase(args.threads, args.requests, health, health_bytes)
        r_rate, r_lat, r_status = phase(args.threads, args.requests, redeem, redeem_bytes)
        commit_ms = durable_commit_ms(db_url)

        from django.db.models import Sum

        from points.models import Item, LedgerEntry, Redemption
        from points.selectors import check_ledger

        check = check_ledger()
        redeemed = Redemption.objects.aggregate(n=Sum("quantity"))["n"] or 0
        stock_taken = sum(1_000_000 - s for s in Item.objects.values_list("stock", flat=True))
        debits = LedgerEntry.objects.filter(kind="debit").count()
        consistent = check.ok and redeemed == stock_taken == debits
        connections.close_all()

        print()
        client = (
            f"{args.threads} threads of requests"
            if args.client == "requests"
            else f"asyncio, {args.threads} connections"
        )
        print(
            f"granian --interface wsgi, {args.workers} workers × {args.blocking_threads} threads; "
            f"client: {client}; {args.items} items; loopback; PostgreSQL"
        )
        print(f"{'endpoint':<34}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}  statuses")
        print(
            f"{'GET /api/v1/health (baseline)':<34}{h_rate:>9.0f}{statistics.median(h_lat):>9.1f}"
            f"{_load.pct(h_lat, 95):>9.1f}  {h_status}"
        )
        print(
            f"{'POST …/items/{id}/redeem':<34}{r_rate:>9.0f}{statistics.median(r_lat):>9.1f}"
            f"{_load.pct(r_lat, 95):>9.1f}  {r_status}"
        )
        print(f"redemptions per second / health requests per second = {r_rate / h_rate:.2f}")
        print(
            f"one durable commit (INSERT + COMMIT, one client) on this server: {commit_ms:.1f} ms"
        )
        print(
            f"after the run: {redeemed} redeemed, stock down by {stock_taken}, {debits} debits, "
            f"ledger check {'ok' if check.ok else 'FAILED'} over {check.entries} entries"
            f" -> {'consistent' if consistent else 'INCONSISTENT'}"
        )
        if not consistent:
            log_tail(log)
            raise SystemExit(1)
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        try:
            from django.db import connections as conns

            conns.close_all()
        except Exception:
            pass
        admin_sql(args.pg, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
