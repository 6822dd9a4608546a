"""The group-commit leader's turn of the case intake: CPU time and wall time per group, the way
the intake stores now beside the way it stored before, in the same run.

While a leader writes a group, everyone queued behind it waits, and under load its CPU work
is sliced with the request threads' (the GIL), so the CPU it spends in its turn is what the
turn costs. On PostgreSQL, Django's driver binds values into the statement's text on the
client; the intake now renders each case's VALUES while preparing the report
(`core.bulk.rendered`), so the leader sends text (`insert_rendered`). The baseline binds the
same rows in the turn (`insert_params`), as before. On SQLite the driver binds in C and both
ways are the same (printed as such).

Prepares `--reports` reports of a synthetic district (checked, routed, their rows built, not
stored), then stores them in groups of `--group`, alternating the two ways group by group.

    python bench/intake_leader.py [--reports 2400] [--group 4]
"""

from __future__ import annotations

import argparse
import random
import time
from typing import Any

from _scratch import desk_staff, district, migrate, scratch_database, setup_django


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--reports", type=int, default=2400)
    ap.add_argument("--group", type=int, default=4)
    args = ap.parse_args()
    with scratch_database("leader") as vendor:
        setup_django()
        migrate()
        made = district()
        desk_staff(made)
        items = prepared(made, args.reports)
        figures = measure(items, args.group)
        report(vendor, args, figures, items)


def prepared(made: dict[str, Any], n: int) -> list[Any]:
    """`n` reports checked and built by the intake, held back from its writer."""
    from accounts.models import User
    from cases.actions.intake import report as intake_report

    resident = User.objects.create(phone="13900000000", name="居民")
    held: list[Any] = []

    class Holder:
        def submit(self, item: Any, savepoint: bool = False) -> Any:
            held.append(item)
            return item.case

    writer, intake_report.writer = intake_report.writer, Holder()  # type: ignore[assignment]
    try:
        x0, y0, x1, y1 = made["bbox"]
        rng = random.Random(1)
        for i in range(n):
            intake_report.do_report_case(
                actor=resident,
                category="S0101",
                description=f"路面问题 #{i}",
                lon=rng.uniform(x0, x1),
                lat=rng.uniform(y0, y1),
            )
    finally:
        intake_report.writer = writer
    return held


def measure(items: list[Any], size: int) -> dict[str, list[tuple[float, float]]]:
    """(CPU s, wall s) of each group's turn (store and commit), by way."""
    from django.db import transaction

    from cases.actions.intake.store import store

    out: dict[str, list[tuple[float, float]]] = {"rendered": [], "bound": []}
    groups = [items[k : k + size] for k in range(0, len(items), size)]
    for n, group in enumerate(groups):
        way = "rendered" if n % 2 == 0 else "bound"
        if way == "bound":
            for it in group:
                it.case_sql = None  # the baseline: values bound in the turn
        cpu, wall = time.process_time(), time.perf_counter()
        with transaction.atomic():
            store(group)
        out[way].append((time.process_time() - cpu, time.perf_counter() - wall))
    return out


def report(
    vendor: str, args: Any, figures: dict[str, list[tuple[float, float]]], items: list[Any]
) -> None:
    from cases.models import Case

    stored = Case.objects.count()
    print(f"{vendor}; {args.reports} reports in groups of {args.group}; {stored} cases stored")
    print(f"{'the leader turn':<44}{'CPU ms/group':>14}{'wall ms/group':>15}")
    per: dict[str, float] = {}
    for way, label in (
        ("bound", "values bound in the turn (before, baseline)"),
        ("rendered", "VALUES rendered while preparing (now)"),
    ):
        rows = figures[way]
        per[way] = sum(c for c, _w in rows) / len(rows) * 1000
        wall = sum(w for _c, w in rows) / len(rows) * 1000
        print(f"{label:<44}{per[way]:>14.3f}{wall:>15.2f}")
    if vendor != "postgresql":
        print("SQLite binds values itself: both ways are the same here")
    print(f"CPU in the turn, now / before = {per['rendered'] / per['bound']:.2f}")
    ok = stored == len(items)
    print("consistent" if ok else "INCONSISTENT")
    if not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
