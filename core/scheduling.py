"""Self-scheduling background tasks for `manage.py db_worker` (django-tasks, db backend).

A periodic task keeps itself going: each run enqueues its next run with `run_after`, and at
most one run waits in the queue, so starting it twice (a command, the demo) is harmless.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.timeutil import SHANGHAI, now


def task_path(task: Any) -> str:
    return f"{task.func.__module__}.{task.func.__name__}"


def schedule_once(task: Any, run_after: dt.datetime) -> bool:
    """Enqueue `task` to run at `run_after` unless a run of it already waits in the queue.
    With a backend that cannot defer (the immediate one in tests) only a run that is due now
    is enqueued, which runs it at once. Returns whether a run was enqueued."""
    backend = task.get_backend()
    if not backend.supports_defer:
        if run_after > now():
            return False
        task.enqueue()
        return True
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult.objects.filter(task_path=task_path(task), status="READY").exists():
        return False
    task.using(run_after=run_after).enqueue()
    return True


def next_local_time(at: dt.time, after: dt.datetime | None = None) -> dt.datetime:
    """The first moment after `after` (default now) whose Asia/Shanghai wall clock reads `at`."""
    start = (after or now()).astimezone(SHANGHAI)
    candidate = dt.datetime.combine(start.date(), at, tzinfo=SHANGHAI)
    if candidate <= start:
        candidate = dt.datetime.combine(start.date() + dt.timedelta(days=1), at, tzinfo=SHANGHAI)
    return candidate
