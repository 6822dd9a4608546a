"""Helpers for the case benchmarks: a scratch database and a synthetic district.

The scratch database is PostgreSQL when DATABASE_URL points at a server (a new database
is created there and dropped afterwards), else a SQLite file in a temporary directory.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# A benchmark is a development run: its scratch servers need no SECRET_KEY of their own.
os.environ.setdefault("LINLI_DEMO", "1")


def admin_sql(url: str, sql: str) -> None:
    """Run `sql` outside a transaction on the server at `url` (CREATE/DROP DATABASE)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)


@contextlib.contextmanager
def scratch_database(label: str) -> Iterator[str]:
    """Sets DATABASE_URL to a fresh database for the block; answers "postgresql" or "sqlite"."""
    server = os.environ.get("DATABASE_URL", "")
    if server.startswith(("postgres://", "postgresql://")):
        name = f"linli_bench_{label}_{os.getpid()}"
        parts = urlsplit(server)
        admin = urlunsplit(parts._replace(path="/postgres"))
        admin_sql(admin, f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
        try:
            yield "postgresql"
        finally:
            with contextlib.suppress(Exception):
                from django.db import connections

                connections.close_all()
            admin_sql(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            os.environ["DATABASE_URL"] = server
    else:
        folder = tempfile.mkdtemp(prefix=f"linli_bench_{label}_")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        try:
            yield "sqlite"
        finally:
            with contextlib.suppress(Exception):
                from django.db import connections

                connections.close_all()
            shutil.rmtree(folder, ignore_errors=True)
            os.environ.pop("DATABASE_URL", None)


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linli.settings")
    os.environ.setdefault("TASK_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
    import django

    django.setup()


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def mesh(cols: int, rows: int, seed: int = 7) -> list[list[tuple[float, float]]]:
    """A tiling of cols×rows jittered cells (shared corners, 8-vertex rings) around
    120.6 E, 28.0 N, each about 250 m across: a district's grid map of irregular shapes."""
    rng = random.Random(seed)
    step = 0.0025
    corner = {}
    for i in range(cols + 1):
        for j in range(rows + 1):
            jitter = 0 < i < cols and 0 < j < rows
            dx = rng.uniform(-0.3, 0.3) * step if jitter else 0.0
            dy = rng.uniform(-0.3, 0.3) * step if jitter else 0.0
            corner[i, j] = (120.6 + i * step + dx, 28.0 + j * step + dy)

    def mid(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
        return ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)

    cells = []
    for j in range(rows):
        for i in range(cols):
            a, b, c, d = corner[i, j], corner[i + 1, j], corner[i + 1, j + 1], corner[i, j + 1]
            cells.append([a, mid(a, b), b, mid(b, c), c, mid(c, d), d, mid(d, a), a])
    return cells


def district(cols: int = 40, rows: int = 25, per_community: int = 20) -> dict[str, Any]:
    """District → subdistrict → communities → cols×rows grids with mesh polygons."""
    from areas.models import Area

    cells = mesh(cols, rows)
    xs = [p[0] for cell in cells for p in cell]
    ys = [p[1] for cell in cells for p in cell]
    box = {
        "type": "Polygon",
        "coordinates": [
            [
                [min(xs), min(ys)],
                [max(xs), min(ys)],
                [max(xs), max(ys)],
                [min(xs), max(ys)],
                [min(xs), min(ys)],
            ]
        ],
    }
    top = Area.objects.create(code="330324", name="永嘉县", level="district", boundary=box)
    sub = Area.objects.create(
        code="330324001", name="瓯北街道", level="subdistrict", parent=top, boundary=box
    )
    communities = Area.objects.bulk_create(
        [
            Area(code=f"330324001{n + 1:03d}", name=f"社区{n + 1}", level="community", parent=sub)
            for n in range((len(cells) + per_community - 1) // per_community)
        ]
    )
    grids = Area.objects.bulk_create(
        [
            Area(
                code=f"{communities[n // per_community].code}{n % per_community + 1:03d}",
                name=f"网格{n + 1}",
                level="grid",
                parent=communities[n // per_community],
                boundary={"type": "Polygon", "coordinates": [[list(p) for p in cell]]},
            )
            for n, cell in enumerate(cells)
        ]
    )
    return {
        "district": top,
        "subdistrict": sub,
        "communities": communities,
        "grids": grids,
        "cells": cells,
        "bbox": (min(xs), min(ys), max(xs), max(ys)),
    }


def desk_staff(made: dict[str, Any]) -> list[Any]:
    """A community staff member (desk role) for each community of `made` (`district()`)."""
    from accounts.models import RoleAssignment, User

    staff = User.objects.bulk_create(
        [
            User(phone=f"1380000{n:04d}", name=f"社区干部{n}", password="!")
            for n in range(len(made["communities"]))
        ]
    )
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(user=u, role="community_staff", area=c)
            for u, c in zip(staff, made["communities"], strict=True)
        ]
    )
    return staff


def server_log() -> Any:
    """A file for a benchmarked server's stderr: a pipe nobody reads would fill up with error
    logs and stall the server mid-run. `log_tail(f)` prints its end after a failure."""
    return tempfile.TemporaryFile()


def log_tail(log: Any, size: int = 4000) -> None:
    log.seek(0, os.SEEK_END)
    log.seek(max(0, log.tell() - size))
    print("--- server log (end) ---")
    print(log.read().decode(errors="replace"))
