"""Background tasks of the points app (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from points.actions import do_expire_points


@task()
def expire_points() -> int:
    """The annual expiry: schedule it daily (it writes nothing until a year's points are due)."""
    return do_expire_points()
