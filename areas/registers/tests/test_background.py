from __future__ import annotations

import pytest

from areas.models import Household
from areas.registers.actions import do_import_register
from areas.registers.models import ImportJob
from areas.registers.workflow import JobStatus

from .helpers import HOUSEHOLD_HEADER, csv_bytes, household_rows, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_threshold(settings):
    settings.LINLI_IMPORT_BACKGROUND_ROWS = 5


def test_it_imports_a_large_file_as_a_background_task(
    world, small_threshold, django_capture_on_commit_callbacks
):
    seen = []
    content = xlsx_bytes([HOUSEHOLD_HEADER, *household_rows(30)])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = do_import_register(
            "households", filename="h.xlsx", content=content, actor=world.users["community_staff"]
        )
    assert job.background and job.status == JobStatus.PENDING and job.total == 30
    assert not Household.objects.filter(code="EC1B1H10").exists()
    from areas.registers import engine

    original = engine.validate

    def spy(*args, **kwargs):
        report = args[3]

        def progress(count):
            report(count)
            seen.append(ImportJob.objects.get(pk=job.pk).processed)

        return original(args[0], args[1], args[2], progress, every=10)

    engine.validate = spy
    try:
        for callback in callbacks:
            callback()  # the ImmediateBackend runs the task here, as db_worker would
    finally:
        engine.validate = original
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.created_count == 30 and job.processed == 30
    assert seen == [10, 20, 30, 30]
    assert Household.objects.filter(code__startswith="EC1B1H").count() == 32


def test_it_shows_progress_and_polls_until_the_job_finishes(world, small_threshold, login):
    staff = world.users["community_staff"]
    job = do_import_register(
        "households",
        filename="h.csv",
        content=csv_bytes([HOUSEHOLD_HEADER, *household_rows(20)]),
        actor=staff,
    )
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.VALIDATING, processed=5)
    client = login(staff)
    fragment = client.get(f"/registers/jobs/{job.pk}/progress/").content.decode()
    assert 'hx-trigger="every 1s"' in fragment and 'aria-valuenow="25"' in fragment
    assert "已检查 5 行，共约 20 行" in fragment
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.PENDING, processed=0)
    from areas.registers.tasks import run_import_job

    run_import_job.enqueue(job.pk)
    fragment = client.get(f"/registers/jobs/{job.pk}/progress/").content.decode()
    assert "hx-trigger" not in fragment and "progressbar" not in fragment
    assert 'class="created">20<' in fragment


def test_it_rejects_a_background_file_with_bad_rows_and_lists_them(
    world, small_threshold, django_capture_on_commit_callbacks
):
    rows = household_rows(10)
    rows[7][1] = "NOPE"
    with django_capture_on_commit_callbacks(execute=True):
        job = do_import_register(
            "households",
            filename="h.csv",
            content=csv_bytes([HOUSEHOLD_HEADER, *rows]),
            actor=world.users["community_staff"],
        )
    job.refresh_from_db()
    assert job.status == JobStatus.REJECTED and job.error_count == 1
    assert job.errors[0]["row"] == 9
    assert not Household.objects.filter(code="EC1B1H10").exists()


def test_it_runs_a_job_only_once(world, small_threshold, django_capture_on_commit_callbacks):
    from areas.registers.actions import do_run_import

    with django_capture_on_commit_callbacks(execute=True):
        job = do_import_register(
            "households",
            filename="h.csv",
            content=csv_bytes([HOUSEHOLD_HEADER, *household_rows(10)]),
            actor=world.users["community_staff"],
        )
    again = do_run_import(job.pk)
    assert again.status == JobStatus.DONE and again.created_count == 10
    assert Household.objects.filter(code__startswith="EC1B1H").count() == 12


def test_it_moves_a_job_only_along_its_table(world, small_threshold) -> None:
    """A finished job stays finished: its moves go through core.workflow and its JOBS table."""
    from django.db import transaction

    from areas.registers.actions import _move
    from core.refusal import Conflict

    job = do_import_register(
        "households",
        filename="h.csv",
        content=csv_bytes([HOUSEHOLD_HEADER, *household_rows(10)]),
        actor=world.users["community_staff"],
    )
    job.refresh_from_db()
    assert job.status == JobStatus.PENDING  # waits for the worker (past the threshold)
    with pytest.raises(Conflict), transaction.atomic():
        _move(job, JobStatus.DONE)
    _move(job, JobStatus.FAILED, message="x")
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.finished and bytes(job.content) == b""
    with pytest.raises(Conflict), transaction.atomic():
        _move(job, JobStatus.WRITING)
