"""Background tasks, run by `manage.py db_worker`.

The deadline sweep keeps itself scheduled: each run enqueues the next one
`LINLI_SWEEP_EVERY_SECONDS` later (default 300) with `run_after`, and at most one
run waits in the queue (core.scheduling). `manage.py sweep_deadlines --enqueue` (and the
demo) start it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django_tasks import task

from cases.sweep import sweep_deadlines
from core.scheduling import schedule_once
from core.timeutil import now

DEFAULT_EVERY = 300


@task()
def sweep_deadlines_task() -> int:
    """Escalate overdue cases, then schedule the next sweep."""
    escalated = sweep_deadlines()
    schedule_sweep()
    return escalated


def schedule_sweep(delay: float | None = None) -> bool:
    """Put the next sweep in the queue (`delay` seconds from now, default every
    LINLI_SWEEP_EVERY_SECONDS) unless one already waits there; 0 switches the sweep off.
    Returns whether a run was enqueued."""
    every = getattr(settings, "LINLI_SWEEP_EVERY_SECONDS", DEFAULT_EVERY)
    if not every:
        return False
    return schedule_once(
        sweep_deadlines_task, now() + dt.timedelta(seconds=every if delay is None else delay)
    )
