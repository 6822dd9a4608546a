"""Background tasks, run by `manage.py db_worker`."""

from __future__ import annotations

from django_tasks import task

from volunteering.actions import do_flag_stalled_wishes


@task()
def flag_stalled_wishes_task() -> int:
    """Tell staff about unclaimed or stalled micro-wishes; schedule it daily (or run the
    `flag_stalled_wishes` command)."""
    return do_flag_stalled_wishes()
