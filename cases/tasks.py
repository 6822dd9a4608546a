"""Background tasks, run by `manage.py db_worker`."""

from __future__ import annotations

from django_tasks import task

from cases.sweep import sweep_deadlines


@task()
def sweep_deadlines_task() -> int:
    """Escalate overdue cases; schedule it every few minutes (or run `sweep_deadlines`)."""
    return sweep_deadlines()
