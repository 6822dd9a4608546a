"""Fault test: the worker running an import is killed (kill -9) in the middle of writing it.
A worker started again finds the job, fails it and deletes its file; nothing of the import
was written. Real processes on the test's database: PostgreSQL, or on SQLite a file copy of
the in-memory test database."""

from __future__ import annotations

import datetime as dt
import json
import os
import select
import signal
import sqlite3
import subprocess
import sys
import time
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django_tasks_db.models import DBTaskResult

from areas.models import Household
from areas.registers.actions import do_import_register
from areas.registers.models import ImportJob
from areas.registers.workflow import JobStatus
from core.timeutil import now

from .helpers import HOUSEHOLD_HEADER, csv_bytes, household_rows

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _database_url(tmp_path: Any) -> str:
    """A URL the worker processes reach the test's (committed) data at."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
        return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    path = tmp_path / "db.sqlite3"
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    connection.connection.backup(copy)
    copy.close()
    return f"sqlite:///{path}"


def _child(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "areas.registers.tests.worker_child", *args],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _gone(backend_pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [backend_pid])
        return cursor.fetchone()[0] == 0


@pytest.mark.django_db(transaction=True)
def test_a_job_whose_worker_was_killed_while_writing_ends_failed_with_nothing_written(
    world, settings, tmp_path
):
    settings.LINLI_IMPORT_BACKGROUND_ROWS = 5
    settings.TASKS = DATABASE_BACKEND
    households = Household.objects.count()
    job = do_import_register(
        "households",
        filename="h.csv",
        content=csv_bytes([HOUSEHOLD_HEADER, *household_rows(20)]),
        actor=world.users["community_staff"],
    )
    assert job.status == JobStatus.PENDING and job.background
    queued = sorted(
        p.rsplit(".", 1)[1] for p in DBTaskResult.objects.values_list("task_path", flat=True)
    )
    assert queued == ["recover_import_jobs", "run_import_job"]  # the check waits a minute
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "linli.settings",
        "DATABASE_URL": _database_url(tmp_path),
        "TASK_BACKEND": "django_tasks_db.DatabaseBackend",
        "LINLI_CACHE_DIR": str(settings.CACHES["default"].get("LOCATION", "")),
    }

    worker = _child(env, "run")
    try:
        ready, _, _ = select.select([worker.stdout], [], [], 120)
        said = worker.stdout.readline() if ready else ""  # type: ignore[union-attr]
        assert said.startswith("writing"), worker.stderr.read() if worker.poll() else said  # type: ignore[union-attr]
        os.kill(worker.pid, signal.SIGKILL)
    finally:
        worker.kill()
        worker.wait()
    backend = int(said.split()[1])
    if backend:  # PostgreSQL ends the dead worker's session (its lock, its transaction)
        deadline = time.monotonic() + 30
        while not _gone(backend) and time.monotonic() < deadline:
            time.sleep(0.05)

    later = (now() + dt.timedelta(seconds=61)).isoformat()  # the check is due
    restarted = _child(env, "restart", later)
    out, err = restarted.communicate(timeout=120)
    assert restarted.returncode == 0, err
    report = json.loads(out.strip().splitlines()[-1])
    assert report["status"] == JobStatus.FAILED and report["finished"]
    assert "中断" in report["message"]
    assert report["file"] == 0  # the uploaded file (names, phones) is gone
    assert report["households"] == households and report["imports_audited"] == 0
    # The killed run's task row stays as the dead worker left it; the check ran and stopped.
    assert report["tasks"] == ["recover_import_jobs:SUCCESSFUL", "run_import_job:RUNNING"]
    if connection.vendor == "postgresql":
        assert ImportJob.objects.get().status == JobStatus.FAILED
