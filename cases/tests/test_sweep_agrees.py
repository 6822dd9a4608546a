"""The deadline sweep's rule is stated once (cases.workflow) and applied two ways: in bulk
SQL (`sweep_deadlines`) and to one case through the workflow core (`escalate_overdue`). Both
must leave every case the same."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import time_machine
from django.db import transaction

from cases import actions as A
from cases.models import Case, CaseRequest
from cases.sweep import escalate_overdue, sweep_deadlines
from cases.tests.helpers import report
from cases.workflow import SWEPT, Level, Status
from core.models import Notification
from core.timeutil import SHANGHAI

MONDAY_9 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)
LATER = MONDAY_9 + dt.timedelta(days=3)


def _scenario(world: Any) -> list[Case]:
    """Cases in every position the rule tells apart: waiting for acceptance, running with a
    pending request, at the top level (flagged only), at the top already flagged, suspended,
    handled, and not yet due."""
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    with time_machine.travel(MONDAY_9, tick=False):
        waiting = report(world)
        running = report(world)
        A.do_accept_case(running, actor=staff)
        A.do_dispatch_case(running, to=worker, actor=staff)
        A.do_request_extension(running, days=2, reason="等配件", actor=worker)
        top = report(world)
        flagged = report(world)
        suspended = report(world)
        A.do_accept_case(suspended, actor=staff)
        A.do_dispatch_case(suspended, to=worker, actor=staff)
        handled = report(world)
        A.do_accept_case(handled, actor=staff)
        A.do_dispatch_case(handled, to=worker, actor=staff)
        A.do_handle_case(handled, actor=worker, note="修好了")
    Case.objects.filter(pk__in=[top.pk, flagged.pk]).update(level=Level.DISTRICT)
    Case.objects.filter(pk=flagged.pk).update(overdue=True)
    Case.objects.filter(pk=suspended.pk).update(status=Status.SUSPENDED)
    with time_machine.travel(LATER, tick=False):
        fresh = report(world)
    return [waiting, running, top, flagged, suspended, handled, fresh]


def _state(cases: list[Case], world: Any) -> list[Any]:
    out: list[Any] = []
    for case in cases:
        c = Case.objects.get(pk=case.pk)
        history = [
            (t.action, t.from_status, t.to_status, t.from_level, t.to_level, t.at, t.note)
            for t in c.transitions.order_by("at", "id")
        ]
        requests = list(c.requests.values_list("status", "approver_level"))
        out.append(
            (
                c.status,
                c.level,
                c.overdue,
                c.due_at,
                c.missed_due,
                c.accept_due,
                c.handle_due,
                c.handler_id,
                history,
                requests,
            )
        )
    told = Notification.objects.filter(url="/cases/desk/?overdue=1")
    out.append(sorted(set(told.values_list("user_id", flat=True))))
    return out


def _outcome(world: Any, apply: Callable[[list[Case]], None]) -> list[Any]:
    """The state after `apply` on a fresh scenario; everything is rolled back after."""
    sid = transaction.savepoint()
    cases = _scenario(world)
    with time_machine.travel(LATER + dt.timedelta(hours=1), tick=False):
        apply(cases)
    state = _state(cases, world)
    transaction.savepoint_rollback(sid)
    return state


def test_it_escalates_the_same_way_in_bulk_and_one_case_at_a_time(world: Any) -> None:
    def bulk(cases: list[Case]) -> None:
        assert sweep_deadlines() == 3  # waiting, running, top

    def one_by_one(cases: list[Case]) -> None:
        for case in cases:
            escalate_overdue(case)

    swept = _outcome(world, bulk)
    assert swept == _outcome(world, one_by_one)
    waiting, running, top, flagged, suspended, handled, fresh = swept[:7]
    assert (waiting[1], waiting[2]) == (Level.COMMUNITY, True)
    assert waiting[4] is not None and waiting[4] < waiting[3]  # the deadline it missed
    assert running[9] == [("pending", Level.SUBDISTRICT)]  # the request follows the case up
    assert (top[1], top[2]) == (Level.DISTRICT, True)
    assert [s[8][-1][0] for s in (waiting, running, top)] == ["overdue"] * 3
    for untouched in (flagged, suspended, handled, fresh):
        assert untouched[8][-1][0] != "overdue"
    assert swept[7]  # the desk above was told


def test_it_reads_the_partial_index_condition_from_the_rule() -> None:
    index = next(i for i in Case._meta.indexes if i.name == "case_sweep_idx")
    assert index.condition == SWEPT
    assert CaseRequest._meta.get_field("status").choices
