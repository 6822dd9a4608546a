"""Import jobs left unfinished by a process that died are failed (their file deleted); jobs
whose process lives are left alone; a waiting job whose task is gone is queued again.
(test_worker_death kills a real worker.)"""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult

from areas.models import Household
from areas.registers.actions import do_import_register, do_recover_imports
from areas.registers.models import ImportJob
from areas.registers.tasks import recover_import_jobs
from areas.registers.workflow import JobStatus
from core import liveness

from .helpers import HOUSEHOLD_HEADER, csv_bytes, household_rows

pytestmark = pytest.mark.django_db

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def waiting(world, settings, django_capture_on_commit_callbacks):
    """A background job stored with its file, its task queued (the database backend)."""
    settings.LINLI_IMPORT_BACKGROUND_ROWS = 5
    settings.TASKS = DATABASE_BACKEND

    def make() -> ImportJob:
        with django_capture_on_commit_callbacks(execute=True):
            return do_import_register(
                "households",
                filename="h.csv",
                content=csv_bytes([HOUSEHOLD_HEADER, *household_rows(10)]),
                actor=world.users["community_staff"],
            )

    return make


def _dead_token() -> int:
    with liveness.alive() as token:
        assert liveness.lives(token)
    assert not liveness.lives(token)
    return token


@pytest.mark.parametrize("status", [JobStatus.VALIDATING, JobStatus.WRITING])
def test_it_fails_an_unfinished_job_whose_process_died_and_deletes_its_file(waiting, status):
    job = waiting()
    assert bytes(ImportJob.objects.get(pk=job.pk).content)
    ImportJob.objects.filter(pk=job.pk).update(status=status, runner=_dead_token())
    assert do_recover_imports() == ([job.pk], [])
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.finished and bytes(job.content) == b""
    assert job.message_text == (
        "导入中断：运行它的进程在完成前退出了。没有导入任何数据，请重新导入该文件。"
    )
    assert not Household.objects.filter(code="EC1B1H10").exists()
    assert do_recover_imports() == ([], [])  # failed once


def test_it_fails_an_inline_job_whose_web_server_died_before_claiming_it(world):
    """An inline job is stored with its runner's token before it is claimed."""
    job = ImportJob.objects.create(
        register="households", filename="h.csv", content=b"", runner=_dead_token()
    )
    assert do_recover_imports() == ([job.pk], [])
    assert ImportJob.objects.get(pk=job.pk).status == JobStatus.FAILED


def test_it_leaves_a_job_whose_process_lives(waiting):
    job = waiting()
    with liveness.alive() as token:
        ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.WRITING, runner=token)
        assert do_recover_imports() == ([], [])
    assert ImportJob.objects.get(pk=job.pk).status == JobStatus.WRITING


def test_it_queues_a_waiting_job_again_when_its_task_is_gone(waiting):
    job = waiting()
    tasks = DBTaskResult.objects.filter(task_path__endswith=".run_import_job")
    assert tasks.count() == 1
    assert do_recover_imports() == ([], [])  # its task waits in the queue
    tasks.delete()  # the web server died between storing the job and queueing it
    assert do_recover_imports() == ([], [job.pk])
    assert [t.args_kwargs["args"] for t in tasks] == [[job.pk]]
    assert do_recover_imports() == ([], [])


def test_the_check_waits_in_the_queue_only_while_a_job_is_unfinished(waiting):
    checks = DBTaskResult.objects.filter(task_path__endswith=".recover_import_jobs", status="READY")
    first, second = waiting(), waiting()
    assert checks.count() == 1  # every import schedules it, once
    checks.delete()
    recover_import_jobs.call()
    assert checks.count() == 1  # jobs wait: it checks again
    checks.delete()
    ImportJob.objects.filter(pk__in=[first.pk, second.pk]).update(status=JobStatus.DONE)
    recover_import_jobs.call()
    assert not checks.exists()
