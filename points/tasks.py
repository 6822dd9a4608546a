"""Background tasks of the points app, run by `manage.py db_worker`.

The expiry runs every day shortly after local midnight and keeps itself scheduled (one
pending run at most); it writes nothing until a year's points are due, and a second run on
the same day writes nothing again. `manage.py expire_points --enqueue` and the demo start it.
"""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from core.scheduling import next_local_time, schedule_once
from core.timeutil import now
from points.actions import do_expire_points

EXPIRY_AT = dt.time(0, 10)  # Asia/Shanghai: just after a year (and every day) begins


@task()
def expire_points() -> int:
    """Write the expiry entries that are due, then schedule the next daily run."""
    written = do_expire_points()
    schedule_expiry()
    return written


def schedule_expiry(*, at_once: bool = False) -> bool:
    """Put the next expiry run in the queue (now, or at the next EXPIRY_AT) unless one waits."""
    return schedule_once(expire_points, now() if at_once else next_local_time(EXPIRY_AT))
