"""Background tasks of the core app, run by `manage.py db_worker`."""

from __future__ import annotations

from django_tasks import task

from core.notify import deliver


@task()
def deliver_notifications(ids: list[int]) -> int:
    """Send stored inbox rows through the outside channel (`LINLI_NOTIFY_CHANNEL`)."""
    return deliver(ids)
