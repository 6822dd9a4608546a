"""Background tasks, run by `manage.py db_worker`.

The stalled-wish flag runs every morning and keeps itself scheduled (one pending run at
most); `manage.py flag_stalled_wishes --enqueue` and the demo start it.
"""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from core.scheduling import next_local_time, schedule_once
from core.timeutil import now
from volunteering.actions import do_flag_stalled_wishes

FLAG_AT = dt.time(7, 30)  # Asia/Shanghai: before the community office opens


@task()
def flag_stalled_wishes_task() -> int:
    """Tell staff about unclaimed or stalled micro-wishes, then schedule the next run."""
    flagged = do_flag_stalled_wishes()
    schedule_flagging()
    return flagged


def schedule_flagging(*, at_once: bool = False) -> bool:
    """Put the next flagging run in the queue (now, or at the next FLAG_AT) unless one waits."""
    return schedule_once(flag_stalled_wishes_task, now() if at_once else next_local_time(FLAG_AT))
