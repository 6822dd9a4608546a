"""Background tasks, run by `manage.py db_worker`.

The deadline sweep keeps itself scheduled: each run enqueues the next one
`LINLI_SWEEP_EVERY_SECONDS` later (default 300) with `run_after`, and at most one
run waits in the queue. `manage.py sweep_deadlines --enqueue` (and the demo) start it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from cases.sweep import sweep_deadlines

DEFAULT_EVERY = 300


@task()
def sweep_deadlines_task() -> int:
    """Escalate overdue cases, then schedule the next sweep."""
    escalated = sweep_deadlines()
    schedule_sweep()
    return escalated


def schedule_sweep(delay: float | None = None) -> bool:
    """Put the next sweep in the queue unless one already waits there; only with a backend
    that can defer (the database one). Returns whether a run was enqueued."""
    every = getattr(settings, "LINLI_SWEEP_EVERY_SECONDS", DEFAULT_EVERY)
    backend = sweep_deadlines_task.get_backend()
    if not every or not backend.supports_defer:
        return False
    from django_tasks_db.models import DBTaskResult

    path = f"{sweep_deadlines_task.func.__module__}.{sweep_deadlines_task.func.__name__}"
    if DBTaskResult.objects.filter(task_path=path, status="READY").exists():
        return False
    run_after = timezone.now() + dt.timedelta(seconds=every if delay is None else delay)
    sweep_deadlines_task.using(run_after=run_after).enqueue()
    return True
