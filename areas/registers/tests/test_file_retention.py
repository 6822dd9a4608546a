"""An uploaded register file (full phone and ID numbers) is not kept once its job finishes."""

from __future__ import annotations

import pytest

from areas.registers.actions import do_import_register
from areas.registers.models import ImportJob
from areas.registers.workflow import JobStatus

from .helpers import HOUSEHOLD_HEADER, csv_bytes, household_rows

pytestmark = pytest.mark.django_db


def _stored(job: ImportJob) -> bytes:
    return bytes(ImportJob.objects.get(pk=job.pk).content)


def test_it_keeps_a_background_file_only_until_the_job_finishes(
    world, settings, django_capture_on_commit_callbacks
):
    settings.LINLI_IMPORT_BACKGROUND_ROWS = 5
    content = csv_bytes([HOUSEHOLD_HEADER, *household_rows(10)])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = do_import_register(
            "households", filename="h.csv", content=content, actor=world.users["community_staff"]
        )
    assert _stored(job) == content  # the worker reads it from here
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.created_count == 10
    assert _stored(job) == b""
    assert job.filename == "h.csv" and job.total == 10  # the report stays


def test_it_drops_the_file_of_a_rejected_background_job_and_keeps_its_errors(
    world, settings, django_capture_on_commit_callbacks
):
    settings.LINLI_IMPORT_BACKGROUND_ROWS = 5
    rows = household_rows(10)
    rows[3][1] = "NOPE"
    with django_capture_on_commit_callbacks(execute=True):
        job = do_import_register(
            "households",
            filename="h.csv",
            content=csv_bytes([HOUSEHOLD_HEADER, *rows]),
            actor=world.users["community_staff"],
        )
    job.refresh_from_db()
    assert job.status == JobStatus.REJECTED and job.errors[0]["row"] == 5
    assert _stored(job) == b""


def test_it_never_stores_the_file_of_an_inline_import(world):
    job = do_import_register(
        "households",
        filename="h.csv",
        content=csv_bytes([HOUSEHOLD_HEADER, *household_rows(2)]),
        actor=world.users["community_staff"],
    )
    assert job.status == JobStatus.DONE and not job.background
    assert _stored(job) == b""
