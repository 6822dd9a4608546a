"""Background tasks: large register imports run in the worker (`manage.py db_worker`).

While import jobs are unfinished a recovery task waits in the queue
(`LINLI_IMPORT_RECOVERY_SECONDS` ahead, default 60; at most one, `core.scheduling`): it
fails the jobs whose process died and queues again the waiting ones whose task is gone
(`actions.do_recover_imports`). Every import schedules it, so it needs no starting, and it
stays in the queue across a worker's restart: the restarted worker runs it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django_tasks import task

from core.scheduling import schedule_once
from core.timeutil import now

DEFAULT_RECOVERY_EVERY = 60


@task()
def run_import_job(job_id: int) -> str:
    from areas.registers.actions import do_run_import

    return str(do_run_import(job_id).status)


@task()
def recover_import_jobs() -> list[int]:
    """Fail the import jobs whose process died; check again while any job is unfinished."""
    from areas.registers.actions import do_recover_imports
    from areas.registers.models import ImportJob
    from areas.registers.workflow import FINISHED

    failed, _queued = do_recover_imports()
    if ImportJob.objects.exclude(status__in=FINISHED).exists():
        schedule_recovery()
    return failed


def schedule_recovery() -> bool:
    """Put a recovery check in the queue unless one waits there already."""
    every = getattr(settings, "LINLI_IMPORT_RECOVERY_SECONDS", DEFAULT_RECOVERY_EVERY)
    return schedule_once(recover_import_jobs, now() + dt.timedelta(seconds=every))
