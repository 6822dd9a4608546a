"""The routing index follows grid changes that bypass `save()`, and other processes see them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

from areas.registers.actions import do_import_register
from areas.registers.tests.helpers import csv_bytes
from areas.registers.workflow import JobStatus
from cases import routing
from tests.factories import square

pytestmark = pytest.mark.django_db

FAR = (120.70, 28.0)  # east of every grid of the test world


def test_a_grid_imported_from_a_register_routes_at_once(world):
    assert routing.place(*FAR) is None
    rows = [
        ["Area code", "Name", "Level", "Parent code", "Kind", "Boundary (GeoJSON)"],
        [
            "330324001001009",
            "东第9网格",
            "grid",
            "330324001001",
            "residential",
            json.dumps(square(120.69, 27.99, 0.02)),
        ],
    ]
    job = do_import_register(
        "areas", filename="grids.csv", content=csv_bytes(rows), actor=world.users["admin"]
    )
    assert job.status == JobStatus.DONE, job.errors
    placed = routing.place(*FAR)
    assert placed is not None and placed.area_code == "330324001001009"


def test_another_process_invalidating_the_index_reaches_this_one(world):
    built = routing.index()
    assert routing.index() is built
    location = settings.CACHES["default"].get("LOCATION")
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="linli.settings")
    if location:
        env["LINLI_CACHE_DIR"] = location
    if settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        pytest.skip("a per-process cache is configured")
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from cases import routing; routing.invalidate()",
        ],
        env=env,
        check=True,
        cwd=settings.BASE_DIR,
    )
    assert routing.index() is not built
