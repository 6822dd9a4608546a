"""Case intake under concurrency, served by granian (WSGI, as `make serve` runs it) on a free
loopback port, beside the same server's trivial GET /api/v1/health in the same run.

Creates a scratch database (PostgreSQL when DATABASE_URL points at a server, else SQLite
in a temporary directory), a synthetic district of 1,000 grids with a desk worker per
community, a resident with an API token and an Open311 API key; starts granian; then
measures one after the other, with the same client and bounds:

  baseline  GET  /api/v1/health             (the server's trivial JSON endpoint, through the
                                             same middleware and django-ninja API object)
  measured  POST /api/v1/cases/             (token auth, Idempotency-Key, routing through
                                             the STRtree, deadline, the case, its history,
                                             an audit row, the desk notices; the answer is
                                             the case with its timeline; reports that
                                             arrive together commit together,
                                             core/groupcommit.py)
  measured  POST /open311/v2/requests.json  (api_key, the same intake plus the Open311 record)

The client (`--client`): by default `bench/_load.py`, one asyncio process keeping
`--threads` keep-alive connections busy with prepared requests (tens of microseconds of
client CPU per request). `--client requests` is the earlier client, Python `requests` from
`--threads` threads, which costs about a millisecond of CPU per request on the same two
cores as the server: it caps the baseline and so flatters the ratio. Both phases always use
the same client.

Afterwards every 201 must be one stored case, and a retry of an API report with its
Idempotency-Key must answer the same case without a second one. The server and the
database are removed.

`--dry-store` serves `bench/_intake_dry.py` instead: the same application with the intake's
database writes replaced by nothing (each report gets a made-up key). The ratio it prints is
the ceiling of this request path with storage free; the stored-case checks are skipped.

    python bench/case_intake.py [--threads 16] [--requests 2000] [--seconds 20]
                                [--client asyncio|requests] [--dry-store]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
from typing import Any
from urllib.parse import urlencode

import _load
from _scratch import (
    ROOT,
    desk_staff,
    district,
    log_tail,
    migrate,
    scratch_database,
    server_log,
    setup_django,
)


def main() -> None:
    import requests

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--threads", type=int, default=16, help="client threads (both phases)")
    ap.add_argument("--requests", type=int, default=2000, help="requests per phase (bound)")
    ap.add_argument("--seconds", type=float, default=20, help="time per phase (bound)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--blocking-threads", type=int, default=16, help="as `make serve`")
    ap.add_argument(
        "--client",
        choices=["asyncio", "requests"],
        default="asyncio",
        help="load generator for both phases (see above)",
    )
    ap.add_argument(
        "--dry-store",
        action="store_true",
        help="serve bench/_intake_dry.py: intake without its database writes (a ceiling)",
    )
    args = ap.parse_args()

    proc = None
    log = server_log()
    with scratch_database("intake") as vendor:
        try:
            setup_django()
            migrate()
            from django.db import connections

            from accounts.models import ApiToken, User
            from cases.models import Case
            from cases.open311.actions import do_issue_api_key, service_account

            made = district()
            desk_staff(made)
            _key, key = do_issue_api_key(name="bench", user=service_account("bench"), actor=None)
            resident = User.objects.create(phone="13900000000", name="居民")
            _token, token = ApiToken.issue(resident, "bench")
            connections.close_all()

            port = _load.free_port()
            base = f"http://127.0.0.1:{port}"
            env = dict(os.environ, DEBUG="0")
            app = "linli.wsgi:application"
            if args.dry_store:
                env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "bench"), str(ROOT)])
                app = "_intake_dry:application"
            proc = _load.granian(
                port,
                workers=args.workers,
                threads=args.blocking_threads,
                env=env,
                log=log,
                app=app,
            )
            _load.wait_up(base, proc)

            x0, y0, x1, y1 = made["bbox"]
            rng = random.Random(3)
            codes = ["S0101", "S0102", "B0103", "S0501", "Z0302"]

            def points(n: int) -> list[tuple[float, float, str]]:
                return [
                    (rng.uniform(x0, x1), rng.uniform(y0, y1), rng.choice(codes)) for _ in range(n)
                ]

            picks = points(args.requests)

            def health(session: Any, i: int) -> int:
                return int(session.get(base + "/api/v1/health", timeout=30).status_code)

            def api(session: Any, i: int) -> int:
                lon, lat, code = picks[i]
                return int(
                    session.post(
                        base + "/api/v1/cases/",
                        json={
                            "category": code,
                            "lon": lon,
                            "lat": lat,
                            "description": f"路面问题 #{i}",
                        },
                        headers={
                            "Authorization": f"Bearer {token}",
                            "Idempotency-Key": f"{run}-{i}",
                        },
                        timeout=30,
                    ).status_code
                )

            def open311(session: Any, i: int) -> int:
                lon, lat, code = picks[i]
                return int(
                    session.post(
                        base + "/open311/v2/requests.json",
                        data={
                            "api_key": key,
                            "service_code": code,
                            "lat": f"{lat:.6f}",
                            "long": f"{lon:.6f}",
                            "description": f"路面问题 #{i}",
                        },
                        timeout=30,
                    ).status_code
                )

            host = f"127.0.0.1:{port}"

            def health_bytes(i: int) -> bytes:
                return _load.request_bytes("GET", "/api/v1/health", host)

            def api_bytes(i: int) -> bytes:
                lon, lat, code = picks[i]
                body = json.dumps(
                    {"category": code, "lon": lon, "lat": lat, "description": f"路面问题 #{i}"}
                ).encode()
                return _load.request_bytes(
                    "POST",
                    "/api/v1/cases/",
                    host,
                    body=body,
                    headers={
                        "Content-Type": "application/json",
                        "Authorization": f"Bearer {token}",
                        "Idempotency-Key": f"{run}-{i}",
                    },
                )

            def open311_bytes(i: int) -> bytes:
                lon, lat, code = picks[i]
                body = urlencode(
                    {
                        "api_key": key,
                        "service_code": code,
                        "lat": f"{lat:.6f}",
                        "long": f"{lon:.6f}",
                        "description": f"路面问题 #{i}",
                    }
                ).encode()
                return _load.request_bytes(
                    "POST",
                    "/open311/v2/requests.json",
                    host,
                    body=body,
                    headers={"Content-Type": "application/x-www-form-urlencoded"},
                )

            def phase(
                threads: int, total: int, call: Any, build: Any
            ) -> tuple[float, list[float], dict]:
                if args.client == "requests":
                    return _load.threaded(threads, total, args.seconds, call)
                prepared = [build(i) for i in range(total)]
                return _load.run(
                    "127.0.0.1", port, prepared, connections=threads, seconds=args.seconds
                )

            # Warm every path (connections, the routing index, imports) first.
            run = "warm"
            phase(4, 100, health, health_bytes)
            phase(4, 40, api, api_bytes)
            phases = [
                ("GET /api/v1/health (baseline)", health, health_bytes),
                ("POST /api/v1/cases/", api, api_bytes),
            ]
            if not args.dry_store:  # the Open311 record needs its stored case
                phase(4, 40, open311, open311_bytes)
                phases.append(("POST /open311/v2/requests.json", open311, open311_bytes))
            results = []
            for label, call, build in phases:
                picks = points(args.requests)
                run = label.split()[1]
                before = Case.objects.count()
                rate, lat, status = phase(args.threads, args.requests, call, build)
                results.append((label, rate, lat, status, Case.objects.count() - before))
            # A retry with a used Idempotency-Key answers the same case, stores none.
            before = Case.objects.count()
            run = "/api/v1/cases/"
            with requests.Session() as session:
                replay = api(session, 0)
            replay_ok = args.dry_store or (replay == 200 and Case.objects.count() == before)
            connections.close_all()

            client = (
                f"{args.threads} requests threads"
                if args.client == "requests"
                else f"asyncio, {args.threads} keep-alive connections"
            )
            print(
                f"granian --interface wsgi, {args.workers} workers × {args.blocking_threads} "
                f"threads; client: {client}; loopback; {vendor}; "
                f"{len(made['grids'])} grids"
            )
            print(f"{'endpoint':<38}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}  statuses")
            for label, rate, lat, status, _stored in results:
                print(
                    f"{label:<38}{rate:>9.0f}{statistics.median(lat):>9.1f}"
                    f"{_load.pct(lat, 95):>9.1f}  {status}"
                )
            h_rate = results[0][1]
            ok = replay_ok
            for label, rate, _lat, status, stored in results[1:]:
                print(
                    f"{label}: per second / health per second = {rate / h_rate:.2f} (target ≥ 0.50)"
                )
                created = status.get(201, 0)
                ok = ok and (args.dry_store or stored == created) and set(status) == {201}
                print(f"  {stored} cases stored for {created} created answers")
            if args.dry_store:
                print("dry store: nothing written, so no stored cases and no retry check")
            else:
                verdict = "the same case, none stored" if replay_ok else "WRONG"
                print(f"retry with a used Idempotency-Key: {replay}, {verdict}")
            print("consistent" if ok else "INCONSISTENT")
            if not ok:
                log_tail(log)
                raise SystemExit(1)
        finally:
            if proc is not None:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()


if __name__ == "__main__":
    main()
