"""Benchmark: importing households from XLSX and CSV through the real import path.

    python bench/import.py [--rows 100000]

Builds a fresh database (SQLite in a temporary directory, or a new PostgreSQL database on
the server of DATABASE_URL, dropped afterwards), a district with the buildings the rows
refer to, and a file of N households in each format. It then measures, in the same run and
on the same database:

  baseline   the same rows as Household objects written with bulk_create (no file, no checks),
             run before and after the imports; the faster of the two is the baseline
  csv/xlsx   do_import_register on the file: type sniffing, header mapping, per-cell parsing,
             bulk reference lookups, area access checks, then the bulk write and the audit entry
  re-import  the same CSV again: every row compared, nothing written

and prints rows/second for each beside the baseline as a ratio.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linli.settings")

HEADER = ["户编码", "楼栋编码", "网格编码", "单元", "楼层", "房号", "地址"]
PER_BUILDING = 100
GRIDS = 20


def fresh_database(tmp: Path) -> tuple[str, Any]:
    """A DATABASE_URL for an empty database, and a function that removes it."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        path = tmp / "bench.sqlite3"
        return f"sqlite:///{path}", lambda: None
    import psycopg

    name = f"linli_bench_{os.getpid()}"
    parts = urlsplit(url)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')

    return urlunsplit(parts._replace(path=f"/{name}")), drop


def build_district(rows: int) -> tuple[Any, list[tuple[str, str, str]]]:
    """Areas, compounds and buildings for `rows` households; returns an editor and the
    (building code, grid code, building name) of each building."""
    from accounts.models import RoleAssignment, User
    from accounts.roles import Role
    from areas.models import Area, Building, Compound

    district = Area.objects.create(code="330324", name="永嘉县", level="district")
    sub = Area.objects.create(
        code="330324001", name="瓯北街道", level="subdistrict", parent=district
    )
    community = Area.objects.create(
        code="330324001001", name="东社区", level="community", parent=sub
    )
    grids = Area.objects.bulk_create(
        Area(
            code=f"330324001001{g + 1:03d}",
            name=f"第{g + 1}网格",
            level="grid",
            parent=community,
            kind="residential",
        )
        for g in range(GRIDS)
    )
    compound = Compound.objects.create(code="C1", name="江景花园", community=community)
    count = -(-rows // PER_BUILDING)
    buildings = Building.objects.bulk_create(
        Building(
            code=f"C1B{b:05d}",
            name=f"江景花园{b + 1}幢",
            compound=compound,
            community=community,
            grid=grids[b % GRIDS],
            lon=120.6 + b * 1e-5,
            lat=28.0,
            floors=20,
            households=PER_BUILDING,
        )
        for b in range(count)
    )
    editor = User.objects.create_user(phone="13700009999", password="bench-only", name="街道干部")
    RoleAssignment.objects.create(user=editor, role=Role.SUBDISTRICT_STAFF, area=sub)
    return editor, [(b.code, grids[i % GRIDS].code, b.name) for i, b in enumerate(buildings)]


def household_rows(rows: int, buildings: list[tuple[str, str, str]]) -> list[list[Any]]:
    out: list[list[Any]] = []
    for n in range(rows):
        code, grid, name = buildings[n // PER_BUILDING]
        k = n % PER_BUILDING
        floor, room = k // 5 + 1, f"{k // 5 + 1}{k % 5 + 1:02d}"
        out.append([f"{code}H{k:03d}", code, grid, k % 2 + 1, floor, room, f"{name}{room}室"])
    return out


def write_files(tmp: Path, rows: list[list[Any]]) -> tuple[Path, Path]:
    import openpyxl

    csv_path = tmp / "households.csv"
    with csv_path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        writer.writerows(rows)
    xlsx_path = tmp / "households.xlsx"
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("住户")
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(xlsx_path)
    return csv_path, xlsx_path


def clear_households() -> None:
    from areas.models import Household

    Household.objects.all()._raw_delete("default")  # type: ignore[attr-defined]


def baseline(rows: list[list[Any]]) -> float:
    """bulk_create of the same rows, with the building and grid ids already at hand."""
    from django.db import transaction

    from areas.models import Area, Building, Household

    buildings = dict(Building.objects.values_list("code", "id"))
    grids = dict(Area.objects.filter(level="grid").values_list("code", "id"))
    start = time.perf_counter()
    with transaction.atomic():
        Household.objects.bulk_create(
            (
                Household(
                    code=code,
                    building_id=buildings[building],
                    grid_id=grids[grid],
                    entrance=entrance,
                    floor=floor,
                    room=room,
                    address=address,
                )
                for code, building, grid, entrance, floor, room, address in rows
            ),
            batch_size=1000,
        )
    return time.perf_counter() - start


def run_import(path: Path, editor: Any, expect: tuple[int, int, int]) -> tuple[float, float]:
    """(total seconds, seconds spent reading and validating) for one real import."""
    from areas.registers.actions import do_import_register

    content = path.read_bytes()
    checked = [0.0]
    start = time.perf_counter()

    def progress(_count: int) -> None:
        checked[0] = time.perf_counter()

    job = do_import_register(
        "households",
        filename=path.name,
        content=content,
        actor=editor,
        background=False,
        progress=progress,
    )
    total = time.perf_counter() - start
    got = (job.created_count, job.updated_count, job.unchanged_count)
    if job.status != "done" or got != expect:
        raise SystemExit(f"import of {path.name} ended {job.status} {got} {job.errors[:3]}")
    return total, checked[0] - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    n = args.rows
    with tempfile.TemporaryDirectory(prefix="linli-bench-") as name:
        tmp = Path(name)
        url, drop = fresh_database(tmp)
        os.environ["DATABASE_URL"] = url
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection

        settings.LOGGING_CONFIG = None
        try:
            call_command("migrate", verbosity=0)
            editor, buildings = build_district(n)
            rows = household_rows(n, buildings)
            csv_path, xlsx_path = write_files(tmp, rows)
            import sqlite3

            version = sqlite3.sqlite_version if connection.vendor == "sqlite" else ""
            print(
                f"linli import benchmark: {n:,} households, {len(buildings):,} buildings, "
                f"{connection.vendor} {version}"
            )
            print(
                f"files: CSV {csv_path.stat().st_size / 1e6:.1f} MB, "
                f"XLSX {xlsx_path.stat().st_size / 1e6:.1f} MB"
            )

            first = baseline(rows)
            clear_households()
            csv_total, csv_check = run_import(csv_path, editor, (n, 0, 0))
            again_total, again_check = run_import(csv_path, editor, (0, 0, n))
            clear_households()
            xlsx_total, xlsx_check = run_import(xlsx_path, editor, (n, 0, 0))
            clear_households()
            # The baseline runs first and last; the faster run is the one compared against.
            base = min(first, baseline(rows))
        finally:
            drop()

    def line(label: str, seconds: float, check: float | None = None) -> str:
        rate = n / seconds
        extra = (
            f"  (read+validate {check:5.2f} s, write {seconds - check:5.2f} s)"
            if check is not None
            else ""
        )
        return f"{label:<28}{seconds:8.2f} s {rate:12,.0f} rows/s {base / seconds:8.2f}x{extra}"

    print(f"{'':<28}{'time':>10} {'rate':>19} {'vs bulk_create':>9}")
    print(line("baseline bulk_create", base))
    print(line("import CSV (all new)", csv_total, csv_check))
    print(line("import XLSX (all new)", xlsx_total, xlsx_check))
    print(line("re-import CSV (unchanged)", again_total, again_check))


if __name__ == "__main__":
    main()
