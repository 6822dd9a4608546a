"""Case intake under concurrency, served by granian (WSGI, as `make serve` runs it) on free
loopback ports, beside the same application's trivial GET /api/v1/health and beside its own
ceiling with storage free, all in the same run.

Creates a scratch database (PostgreSQL when DATABASE_URL points at a server, else SQLite
in a temporary directory), a synthetic district of 1,000 grids with a desk worker per
community, a resident with an API token and an Open311 API key; starts two granians on it:
the application (`linli.wsgi`) and its dry-store twin (`bench/_intake_dry.py`: the same
application with the intake's database writes replaced by nothing, each report handed a
made-up key). Then, for each of `--rounds` rounds, one phase after the other with the same
client and bounds:

  health    GET  /api/v1/health             (the trivial JSON endpoint, through the same
                                             middleware and django-ninja API object)
  dry       POST /api/v1/cases/ on the dry twin: every report checked, routed, given its
                                             deadline, its rows built and the answer
                                             rendered, nothing stored (the ceiling)
  intake    POST /api/v1/cases/             (token auth, Idempotency-Key, routing through
                                             the STRtree, deadline, the case, its history,
                                             an audit row, the desk notices; the answer is
                                             the case with its timeline; reports that
                                             arrive together commit together,
                                             core/groupcommit.py)
  open311   POST /open311/v2/requests.json  (api_key, the same intake plus the Open311 record)

The phases alternate round by round, so a machine whose load changes during the run (other
jobs on the same cores) weighs on each alike. The aim: intake ≥ 0.60 of the dry ceiling,
that is, storage costs at most 40 % (intake/health is printed for reference).

The client (`--client`): by default `bench/_load.py`, one asyncio process keeping
`--threads` keep-alive connections busy with prepared requests (tens of microseconds of
client CPU per request). `--client requests` is the earlier client, Python `requests` from
`--threads` threads, which costs about a millisecond of CPU per request on the same two
cores as the server: it caps the baseline and so flatters the ratio. Every phase uses the
same client.

Afterwards every 201 of the application must be one stored case, the dry twin must have
stored none, and a retry of an API report with its Idempotency-Key must answer the same case
without a second one. The servers and the database are removed.

    python bench/case_intake.py [--threads 16] [--requests 2000] [--seconds 20]
                                [--rounds 2] [--client asyncio|requests]
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
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--threads", type=int, default=16, help="client threads (every phase)")
    ap.add_argument("--requests", type=int, default=2000, help="requests per phase (bound)")
    ap.add_argument("--seconds", type=float, default=20, help="time per phase (bound)")
    ap.add_argument("--rounds", type=int, default=2, help="rounds of alternating phases")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--blocking-threads", type=int, default=16, help="as `make serve`")
    ap.add_argument(
        "--client",
        choices=["asyncio", "requests"],
        default="asyncio",
        help="load generator for every phase (see above)",
    )
    args = ap.parse_args()

    procs: list[subprocess.Popen[bytes]] = []
    log = server_log()
    with scratch_database("intake") as vendor:
        try:
            setup_django()
            migrate()
            from django.db import connections

            from accounts.models import ApiToken, User
            from cases.open311.actions import do_issue_api_key, service_account

            made = district()
            desk_staff(made)
            _key, key = do_issue_api_key(name="bench", user=service_account("bench"), actor=None)
            resident = User.objects.create(phone="13900000000", name="居民")
            _token, token = ApiToken.issue(resident, "bench")
            connections.close_all()

            env = dict(os.environ, DEBUG="0")
            dry_env = dict(env, PYTHONPATH=os.pathsep.join([str(ROOT / "bench"), str(ROOT)]))
            ports = {}
            for name, app, app_env in (
                ("app", "linli.wsgi:application", env),
                ("dry", "_intake_dry:application", dry_env),
            ):
                ports[name] = _load.free_port()
                procs.append(
                    _load.granian(
                        ports[name],
                        workers=args.workers,
                        threads=args.blocking_threads,
                        env=app_env,
                        log=log,
                        app=app,
                    )
                )
            for name, proc in zip(ports, procs, strict=True):
                _load.wait_up(f"http://127.0.0.1:{ports[name]}", proc)

            load = Load(args, made["bbox"], token, key)
            results = measure(args, load, ports)
            replay_ok, replay = check_replay(load, ports["app"])
            connections.close_all()
            ok = report(args, vendor, len(made["grids"]), results, replay_ok, replay)
            if not ok:
                log_tail(log)
                raise SystemExit(1)
        finally:
            for proc in procs:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()


class Load:
    """The prepared requests of each phase, and how to send them."""

    def __init__(self, args: Any, bbox: tuple[float, ...], token: str, key: str) -> None:
        self.args, self.bbox, self.token, self.key = args, bbox, token, key
        self.rng = random.Random(3)
        self.run = "warm"
        self.picks = self.points(args.requests)

    def points(self, n: int) -> list[tuple[float, float, str]]:
        x0, y0, x1, y1 = self.bbox
        codes = ["S0101", "S0102", "B0103", "S0501", "Z0302"]
        rng = self.rng
        return [(rng.uniform(x0, x1), rng.uniform(y0, y1), rng.choice(codes)) for _ in range(n)]

    def api_body(self, i: int) -> dict[str, Any]:
        lon, lat, code = self.picks[i]
        return {"category": code, "lon": lon, "lat": lat, "description": f"路面问题 #{i}"}

    def api_headers(self, i: int) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", "Idempotency-Key": f"{self.run}-{i}"}

    def open311_body(self, i: int) -> dict[str, str]:
        lon, lat, code = self.picks[i]
        return {
            "api_key": self.key,
            "service_code": code,
            "lat": f"{lat:.6f}",
            "long": f"{lon:.6f}",
            "description": f"路面问题 #{i}",
        }

    def request(self, kind: str, port: int, i: int) -> bytes:
        host = f"127.0.0.1:{port}"
        if kind == "health":
            return _load.request_bytes("GET", "/api/v1/health", host)
        if kind == "open311":
            return _load.request_bytes(
                "POST",
                "/open311/v2/requests.json",
                host,
                body=urlencode(self.open311_body(i)).encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            )
        return _load.request_bytes(
            "POST",
            "/api/v1/cases/",
            host,
            body=json.dumps(self.api_body(i)).encode(),
            headers={"Content-Type": "application/json"} | self.api_headers(i),
        )

    def call(self, kind: str, port: int, session: Any, i: int) -> int:
        base = f"http://127.0.0.1:{port}"
        if kind == "health":
            answer = session.get(base + "/api/v1/health", timeout=30)
        elif kind == "open311":
            answer = session.post(
                base + "/open311/v2/requests.json", data=self.open311_body(i), timeout=30
            )
        else:
            answer = session.post(
                base + "/api/v1/cases/",
                json=self.api_body(i),
                headers=self.api_headers(i),
                timeout=30,
            )
        return int(answer.status_code)

    def phase(
        self, kind: str, port: int, threads: int, total: int
    ) -> tuple[float, list[float], dict[int, int]]:
        """(answers per second, latencies in ms, statuses) of `total` requests of `kind`."""
        if self.args.client == "requests":
            return _load.threaded(
                threads, total, self.args.seconds, lambda s, i: self.call(kind, port, s, i)
            )
        prepared = [self.request(kind, port, i) for i in range(total)]
        return _load.run(
            "127.0.0.1", port, prepared, connections=threads, seconds=self.args.seconds
        )


# (label, kind of request, server)
PHASES = [
    ("GET /api/v1/health (baseline)", "health", "app"),
    ("POST /api/v1/cases/ dry store (ceiling)", "api", "dry"),
    ("POST /api/v1/cases/", "api", "app"),
    ("POST /open311/v2/requests.json", "open311", "app"),
]


def measure(args: Any, load: Load, ports: dict[str, int]) -> dict[str, list[Any]]:
    """Each phase's (rate, latencies, statuses, cases stored) per round, by label."""
    from cases.models import Case

    # Warm every path of both servers (connections, the routing index, imports) first.
    for _label, kind, server in PHASES:
        load.run = f"warm-{server}-{kind}"
        load.phase(kind, ports[server], 4, 100 if kind == "health" else 40)
    results: dict[str, list[Any]] = {label: [] for label, _k, _s in PHASES}
    for n in range(args.rounds):
        for label, kind, server in PHASES:
            load.picks = load.points(args.requests)
            load.run = f"{n}-{server}-{kind}"
            before = Case.objects.count()
            rate, lat, status = load.phase(kind, ports[server], args.threads, args.requests)
            results[label].append((rate, lat, status, Case.objects.count() - before))
    return results


