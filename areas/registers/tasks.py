"""Background tasks: large register imports run in the worker (`manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_import_job(job_id: int) -> str:
    from areas.registers.actions import do_run_import

    return str(do_run_import(job_id).status)
