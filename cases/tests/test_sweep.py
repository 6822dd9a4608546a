import datetime as dt
from typing import Any

import time_machine
from django.core.management import call_command

from cases import actions as A
from cases.models import Case
from cases.sweep import sweep_deadlines
from cases.tasks import sweep_deadlines_task
from cases.tests.helpers import report
from cases.workflow import Level, Status
from core.models import Notification
from core.timeutil import SHANGHAI

MONDAY_9 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)


def test_it_escalates_overdue_cases_one_level_once_and_flags_them(world: Any) -> None:
    with time_machine.travel(MONDAY_9, tick=False):
        late = report(world)  # accept within 2 working hours: 11:00
        A.do_accept_case(report(world), actor=world.users["community_staff"])
        done = report(world)
        A.do_reject_case(done, actor=world.users["community_staff"], reason="重复")
    with time_machine.travel(MONDAY_9 + dt.timedelta(hours=3), tick=False):
        assert sweep_deadlines() == 1
        assert sweep_deadlines() == 0
    late.refresh_from_db()
    assert late.overdue and late.level == Level.COMMUNITY and late.status == Status.REPORTED
    t = late.transitions.last()
    assert t is not None
    assert (t.action, t.from_level, t.to_level) == ("overdue", 0, 1)
    assert t.at == MONDAY_9 + dt.timedelta(hours=3) and t.to_status == Status.REPORTED
    assert Notification.objects.filter(
        user=world.users["community_staff"], url="/cases/desk/?overdue=1"
    ).exists()
    assert Case.objects.filter(overdue=True).count() == 1


def test_it_sweeps_in_batches_from_the_command_and_the_task(world: Any) -> None:
    with time_machine.travel(MONDAY_9, tick=False):
        for _ in range(5):
            report(world)
    with time_machine.travel(MONDAY_9 + dt.timedelta(days=1), tick=False):
        assert sweep_deadlines(batch=2) == 5
    with time_machine.travel(MONDAY_9, tick=False):
        report(world)
    with time_machine.travel(MONDAY_9 + dt.timedelta(days=1), tick=False):
        call_command("sweep_deadlines")
        assert Case.objects.filter(overdue=False).count() == 0
    with time_machine.travel(MONDAY_9, tick=False):
        report(world)
    with time_machine.travel(MONDAY_9 + dt.timedelta(days=1), tick=False):
        sweep_deadlines_task.enqueue()
    assert Case.objects.filter(overdue=False).count() == 0


def test_it_keeps_one_sweep_scheduled_for_the_database_worker(world: Any, settings: Any) -> None:
    from django_tasks_db.models import DBTaskResult

    from cases.tasks import schedule_sweep

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("sweep_deadlines", "--enqueue")
    assert not schedule_sweep()
    pending = DBTaskResult.objects.get()
    assert pending.status == "READY" and pending.task_path.endswith("sweep_deadlines_task")
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert not schedule_sweep()