def check_replay(load: Load, port: int) -> tuple[bool, int]:
    """A retry with a used Idempotency-Key answers the same case and stores none."""
    import requests

    from cases.models import Case

    before = Case.objects.count()
    load.run = "0-app-api"
    load.picks = load.points(1)
    with requests.Session() as session:
        replay = load.call("api", port, session, 0)
    return replay == 200 and Case.objects.count() == before, replay


def report(
    args: Any,
    vendor: str,
    grids: int,
    results: dict[str, list[Any]],
    replay_ok: bool,
    replay: int,
) -> bool:
    """Print the figures side by side; answers whether every check held."""
    client = (
        f"{args.threads} requests threads"
        if args.client == "requests"
        else f"asyncio, {args.threads} keep-alive connections"
    )
    print(
        f"granian --interface wsgi, {args.workers} workers × {args.blocking_threads} threads "
        f"(the application and its dry-store twin); client: {client}; loopback; {vendor}; "
        f"{grids} grids; {args.rounds} rounds"
    )
    print(f"{'endpoint':<42}{'req/s by round':>22}{'all':>7}{'p50 ms':>8}{'p95 ms':>8}  statuses")
    overall = {}
    for label, rounds in results.items():
        answers = sum(len(r[1]) for r in rounds)
        seconds = sum(len(r[1]) / r[0] for r in rounds if r[0])
        overall[label] = answers / seconds if seconds else 0.0
        lat = [ms for r in rounds for ms in r[1]]
        statuses: dict[int, int] = {}
        for r in rounds:
            for code, count in r[2].items():
                statuses[code] = statuses.get(code, 0) + count
        by_round = " / ".join(f"{r[0]:.0f}" for r in rounds)
        print(
            f"{label:<42}{by_round:>22}{overall[label]:>7.0f}{statistics.median(lat):>8.1f}"
            f"{_load.pct(lat, 95):>8.1f}  {statuses}"
        )
    health, dry = (overall[label] for label, _k, _s in PHASES[:2])
    ratios = [results[PHASES[2][0]][n][0] / results[PHASES[1][0]][n][0] for n in range(args.rounds)]
    for label, _kind, _server in PHASES[2:]:
        print(
            f"{label}: / dry store = {overall[label] / dry:.2f} (aim ≥ 0.60), "
            f"/ health = {overall[label] / health:.2f}"
        )
    print("POST /api/v1/cases/ / dry store by round: " + " / ".join(f"{r:.2f}" for r in ratios))
    print(f"dry store / health = {dry / health:.2f} (the ceiling of the request path)")
    ok = replay_ok
    for label, _kind, server in PHASES[1:]:
        stored = sum(r[3] for r in results[label])
        created = sum(r[2].get(201, 0) for r in results[label])
        codes = {code for r in results[label] for code in r[2]}
        expected = created if server == "app" else 0
        ok = ok and stored == expected and codes == {201}
        print(f"  {label}: {stored} cases stored for {created} created answers")
    verdict = "the same case, none stored" if replay_ok else "WRONG"
    print(f"retry with a used Idempotency-Key: {replay}, {verdict}")
    print("consistent" if ok else "INCONSISTENT")
    return ok


if __name__ == "__main__":
    main()
