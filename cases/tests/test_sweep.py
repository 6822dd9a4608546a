import datetime as dt
from typing import Any

import time_machine
from django.core.management import call_command
from django.utils import translation

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


def test_it_leaves_the_overdue_step_to_its_label_in_the_readers_language(world, login) -> None:
    with time_machine.travel(MONDAY_9, tick=False):
        late = report(world)
    with (
        time_machine.travel(MONDAY_9 + dt.timedelta(hours=3), tick=False),
        translation.override("en"),
    ):
        sweep_deadlines()
    assert late.transitions.get(action="overdue").note == ""
    client = login(world.users["community_staff"])
    page = client.get(f"/cases/{late.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "超期：自动上报督办" in page and "Deadline" not in page


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


def test_it_gives_an_escalated_case_a_new_deadline_and_climbs_level_by_level(world: Any) -> None:
    # S0101: accept within 2 working hours (8:30–12:00, 13:30–17:30), first at grid level.
    with time_machine.travel(MONDAY_9, tick=False):
        case = report(world)
    assert case.accept_due == MONDAY_9 + dt.timedelta(hours=2)

    def sweep_at(moment: dt.datetime) -> int:
        with time_machine.travel(moment, tick=False):
            return sweep_deadlines()

    noon = MONDAY_9.replace(hour=12)
    assert sweep_at(noon) == 1
    case.refresh_from_db()
    # At the community: 2 working hours from noon, after the lunch break.
    assert (case.level, case.overdue) == (Level.COMMUNITY, True)
    assert case.due_at == case.accept_due == MONDAY_9.replace(hour=15, minute=30)
    assert case.missed_due == MONDAY_9 + dt.timedelta(hours=2)  # the one it missed
    assert sweep_at(MONDAY_9.replace(hour=15)) == 0  # the new deadline has not passed

    assert sweep_at(MONDAY_9.replace(hour=16)) == 1
    case.refresh_from_db()
    # At the subdistrict: 1.5 hours left on Monday, the other half hour on Tuesday.
    tuesday = MONDAY_9 + dt.timedelta(days=1)
    assert (case.level, case.due_at) == (Level.SUBDISTRICT, tuesday)

    assert sweep_at(tuesday.replace(hour=10)) == 1
    case.refresh_from_db()
    assert (case.level, case.due_at) == (Level.DISTRICT, tuesday.replace(hour=12))
    assert case.missed_due == tuesday  # the latest one missed
    # Overdue at the district: nowhere higher to go, and it is flagged already.
    assert sweep_at(tuesday.replace(hour=13)) == 0
    assert sweep_at(tuesday + dt.timedelta(days=7)) == 0
    case.refresh_from_db()
    assert case.level == Level.DISTRICT and case.overdue and case.status == Status.REPORTED
    steps = [
        (t.action, t.from_level, t.to_level)
        for t in case.transitions.filter(action="overdue").order_by("at")
    ]
    assert steps == [("overdue", 0, 1), ("overdue", 1, 2), ("overdue", 2, 3)]
    assert Notification.objects.filter(
        user=world.users["subdistrict_staff"], url="/cases/desk/?overdue=1"
    ).exists()


def test_it_restarts_the_handling_clock_of_a_dispatched_case_at_the_new_level(
    world: Any,
) -> None:
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    with time_machine.travel(MONDAY_9, tick=False):
        case = report(world, code="B0102")  # community level; handle within 4 working hours
        A.do_accept_case(case, actor=staff)
        A.do_dispatch_case(case, to=worker, actor=staff)
    case.refresh_from_db()
    assert case.due_at == case.handle_due == MONDAY_9.replace(hour=14, minute=30)
    with time_machine.travel(MONDAY_9.replace(hour=15), tick=False):
        assert sweep_deadlines() == 1
    case.refresh_from_db()
    assert (case.level, case.status, case.overdue) == (Level.SUBDISTRICT, Status.DISPATCHED, True)
    # 4 working hours from 15:00: 2.5 on Monday, 1.5 on Tuesday morning.
    tuesday_10 = (MONDAY_9 + dt.timedelta(days=1)).replace(hour=10)
    assert case.due_at == case.handle_due == tuesday_10


def test_it_flags_a_case_overdue_at_the_district_once(world: Any) -> None:
    with time_machine.travel(MONDAY_9, tick=False):
        case = report(world, code="S0402")  # gas leak: district, accept within 1 hour
    assert case.level == Level.DISTRICT
    with time_machine.travel(MONDAY_9 + dt.timedelta(hours=2), tick=False):
        assert sweep_deadlines() == 1
        assert sweep_deadlines() == 0
    case.refresh_from_db()
    assert case.level == Level.DISTRICT and case.overdue
    assert case.transitions.filter(action="overdue").count() == 1


def test_it_shows_the_deadline_an_overdue_case_missed_beside_its_new_one(world, login) -> None:
    with time_machine.travel(MONDAY_9, tick=False):
        case = report(world)
    with time_machine.travel(MONDAY_9.replace(hour=12), tick=False):
        assert sweep_deadlines() == 1
        staff = login(world.users["community_staff"])
        desk = staff.get("/cases/desk/?overdue=1").content.decode()
        page = staff.get(f"/cases/{case.pk}/").content.decode()
        api = staff.get(f"/api/v1/cases/{case.pk}").json()
    # 11:00 missed at the grid; 15:30 at the community (Asia/Shanghai, as the pages show).
    assert "已超 11-23 11:00" in desk and "11-23 15:30" in desk
    assert "错过的期限" in page and "2026-11-23 11:00" in page and "2026-11-23 15:30" in page
    assert api["missed_due"] == "2026-11-23T03:00:00Z" and api["overdue"] is True
