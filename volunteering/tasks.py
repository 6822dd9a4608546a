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


EVENTS_AT = dt.time(3, 0)  # Asia/Shanghai: in the quiet of the night


@task()
def event_sweep_task() -> dict[str, int]:
    """Every night: the lecture schedules' coming lectures up to the horizon, and the
    no-shows of the events whose check-in has closed; then schedule the next run."""
    from volunteering.actions.lectures import generate_all_lectures
    from volunteering.actions.signups import mark_due_no_shows

    done = {"lectures": generate_all_lectures(), "no_shows": mark_due_no_shows()}
    schedule_event_sweep()
    return done


def schedule_event_sweep(*, at_once: bool = False) -> bool:
    """Put the next event sweep in the queue (now, or at the next EVENTS_AT) unless one waits."""
    return schedule_once(event_sweep_task, now() if at_once else next_local_time(EVENTS_AT))
